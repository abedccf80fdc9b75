package org.sabt.application.lifecycle;

import org.sabt.application.catalogue.ServiceCode;
import org.sabt.chassis.outbox.Outbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Events of the applications topic (schemas in docs/events; key: the application id; subject: the applicant's national
 * id, as the notification log is searched by it). Each carries what the notification service needs to
 * tell the applicant without asking back: the applicant's contact details and language.
 */
public final class ApplicationEvents {

    public static final String TOPIC = "sabt.applications";
    public static final String SUBMITTED = "sabt.application.submitted";
    public static final String STATUS_CHANGED = "sabt.application.status-changed";
    public static final String OVERDUE = "sabt.application.overdue";

    /** How to reach the applicant, and in which language (tg, ru, en). */
    public record Contact(String phone, String email, String language) {
    }

    /** sabt.application.submitted, schema version 1. */
    public record Submitted(int version, UUID applicationId, ServiceCode service, String office, ApplicationStatus status,
                            String applicantNationalId, Contact contact, boolean walkIn, String submittedBy,
                            Instant submittedAt) {
    }

    /** sabt.application.status-changed, schema version 1: one transition of the table. */
    public record StatusChanged(int version, UUID applicationId, ServiceCode service, String office,
                                ApplicationStatus previousStatus, ApplicationStatus status, Action action, String reason,
                                String changedBy, Instant changedAt, String applicantNationalId, Contact contact,
                                LocalDate deadline, UUID actId, String registrationNumber, UUID certificateId,
                                Integer actVersion) {
    }

    /** sabt.application.overdue, schema version 1: published once, when the deadline has passed. */
    public record Overdue(int version, UUID applicationId, ServiceCode service, String office, ApplicationStatus status,
                          LocalDate deadline, String assignedTo, String applicantNationalId, Contact contact) {
    }

    public static Contact contact(Application a) {
        return new Contact(a.contactPhone, a.contactEmail, a.contactLanguage);
    }

    static Outbox.Event submitted(Application a) {
        return new Outbox.Event(TOPIC, SUBMITTED, a.id.toString(), a.applicantNationalId, new Submitted(1, a.id, a.service,
                a.office, a.status, a.applicantNationalId, contact(a), a.walkIn, a.submittedBy, a.submittedAt));
    }

    static Outbox.Event statusChanged(Application a, ApplicationStatus previous, Action action, String reason,
                                      String changedBy, Instant at) {
        return new Outbox.Event(TOPIC, STATUS_CHANGED, a.id.toString(), a.applicantNationalId, new StatusChanged(1, a.id,
                a.service, a.office, previous, a.status, action, reason, changedBy, at, a.applicantNationalId, contact(a),
                a.deadline, a.actId, a.registrationNumber, a.certificateId, a.actVersion));
    }

    static Outbox.Event overdue(Application a) {
        return new Outbox.Event(TOPIC, OVERDUE, a.id.toString(), a.applicantNationalId, new Overdue(1, a.id, a.service, a.office,
                a.status, a.deadline, a.assignedTo, a.applicantNationalId, contact(a)));
    }

    private ApplicationEvents() {
    }
}
