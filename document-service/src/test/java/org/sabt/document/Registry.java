package org.sabt.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sabt.document.paper.Samples;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** What the registry and the one window publish, sent to the real broker as they send it (CloudEvents, binary mode). */
final class Registry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;

    Registry(String bootstrap) {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer());
    }

    /**
     * The topic the service reads for one of its incoming channels: in tests its own ({@code %test} in
     * application.properties), not the shared one other modules' tests fill.
     */
    static String topic(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".topic", String.class);
    }

    /** A version of a birth act, as the registry's events carry it. */
    static ObjectNode birthAct(UUID id, int version, String office, String status) {
        ObjectNode act = JSON.createObjectNode();
        act.put("id", id.toString()).put("type", "BIRTH")
                .put("registrationNumber", "BIR-" + office + "-2026-" + id.toString().substring(0, 6))
                .put("office", office).put("registrationDate", LocalDate.now().toString()).put("status", status)
                .put("version", version).put("restored", false).put("registeredBy", "registrar.kulob")
                .put("registeredAt", "2026-11-25T08:00:00Z");
        act.set("details", Samples.birth().deepCopy());
        ((ObjectNode) act.get("details")).put("office", office);
        return act;
    }

    void registered(ObjectNode act) {
        send(topic("acts"), "sabt.act.registered", act.get("id").asText(),
                JSON.createObjectNode().put("version", 1).set("act", act));
    }

    void amended(ObjectNode act, boolean sealsPrevious) {
        ObjectNode data = JSON.createObjectNode().put("version", 1);
        data.set("act", act);
        data.put("previousVersion", act.get("version").asInt() - 1).put("reason", "correction").putNull("basisDocument")
                .putNull("causedByAct").put("sealsPreviousVersions", sealsPrevious);
        send(topic("acts"), "sabt.act.amended", act.get("id").asText(), data);
    }

    void annulled(ObjectNode act) {
        ObjectNode data = JSON.createObjectNode().put("version", 1);
        data.set("act", act.put("status", "ANNULLED"));
        data.put("reason", "court decision").putNull("basisDocument");
        send(topic("acts"), "sabt.act.annulled", act.get("id").asText(), data);
    }

    /** One transition of an application, as application-service publishes it (the fields this service reads). */
    String statusChanged(UUID application, String service, String status, UUID actId, String registrationNumber, String office) {
        return statusChanged(application, service, status, actId, null, registrationNumber, office);
    }

    /** The same, naming the act's version the application's registration or correction produced. */
    String statusChanged(UUID application, String service, String status, UUID actId, Integer actVersion,
                         String registrationNumber, String office) {
        ObjectNode data = JSON.createObjectNode().put("version", 1).put("applicationId", application.toString())
                .put("service", service).put("office", office).put("previousStatus", "APPROVED").put("status", status)
                .put("action", "REGISTER").putNull("reason").put("changedBy", "sabt").put("changedAt", "2026-11-25T08:00:00Z")
                .put("applicantNationalId", "1000000001").putNull("deadline")
                .put("actId", actId == null ? null : actId.toString()).put("registrationNumber", registrationNumber)
                .putNull("certificateId").put("actVersion", actVersion);
        return send(topic("applications"), "sabt.application.status-changed", application.toString(), data);
    }

    /** Sends the event (twice when asked: a redelivery); answers its id. */
    String send(String topic, String type, String key, JsonNode data) {
        return send(topic, type, key, data, UUID.randomUUID().toString());
    }

    String send(String topic, String type, String key, JsonNode data, String eventId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, data.toString());
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/sabt/test".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    void close() {
        producer.close();
    }
}
