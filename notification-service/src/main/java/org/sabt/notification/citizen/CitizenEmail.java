package org.sabt.notification.citizen;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The templates of a citizen's e-mail, and of an office's ({@code templates/CitizenEmail/}), checked against their
 * records at build time.
 */
@CheckedTemplate(basePath = "CitizenEmail")
public final class CitizenEmail {

    /** What a message tells: an application's new status, with what the citizen needs to know about it. */
    public record Notice(String service, String status, String reason, String registrationNumber, String deadline,
                         int daysLeft, String link) {
    }

    /** A reminder of a booked ceremony: its date and time as the language writes them, and where. */
    public record Reminder(String date, String time, String place) {
    }

    /** An application past its deadline, told to its office's back office. */
    public record Overdue(String service, String applicationId, String status, String deadline, String assignedTo) {
    }

    /** A webhook endpoint disabled, told to its agency's admin. */
    public record Disabled(String url, String reason, String subscriptionId) {
    }

    /** A hand-off done: the agency (named in the applicant's language), the service, and the agency's reference. */
    public record Handoff(String agency, String service, String reference, String link) {
    }

    public static native TemplateInstance handoffSubject(Handoff h);

    public static native TemplateInstance handoffText(Handoff h);

    public static native TemplateInstance handoffPage(Handoff h);

    public static native TemplateInstance subject(Notice n);

    public static native TemplateInstance text(Notice n);

    public static native TemplateInstance page(Notice n);

    public static native TemplateInstance reminderSubject(Reminder r);

    public static native TemplateInstance reminderText(Reminder r);

    public static native TemplateInstance reminderPage(Reminder r);

    public static native TemplateInstance overdueSubject(Overdue o);

    public static native TemplateInstance overdueText(Overdue o);

    public static native TemplateInstance disabledSubject(Disabled d);

    public static native TemplateInstance disabledText(Disabled d);

    private CitizenEmail() {
    }
}
