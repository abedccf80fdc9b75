package org.sabt.application.health;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A birth, stillbirth or death as the health ministry notified it. */
@Entity
@Table(name = "medical_notice")
public class MedicalNotice extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "notice_id")
    public String noticeId;
    public String kind;
    @Column(name = "medical_certificate_number")
    public String medicalCertificateNumber;
    @Column(name = "facility_code")
    public String facilityCode;
    @Column(name = "facility_name")
    public String facilityName;
    public String office;
    @Column(name = "event_date")
    public LocalDate eventDate;
    @Column(name = "subject_national_id")
    public String subjectNationalId;
    @Column(name = "subject_surname")
    public String subjectSurname;
    @Column(name = "subject_given_name")
    public String subjectGivenName;
    @Column(name = "subject_patronymic")
    public String subjectPatronymic;
    @Column(name = "child_sex")
    public String childSex;
    @Column(name = "weight_grams")
    public Integer weightGrams;
    @Column(name = "cause_of_death_code")
    public String causeOfDeathCode;
    public String format;
    @Column(name = "received_by")
    public String receivedBy;
    @Column(name = "received_at")
    public Instant receivedAt;
    public int corrections;
    @Column(name = "corrected_at")
    public Instant correctedAt;
    /** Whether the registry knew the mother or the deceased by national id (null: it did not answer). */
    @Column(name = "subject_known")
    public Boolean subjectKnown;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "matched_at")
    public Instant matchedAt;
    /** The act registered for it (by any way), once the registry published one citing its certificate. */
    @Column(name = "act_id")
    public UUID actId;
    @Column(name = "registration_number")
    public String registrationNumber;
    /** The application Sabt proposed to the mother from this live-birth notice. */
    @Column(name = "proposal_id")
    public UUID proposalId;
}
