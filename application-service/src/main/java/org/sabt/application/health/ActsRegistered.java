package org.sabt.application.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;

import java.util.UUID;

/**
 * sabt.act.registered (docs/events/act-registered.schema.json): a birth or death registered in the registry, however it
 * came there (the one window, the registry's own counter, a restored paper record), matches the health ministry's
 * notice of its medical certificate. Idempotent through the inbox.
 */
@ApplicationScoped
public class ActsRegistered {

    static final String CONSUMER = "application-service.acts";
    static final String REGISTERED = "sabt.act.registered";

    private final Inbox inbox;
    private final MedicalNotices notices;
    private final ObjectMapper json;

    ActsRegistered(Inbox inbox, MedicalNotices notices, ObjectMapper json) {
        this.inbox = inbox;
        this.notices = notices;
        this.json = json;
    }

    /**
     * Most acts are none of this consumer's business (not a birth or death, no medical certificate: every act restored
     * from the paper archive): those are passed over without a transaction, as applying them would change nothing. The
     * rest go through the inbox (applied once).
     */
    @Incoming("acts")
    @Blocking
    public void onActEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.from(record);
        boolean ours;
        try {
            ours = event.id() == null || event.type() == null || certified(event) != null;
        } catch (IllegalArgumentException e) {
            ours = true; // the inbox refuses it, and it is parked
        }
        if (ours) {
            inbox.apply(CONSUMER, record, this::apply);
        }
    }

    void apply(CloudEvent event) {
        JsonNode act = certified(event);
        if (act != null) {
            notices.registered(act.path("details").path("medicalCertificateNumber").asText(), act.path("type").asText(),
                    UUID.fromString(act.path("id").asText()), act.path("registrationNumber").asText());
        }
    }

    /** The act of a birth or death registered with a medical certificate, or null for any other event. */
    private JsonNode certified(CloudEvent event) {
        if (!REGISTERED.equals(event.type())) {
            return null;
        }
        JsonNode act;
        try {
            act = json.readTree(event.data()).path("act");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
        String type = act.path("type").asText();
        return act.path("details").path("medicalCertificateNumber").isTextual() && (type.equals("BIRTH") || type.equals("DEATH"))
                ? act : null;
    }
}
