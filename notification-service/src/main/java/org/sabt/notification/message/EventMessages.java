package org.sabt.notification.message;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;
import org.sabt.notification.citizen.CitizenMessages;
import org.sabt.notification.delivery.Deliveries;
import org.sabt.notification.webhook.Webhooks;

/**
 * Turns events into messages of the delivery log: an application's applicant is told of each step by e-mail and SMS
 * (and the step is recorded for them), a booked ceremony's couple reminded, an overdue application's office told;
 * acts' and persons' events are queued as webhooks for the agencies subscribed to them. Each event yields its messages
 * once (the inbox skips a redelivery, and a message is unique per event, recipient and channel).
 */
@ApplicationScoped
public class EventMessages {

    static final String CONSUMER = "notification-service.messages";

    private final Inbox inbox;
    private final Webhooks webhooks;
    private final CitizenMessages citizens;
    private final Deliveries delivery;

    EventMessages(Inbox inbox, Webhooks webhooks, CitizenMessages citizens, Deliveries delivery) {
        this.inbox = inbox;
        this.webhooks = webhooks;
        this.citizens = citizens;
        this.delivery = delivery;
    }

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, String> record) {
        apply(record);
    }

    @Incoming("acts")
    @Blocking
    public void onActEvent(ConsumerRecord<String, String> record) {
        apply(record);
    }

    @Incoming("persons")
    @Blocking
    public void onPersonEvent(ConsumerRecord<String, String> record) {
        apply(record);
    }

    /**
     * Applies the event once. Once its messages are committed, delivery wakes so they go now, not at the next poll;
     * an event that queued none (most acts and persons, when no agency subscribes to them) wakes nothing: a wake-up
     * is a transaction that claims due messages.
     */
    private void apply(ConsumerRecord<String, String> record) {
        int[] queued = {0};
        if (inbox.apply(CONSUMER, record, event -> queued[0] = record(event)) && queued[0] > 0) {
            delivery.wake();
        }
    }

    /** The event's messages: webhooks to the agencies subscribed, and the citizens' own; how many were queued. */
    int record(CloudEvent event) {
        return webhooks.queue(event) + citizens.queue(event);
    }
}
