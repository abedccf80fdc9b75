package org.sabt.document.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;

/**
 * Keeps a snapshot of every registered act, so certificates can be issued without calling the
 * registry. Idempotent: a redelivered event changes nothing, and an older version never overwrites
 * a newer one.
 */
@ApplicationScoped
public class ActSnapshots {

    private static final Logger LOG = Logger.getLogger(ActSnapshots.class);
    static final String CONSUMER = "document-service.act-snapshots";

    private final Inbox inbox;
    private final EntityManager em;
    private final ObjectMapper json;

    ActSnapshots(Inbox inbox, EntityManager em, ObjectMapper json) {
        this.inbox = inbox;
        this.em = em;
        this.json = json;
    }

    @Incoming("acts")
    @Blocking
    public void onActEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::apply);
    }

    void apply(CloudEvent event) {
        if (!"sabt.act.registered".equals(event.type())) {
            return; // amendments and annulments are projected with the certificates issue
        }
        JsonNode act = read(event.data()).path("act");
        em.createNativeQuery("""
                        INSERT INTO act_snapshot (act_id, version, type, registration_number, office, status, act)
                        VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb))
                        ON CONFLICT (act_id) DO UPDATE SET version = EXCLUDED.version, type = EXCLUDED.type,
                            registration_number = EXCLUDED.registration_number, office = EXCLUDED.office,
                            status = EXCLUDED.status, act = EXCLUDED.act, updated_at = now()
                        WHERE act_snapshot.version < EXCLUDED.version""")
                .setParameter(1, act.path("id").asText()).setParameter(2, act.path("version").asInt())
                .setParameter(3, act.path("type").asText()).setParameter(4, act.path("registrationNumber").asText())
                .setParameter(5, act.path("office").asText()).setParameter(6, act.path("status").asText())
                .setParameter(7, act.toString()).executeUpdate();
        LOG.debugf("act snapshot %s v%d", act.path("registrationNumber").asText(), act.path("version").asInt());
    }

    private JsonNode read(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }
}
