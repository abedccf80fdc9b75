package org.sabt.application.application;

import org.sabt.chassis.outbox.Outbox;

/** Events of the applications topic. */
public final class ApplicationEvents {

    public static final String TOPIC = "sabt.applications";
    public static final String SUBMITTED = "sabt.application.submitted";

    /** Payload of sabt.application.submitted, schema version 1. */
    public record Submitted(int version, ApplicationView application) {
    }

    static Outbox.Event submitted(ApplicationView a) {
        return new Outbox.Event(TOPIC, SUBMITTED, a.id().toString(), a.applicantNationalId(), new Submitted(1, a));
    }

    private ApplicationEvents() {
    }
}
