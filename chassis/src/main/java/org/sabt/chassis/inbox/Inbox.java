package org.sabt.chassis.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sabt.chassis.context.RequestContext;
import org.sabt.chassis.events.CloudEvent;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Applies a consumed CloudEvent at most once per consumer: the guard row and the effect commit
 * together, with the event's request id and X-Road headers in the logs of the work it causes.
 */
@ApplicationScoped
public class Inbox {

    private final ProcessedEvents processed;

    Inbox(ProcessedEvents processed) {
        this.processed = processed;
    }

    /** Returns false when the event was already applied (a redelivery) and nothing was done. */
    @Transactional
    public boolean apply(String consumer, ConsumerRecord<String, String> record, Consumer<CloudEvent> effect) {
        CloudEvent event = CloudEvent.from(record);
        if (event.id() == null || event.type() == null) {
            throw new IllegalArgumentException("not a CloudEvent: no ce_id/ce_type at " + record.topic() + "/"
                    + record.partition() + "@" + record.offset());
        }
        RequestContext.begin(event.requestId() != null ? event.requestId() : UUID.randomUUID().toString(), event.xRoad());
        try {
            if (!processed.firstDelivery(consumer, event.id())) {
                return false;
            }
            effect.accept(event);
            return true;
        } finally {
            RequestContext.clear();
        }
    }
}
