package org.sabt.notification.message;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Turns events into messages of the delivery log: the applicant is told their application arrived;
 * a registered act is announced to the agencies. Each event yields its messages once.
 */
@ApplicationScoped
public class EventMessages {

    static final String CONSUMER = "notification-service.messages";

    private final Inbox inbox;
    private final Clock clock;

    EventMessages(Inbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::record);
    }

    @Incoming("acts")
    @Blocking
    public void onActEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::record);
    }

    void record(CloudEvent event) {
        String recipient = switch (event.type()) {
            case "sabt.application.submitted", "sabt.application.status-changed" -> "citizen:" + event.subject();
            case "sabt.act.registered", "sabt.act.amended", "sabt.act.annulled" -> "agencies";
            default -> null;
        };
        if (recipient == null) {
            return;
        }
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.eventId = event.id();
        m.eventType = event.type();
        m.subject = event.subject();
        m.recipient = recipient;
        m.channel = "LOG";
        m.status = "RECORDED";
        m.body = event.data();
        m.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        m.persist();
    }
}
