package org.sabt.notification.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.notification.delivery.WebhookChannel;
import org.sabt.notification.message.Message;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * An event becomes one queued webhook message per active subscription that wants it and whose agency may receive it,
 * in the consumer's transaction (so a redelivered event, skipped by the inbox, never queues a second one). The
 * message's body is final here, {@code {type, timestamp, data}}: every attempt sends the same bytes.
 */
@ApplicationScoped
public class Webhooks {

    private final EntityManager em;
    private final WebhookConfig config;
    private final WebhookPayloads payloads;
    private final ObjectMapper json;
    private final Clock clock;

    Webhooks(EntityManager em, WebhookConfig config, WebhookPayloads payloads, ObjectMapper json, Clock clock) {
        this.em = em;
        this.config = config;
        this.payloads = payloads;
        this.json = json;
        this.clock = clock;
    }

    /** Queues the event for its subscribers; answers how many. Runs inside the consumer's transaction. */
    public int queue(CloudEvent event) {
        @SuppressWarnings("unchecked")
        List<Subscription> subscribers = em.createNativeQuery(
                        "SELECT * FROM subscription WHERE status = 'ACTIVE' AND ?1 = ANY (event_types)", Subscription.class)
                .setParameter(1, event.type()).getResultList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String addressee = payloads.addressee(event);
        int queued = 0;
        for (Subscription s : subscribers) {
            WebhookConfig.Agency agency = config.agencies().get(s.agency);
            if (agency == null || !agency.events().contains(event.type())) {
                continue; // an entitlement withdrawn since the subscription was made
            }
            if (addressee != null && !addressee.equals(s.agency)) {
                continue; // a hand-off goes to the agency it is addressed to, and no other
            }
            ObjectNode data = payloads.data(event, agency.view());
            if (data == null) {
                continue;
            }
            Message m = new Message();
            m.id = UUID.randomUUID();
            m.eventId = event.id();
            m.eventType = event.type();
            m.subject = event.key();
            m.recipient = "subscription:" + s.id;
            m.channel = WebhookChannel.NAME;
            m.status = "QUEUED";
            m.subscriptionId = s.id;
            m.orderingKey = event.key();
            m.body = body(event, data);
            m.createdAt = now;
            m.updatedAt = now;
            m.nextAttemptAt = now;
            m.persist();
            queued++;
        }
        return queued;
    }

    private String body(CloudEvent event, ObjectNode data) {
        ObjectNode body = json.createObjectNode().put("type", event.type())
                .put("timestamp", (event.time() == null ? clock.instant() : event.time()).toString());
        body.set("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
