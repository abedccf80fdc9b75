package org.sabt.registry.duplicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A registration held as a potential duplicate, the candidates it matched, and the back office's decision. */
@Entity
@Table(name = "duplicate_review")
public class DuplicateReview extends PanacheEntityBase {

    @Schema(name = "DuplicateReviewStatus")
    public enum Status { PENDING, NOT_DUPLICATE, DUPLICATE }

    @Id
    public UUID id;
    public String fingerprint;
    public String office;
    @Column(name = "act_type")
    public String actType;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode registration;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode candidates;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String reason;
    @Column(name = "duplicate_of")
    public String duplicateOf;

    /** The review of this registration still waiting for a decision. */
    static Optional<DuplicateReview> pending(String fingerprint) {
        return find("fingerprint = ?1 and status = ?2", fingerprint, Status.PENDING).firstResultOptional();
    }

    /** The latest decision about this registration, if any. */
    static Optional<DuplicateReview> decided(String fingerprint) {
        return find("fingerprint = ?1 and status <> ?2 order by decidedAt desc", fingerprint, Status.PENDING)
                .firstResultOptional();
    }
}
