package org.sabt.application.application;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.sabt.chassis.paging.Page;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A citizen's application for one service of the one window. */
@Entity
@Table(name = "application")
public class Application extends PanacheEntityBase {

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public ServiceType service;
    @Enumerated(EnumType.STRING)
    public ApplicationStatus status;
    @Column(name = "applicant_national_id")
    public String applicantNationalId;
    public String office;
    @Column(name = "submitted_by")
    public String submittedBy;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;
    public int version;

    /** The applicant's own applications, newest first, after the cursor. */
    public static List<Application> listOfApplicant(String nationalId, Page.Cursor after, int limit) {
        return after == null
                ? find("applicantNationalId = ?1 order by submittedAt desc, id desc", nationalId).page(0, limit + 1).list()
                : find("applicantNationalId = ?1 and (submittedAt < ?2 or (submittedAt = ?2 and id < ?3)) "
                        + "order by submittedAt desc, id desc", nationalId, after.at(), after.id()).page(0, limit + 1).list();
    }

    /** An office's applications (all offices for null), newest first, after the cursor. */
    public static List<Application> listOfOffice(String office, Page.Cursor after, int limit) {
        String officeClause = office == null ? "?1 is null" : "office = ?1";
        return after == null
                ? find(officeClause + " order by submittedAt desc, id desc", office).page(0, limit + 1).list()
                : find(officeClause + " and (submittedAt < ?2 or (submittedAt = ?2 and id < ?3)) order by submittedAt desc, id desc",
                office, after.at(), after.id()).page(0, limit + 1).list();
    }
}
