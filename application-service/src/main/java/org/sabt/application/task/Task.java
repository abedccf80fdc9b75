package org.sabt.application.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One inter-agency check of an application's review round, and who or what decided it. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {

    @Schema(name = "TaskStatus")
    public enum Status { OPEN, PASSED, FAILED }

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "review_round")
    public int reviewRound;
    public String code;
    @Column(name = "answered_by")
    public String answeredBy;
    public String office;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String detail;
    public String reference;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    public static List<Task> ofRound(UUID applicationId, int round) {
        return list("applicationId = ?1 and reviewRound = ?2 order by createdAt, code", applicationId, round);
    }
}
