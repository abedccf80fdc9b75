package org.sabt.registry.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.act.ActVersions.Change;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes the versions of acts: the first, each amendment (with its sabt.act.amended event), the annulment,
 * and the reverting of the amendments an annulled act had caused. An act is never overwritten: its row holds
 * the current version, act_version every version.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ActHistory {

    private final ActVersions versions;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    ActHistory(ActVersions versions, Outbox outbox, ObjectMapper json, Clock clock) {
        this.versions = versions;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Version 1 of a newly registered (or restored) act, and its sabt.act.registered event. */
    public ActView first(Act act, ActRegistration details, String reason) {
        versions.append(new ActVersions.Stored(act.id, 1, act.restored ? Change.RESTORED : Change.REGISTERED, act.status,
                act.payload, reason, null, act.registeredBy, act.registeredAt, null, false));
        ActView view = view(act, details);
        outbox.publish(ActEvents.registered(view));
        return view;
    }

    /**
     * A new version with new details, and its sabt.act.amended event. {@code causedBy} names the act whose
     * consequence this is; {@code sealPrevious} seals every earlier version (adoption).
     */
    public ActView amend(Act act, ActRegistration details, Caller caller, String reason, BasisDocument basis, UUID causedBy,
                         boolean sealPrevious) {
        return newVersion(act, details, Change.AMENDED, caller, reason, basis, causedBy, sealPrevious);
    }

    /** Status ANNULLED as a new version (same details), and its sabt.act.annulled event. */
    public ActView annul(Act act, Caller caller, String reason, BasisDocument basis) {
        act.status = ActStatus.ANNULLED;
        act.version++;
        versions.append(new ActVersions.Stored(act.id, act.version, Change.ANNULLED, act.status, act.payload, reason,
                write(basis), caller.username(), now(), null, false));
        ActView view = view(act);
        outbox.publish(ActEvents.annulled(view, reason, basis));
        return view;
    }

    /**
     * Undoes the amendments an act caused in other acts, each by a new version with the details before it.
     * Refused (409) when such an act has been amended since: the later change would be lost.
     */
    public List<Act> revertConsequencesOf(Act cause, Caller caller, String reason, BasisDocument basis) {
        Map<UUID, List<ActVersions.Stored>> byAct = versions.causedBy(cause.id).stream()
                .collect(Collectors.groupingBy(ActVersions.Stored::actId));
        List<Act> reverted = new java.util.ArrayList<>();
        for (UUID id : byAct.keySet()) {
            Act target = Act.lockById(id).orElseThrow();
            List<ActVersions.Stored> history = versions.of(id);
            ActVersions.Stored current = history.get(history.size() - 1);
            if (!cause.id.equals(current.causedByAct())) {
                throw ProblemException.conflict("ANNULMENT_BLOCKED_BY_LATER_AMENDMENT", target.registrationNumber);
            }
            int firstCaused = byAct.get(id).stream().mapToInt(ActVersions.Stored::version).min().orElseThrow();
            ActRegistration before = read(history.get(firstCaused - 2).payload());
            newVersion(target, before, Change.REVERTED, caller, reason, basis, cause.id, false);
            reverted.add(target);
        }
        return reverted;
    }

    private ActView newVersion(Act act, ActRegistration details, Change change, Caller caller, String reason,
                               BasisDocument basis, UUID causedBy, boolean sealPrevious) {
        act.version++;
        act.payload = write(details);
        act.eventDate = details.eventDate();
        act.basisDocument = details.uniqueBasisDocument();
        versions.append(new ActVersions.Stored(act.id, act.version, change, act.status, act.payload, reason, write(basis),
                caller.username(), now(), causedBy, false));
        if (sealPrevious) {
            versions.sealBefore(act.id, act.version);
        }
        ActView view = view(act, details);
        outbox.publish(ActEvents.amended(view, reason, basis, causedBy, sealPrevious));
        return view;
    }

    public ActView view(Act act) {
        return view(act, read(act.payload));
    }

    private static ActView view(Act act, ActRegistration details) {
        return new ActView(act.id, act.type, act.registrationNumber, act.office, act.registrationDate, act.status,
                act.version, act.restored, act.registeredBy, act.registeredAt, details);
    }

    public ActVersionView view(ActVersions.Stored v) {
        try {
            return new ActVersionView(v.version(), v.change(), v.status(), v.reason(),
                    v.basisDocument() == null ? null : json.readValue(v.basisDocument(), BasisDocument.class),
                    v.changedBy(), v.changedAt(), v.causedByAct(), v.sealed(), read(v.payload()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored version " + v.version() + " of act " + v.actId() + " cannot be read", e);
        }
    }

    public List<ActVersions.Stored> versionsOf(UUID actId) {
        return versions.of(actId);
    }

    public ActRegistration read(String payload) {
        try {
            return json.readValue(payload, ActRegistration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored act cannot be read", e);
        }
    }

    public String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return value instanceof ActRegistration r ? json.writerFor(ActRegistration.class).writeValueAsString(r)
                    : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
