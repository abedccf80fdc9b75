package org.sabt.application.ceremony;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A ceremony slot held, then booked, for a marriage application; ended when lapsed, rescheduled or cancelled. */
@Entity
@Table(name = "ceremony_booking")
public class CeremonyBooking extends PanacheEntityBase {

    public enum Status { HELD, BOOKED, LAPSED, RESCHEDULED, CANCELLED }

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    public String office;
    public String hall;
    @Column(name = "starts_at")
    public Instant startsAt;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;
    @Column(name = "held_by")
    public String heldBy;
    @Column(name = "held_until")
    public Instant heldUntil;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "partner_national_id")
    public String partnerNationalId;
    @Column(name = "partner_confirmed_at")
    public Instant partnerConfirmedAt;
    @Column(name = "partner_phone")
    public String partnerPhone;
    @Column(name = "partner_email")
    public String partnerEmail;
    @Column(name = "partner_language")
    public String partnerLanguage;
    @Column(name = "booked_at")
    public Instant bookedAt;
    @Column(name = "ended_at")
    public Instant endedAt;

    /** The application's current hold or booking. */
    static Optional<CeremonyBooking> activeOf(UUID application) {
        return find("applicationId = ?1 and status in ?2", application, java.util.List.of(Status.HELD, Status.BOOKED))
                .firstResultOptional();
    }
}
