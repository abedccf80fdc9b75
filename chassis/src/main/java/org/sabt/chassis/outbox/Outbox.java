package org.sabt.chassis.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sabt.chassis.context.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an event to the outbox table in the caller's transaction. The {@link OutboxRelay} publishes
 * it after the commit, so a committed change always yields its event and a rollback never does.
 */
@ApplicationScoped
public class Outbox {

    /** Channel the relay listens on; NOTIFY is delivered at commit and only then. */
    static final String CHANNEL = "sabt_outbox";

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;
    private final String source;

    Outbox(EntityManager em, ObjectMapper json, Clock clock,
           @ConfigProperty(name = "quarkus.application.name") String application) {
        this.em = em;
        this.json = json;
        this.clock = clock;
        this.source = "/sabt/" + application;
    }

    /** An event to publish: type like {@code sabt.act.registered}, key = the aggregate id. */
    public record Event(String topic, String type, String aggregateId, String subject, Object data) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(Event event) {
        UUID id = UUID.randomUUID();
        Map<String, String> headers = new LinkedHashMap<>(RequestContext.xRoad());
        String requestId = RequestContext.requestId();
        if (requestId != null) {
            headers.put("ce_requestid", requestId);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Neither statement reads what the session holds, so neither makes Hibernate flush it first (a native query
        // does by default: a dirty check of every entity the transaction loaded, twice per event). The changes are
        // flushed by the next query that needs them or at commit, in the same transaction as the event.
        em.createNativeQuery("""
                        INSERT INTO outbox (id, topic, event_type, source, aggregate_id, subject, occurred_at, payload, headers)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS jsonb), CAST(?9 AS jsonb))""")
                .setParameter(1, id).setParameter(2, event.topic()).setParameter(3, event.type())
                .setParameter(4, source).setParameter(5, event.aggregateId()).setParameter(6, event.subject())
                .setParameter(7, now.atOffset(java.time.ZoneOffset.UTC)).setParameter(8, write(event.data()))
                .setParameter(9, write(headers))
                .setFlushMode(FlushModeType.COMMIT)
                .executeUpdate();
        em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', '')").setFlushMode(FlushModeType.COMMIT).getSingleResult();
        return id;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
