package org.sabt.registry.act;

import org.sabt.chassis.outbox.Outbox;

import java.util.UUID;

/**
 * The events of the acts topic. Payloads carry the whole act version (event-carried state); the schemas are
 * in docs/events/ and the tests validate the real events against them.
 */
public final class ActEvents {

    public static final String TOPIC = "sabt.registry.acts";
    public static final String REGISTERED = "sabt.act.registered";
    public static final String AMENDED = "sabt.act.amended";
    public static final String ANNULLED = "sabt.act.annulled";

    /** sabt.act.registered, schema version 1. */
    public record ActRegistered(int version, ActView act) {
    }

    /**
     * sabt.act.amended, schema version 1: the new version, why, the act that caused it, if any, and whether it sealed
     * every earlier version (an adoption: no certificate of them may be issued again).
     */
    public record ActAmended(int version, ActView act, int previousVersion, String reason, BasisDocument basisDocument,
                             UUID causedByAct, boolean sealsPreviousVersions) {
    }

    /** sabt.act.annulled, schema version 1. */
    public record ActAnnulled(int version, ActView act, String reason, BasisDocument basisDocument) {
    }

    static Outbox.Event registered(ActView act) {
        return new Outbox.Event(TOPIC, REGISTERED, act.id().toString(), act.registrationNumber(), new ActRegistered(1, act));
    }

    static Outbox.Event amended(ActView act, String reason, BasisDocument basis, UUID causedBy, boolean sealsPrevious) {
        return new Outbox.Event(TOPIC, AMENDED, act.id().toString(), act.registrationNumber(),
                new ActAmended(1, act, act.version() - 1, reason, basis, causedBy, sealsPrevious));
    }

    static Outbox.Event annulled(ActView act, String reason, BasisDocument basis) {
        return new Outbox.Event(TOPIC, ANNULLED, act.id().toString(), act.registrationNumber(),
                new ActAnnulled(1, act, reason, basis));
    }

    private ActEvents() {
    }
}
