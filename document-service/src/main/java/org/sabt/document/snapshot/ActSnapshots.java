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
import org.sabt.document.certificate.Certificates;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps a snapshot of every act the registry publishes, so certificates are issued without calling the registry, and
 * revokes the certificates an amendment supersedes or an annulment voids. Idempotent: a redelivered event changes
 * nothing, and an older version never overwrites a newer one.
 */
@ApplicationScoped
public class ActSnapshots {

    private static final Logger LOG = Logger.getLogger(ActSnapshots.class);
    static final String CONSUMER = "document-service.act-snapshots";

    private final Inbox inbox;
    private final EntityManager em;
    private final ObjectMapper json;
    private final Certificates certificates;

    ActSnapshots(Inbox inbox, EntityManager em, ObjectMapper json, Certificates certificates) {
        this.inbox = inbox;
        this.em = em;
        this.json = json;
        this.certificates = certificates;
    }

    @Incoming("acts")
    @Blocking
    public void onActEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::apply);
    }

    void apply(CloudEvent event) {
        JsonNode data = read(event.data());
        JsonNode act = data.path("act");
        switch (event.type()) {
            case "sabt.act.registered" -> project(act, false);
            case "sabt.act.amended" -> {
                project(act, data.path("sealsPreviousVersions").asBoolean(false));
                int revoked = certificates.revokeOfAct(java.util.UUID.fromString(act.path("id").asText()),
                        act.path("version").asInt(), "SUPERSEDED");
                LOG.debugf("%s amended to v%d: %d certificate(s) superseded", act.path("registrationNumber").asText(),
                        act.path("version").asInt(), revoked);
            }
            case "sabt.act.annulled" -> {
                project(act, false);
                certificates.revokeOfAct(java.util.UUID.fromString(act.path("id").asText()), Integer.MAX_VALUE, "ANNULLED");
            }
            default -> LOG.debugf("event %s of type %s is not ours", event.id(), event.type());
        }
    }

    private void project(JsonNode act, boolean sealsPrevious) {
        String id = act.path("id").asText();
        int version = act.path("version").asInt();
        em.createNativeQuery("""
                        INSERT INTO act_snapshot (act_id, version, type, registration_number, office, status, act,
                                                  registration_date, registered_by, national_ids)
                        VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), CAST(?8 AS date), ?9, CAST(?10 AS text[]))
                        ON CONFLICT (act_id) DO UPDATE SET version = EXCLUDED.version, type = EXCLUDED.type,
                            registration_number = EXCLUDED.registration_number, office = EXCLUDED.office,
                            status = EXCLUDED.status, act = EXCLUDED.act, registration_date = EXCLUDED.registration_date,
                            registered_by = EXCLUDED.registered_by,
                            national_ids = ARRAY(SELECT DISTINCT unnest(act_snapshot.national_ids || EXCLUDED.national_ids)),
                            updated_at = now()
                        WHERE act_snapshot.version < EXCLUDED.version""")
                .setParameter(1, id).setParameter(2, version)
                .setParameter(3, act.path("type").asText()).setParameter(4, act.path("registrationNumber").asText())
                .setParameter(5, act.path("office").asText()).setParameter(6, act.path("status").asText())
                .setParameter(7, act.toString()).setParameter(8, act.path("registrationDate").asText(null))
                .setParameter(9, act.path("registeredBy").asText(null))
                .setParameter(10, "{" + String.join(",", nationalIds(act.path("details"))) + "}").executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO act_snapshot_version (act_id, version, status) VALUES (CAST(?1 AS uuid), ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, id).setParameter(2, version).setParameter(3, act.path("status").asText()).executeUpdate();
        if (sealsPrevious) {
            em.createNativeQuery("UPDATE act_snapshot_version SET sealed = true WHERE act_id = CAST(?1 AS uuid) AND version < ?2")
                    .setParameter(1, id).setParameter(2, version).executeUpdate();
        }
        LOG.debugf("act snapshot %s v%d", act.path("registrationNumber").asText(), version);
    }

    /**
     * Everyone the act names with a national id (the persons of its details, parents included): a citizen lists the
     * certificates of acts they are a subject of or a parent in. Earlier versions' persons stay (a corrected id).
     */
    static List<String> nationalIds(JsonNode details) {
        TreeSet<String> ids = new TreeSet<>();
        collect(details, ids);
        return new ArrayList<>(ids);
    }

    private static void collect(JsonNode node, TreeSet<String> ids) {
        if (node.isObject()) {
            JsonNode id = node.get("nationalId");
            if (id != null && id.isTextual() && id.asText().matches("\\d{6,20}")) {
                ids.add(id.asText());
            }
            node.forEach(child -> collect(child, ids));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, ids));
        }
    }

    private JsonNode read(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }
}
