package org.sabt.registry.act;

import org.sabt.chassis.outbox.Outbox;

/** The events of the acts topic; payloads carry the whole act version (event-carried state). */
public final class ActEvents {

    public static final String TOPIC = "sabt.registry.acts";
    public static final String REGISTERED = "sabt.act.registered";

    /** Payload of sabt.act.registered, schema version 1 (docs/events/act-registered.schema.json). */
    public record ActRegistered(int version, ActView act) {
    }

    static Outbox.Event registered(ActView act) {
        return new Outbox.Event(TOPIC, REGISTERED, act.id().toString(), act.registrationNumber(), new ActRegistered(1, act));
    }

    private ActEvents() {
    }
}
