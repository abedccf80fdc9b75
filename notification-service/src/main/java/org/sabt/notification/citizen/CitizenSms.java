package org.sabt.notification.citizen;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The templates of a citizen's SMS ({@code templates/CitizenSms/}): one line each, short, no links but the certificate's. */
@CheckedTemplate(basePath = "CitizenSms")
public final class CitizenSms {

    public static native TemplateInstance notice(CitizenEmail.Notice n);

    public static native TemplateInstance reminder(CitizenEmail.Reminder r);

    public static native TemplateInstance handoff(CitizenEmail.Handoff h);

    private CitizenSms() {
    }
}
