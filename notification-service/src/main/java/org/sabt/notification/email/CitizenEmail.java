package org.sabt.notification.email;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The templates of a citizen's e-mail ({@code templates/CitizenEmail/}), checked against {@link Notice} at build time. */
@CheckedTemplate(basePath = "CitizenEmail")
public final class CitizenEmail {

    /** What a message tells: an application's new status, with what the citizen needs to know about it. */
    public record Notice(String service, String status, String reason, String registrationNumber, String deadline,
                         int daysLeft, String link) {
    }

    public static native TemplateInstance subject(Notice n);

    public static native TemplateInstance text(Notice n);

    public static native TemplateInstance page(Notice n);

    private CitizenEmail() {
    }
}
