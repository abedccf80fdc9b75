package org.sabt.application.handoff;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.ServiceCode;

import java.time.Instant;
import java.util.UUID;

/** A registered act handed to one agency, and where the agency stands with it. */
@Entity
@Table(name = "handoff")
public class Handoff extends PanacheEntityBase {

    @Schema(name = "HandoffStatus")
    public enum Status { SENT, ACKNOWLEDGED, DONE, FAILED }

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    public String agency;
    @Enumerated(EnumType.STRING)
    public ServiceCode service;
    public String office;
    @Column(name = "act_id")
    public UUID actId;
    @Column(name = "registration_number")
    public String registrationNumber;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** DONE: the agency's reference (e.g. the personal number it assigned). */
    public String reference;
    /** FAILED: the agency's reason. */
    public String reason;
    public int failures;
    @Column(name = "answered_by")
    public String answeredBy;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "done_at")
    public Instant doneAt;
    @Column(name = "failed_at")
    public Instant failedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
