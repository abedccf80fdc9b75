package org.sabt.application.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.chassis.paging.Page;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A citizen's application for one service of the one window, from the counter to its result. */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    /** Where the registration an approval asked for stands. */
    public enum RegistrationState { PENDING, DONE }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public ServiceCode service;
    @Enumerated(EnumType.STRING)
    public ApplicationStatus status;
    public String office;
    public int version;

    // the applicant, and whom the application may be shown to
    @Column(name = "applicant_national_id")
    public String applicantNationalId;
    @Column(name = "applicant_name")
    public String applicantName;
    @Column(name = "contact_phone")
    public String contactPhone;
    @Column(name = "contact_email")
    public String contactEmail;
    @Column(name = "contact_language")
    public String contactLanguage;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "party_national_ids")
    public String[] partyNationalIds;
    @Column(name = "walk_in")
    public boolean walkIn;

    // the one set of documents
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode form;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "documents_seen")
    public List<String> documentsSeen;
    @Column(name = "submitted_by")
    public String submittedBy;
    @Column(name = "submitted_at")
    public Instant submittedAt;

    // the deadline, in working days from acceptance, stopped while returned
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    public LocalDate deadline;
    @Column(name = "paused_working_days")
    public int pausedWorkingDays;
    @Column(name = "returned_on")
    public LocalDate returnedOn;
    @Column(name = "return_reason")
    public String returnReason;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "overdue_announced_at")
    public Instant overdueAnnouncedAt;

    // the back office's claim
    @Column(name = "assigned_to")
    public String assignedTo;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "review_round")
    public int reviewRound;

    // the act in the registry, and the saga that registers it
    @Column(name = "act_id")
    public UUID actId;
    @Column(name = "registration_number")
    public String registrationNumber;
    @Column(name = "act_version")
    public Integer actVersion;
    @Column(name = "fee_paid_reference")
    public String feePaidReference;
    @Column(name = "fee_paid_minor_units")
    public Long feePaidMinorUnits;
    @Column(name = "fee_paid_at")
    public Instant feePaidAt;
    /** A supervisor's decision: the ceremony may be from this day, before the waiting period ends. */
    @Column(name = "waiting_shortened_to")
    public LocalDate waitingShortenedTo;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "waiting_decision")
    public JsonNode waitingDecision;

    /** What Sabt proposed, for an application it proposed from a birth notice (noticeId, presumedFather). */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode proposal;

    /** An applicant category of the catalogue that owes no fee, claimed when applying, and its proof. */
    @Column(name = "fee_exemption")
    public String feeExemption;
    @Column(name = "fee_exemption_document")
    public String feeExemptionDocument;

    /**
     * The fee is settled: paid electronically (a portal recorded the payment) or on paper (the receipt seen at the
     * counter), or not owed by an exempt applicant.
     */
    public boolean feePaid() {
        return feePaidAt != null || feeExemption != null || documentsSeen != null && documentsSeen.contains(FEE_RECEIPT);
    }

    public static final String FEE_RECEIPT = "FEE_RECEIPT";

    @Enumerated(EnumType.STRING)
    @Column(name = "registration_state")
    public RegistrationState registrationState;
    @Column(name = "registration_attempts")
    public int registrationAttempts;
    @Column(name = "next_registration_at")
    public Instant nextRegistrationAt;
    @Column(name = "registration_error")
    public String registrationError;
    @Column(name = "registry_refusal_code")
    public String registryRefusalCode;
    @Column(name = "registry_refusal_detail")
    public String registryRefusalDetail;

    // how it ended
    @Column(name = "rejection_reason")
    public String rejectionReason;
    @Column(name = "rejection_comment")
    public String rejectionComment;
    @Column(name = "certificate_id")
    public UUID certificateId;

    /** Applications the citizen is party to (applicant, parent, spouse), newest first, after the cursor. */
    @SuppressWarnings("unchecked")
    public static List<Application> ofParty(String nationalId, Page.Cursor after, int limit) {
        var q = getEntityManager().createNativeQuery("SELECT * FROM application WHERE party_national_ids @> ARRAY[CAST(?1 AS text)] "
                + (after == null ? "" : "AND (submitted_at, id) < (?2, ?3) ")
                + "ORDER BY submitted_at DESC, id DESC LIMIT " + (limit + 1), Application.class).setParameter(1, nationalId);
        if (after != null) {
            q.setParameter(2, after.at().atOffset(java.time.ZoneOffset.UTC)).setParameter(3, after.id());
        }
        return q.getResultList();
    }

    /** An office's applications (all offices for null), newest first, after the cursor. */
    public static List<Application> ofOffice(String office, Page.Cursor after, int limit) {
        String officeClause = office == null ? "?1 is null" : "office = ?1";
        return after == null
                ? find(officeClause + " order by submittedAt desc, id desc", office).page(0, limit + 1).list()
                : find(officeClause + " and (submittedAt < ?2 or (submittedAt = ?2 and id < ?3)) order by submittedAt desc, id desc",
                office, after.at(), after.id()).page(0, limit + 1).list();
    }

    public static Optional<Application> lockById(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The deadline has passed while it runs (a returned application's clock stands still). */
    public boolean overdueOn(LocalDate today) {
        return status.deadlineRuns() && deadline != null && deadline.isBefore(today);
    }

    /** The claim is held and not lapsed. */
    public boolean claimedAt(Instant now, java.time.Duration lapse) {
        return assignedTo != null && assignedAt != null && assignedAt.plus(lapse).isAfter(now);
    }
}
