package org.sabt.chassis.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.sabt.chassis.context.RequestContext;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.problem.DatabaseFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Applies a consumed CloudEvent at most once per consumer: the guard row and the effect commit
 * together, with the event's request id and X-Road headers in the logs of the work it causes.
 * <p>
 * A failure that will pass (the database unreachable or restarting, a concurrent change) is tried again in
 * place, with backoff, for up to {@code sabt.inbox.retry-for} (2 minutes), so that the event is neither skipped nor
 * parked while PostgreSQL restarts; the partition waits meanwhile, keeping the order. Any other failure, or one
 * that lasts longer, goes to the consumer's failure strategy: the dead-letter topic, for a person to look at.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final ProcessedEvents processed;
    private final Duration retryFor;

    Inbox(ProcessedEvents processed, @ConfigProperty(name = "sabt.inbox.retry-for", defaultValue = "2M") Duration retryFor) {
        this.processed = processed;
        this.retryFor = retryFor;
    }

    /** Returns false when the event was already applied (a redelivery) and nothing was done. */
    public boolean apply(String consumer, ConsumerRecord<String, String> record, Consumer<CloudEvent> effect) {
        CloudEvent event = CloudEvent.from(record);
        if (event.id() == null || event.type() == null) {
            throw new IllegalArgumentException("not a CloudEvent: no ce_id/ce_type at " + record.topic() + "/"
                    + record.partition() + "@" + record.offset());
        }
        Instant giveUp = Instant.now().plus(retryFor);
        Duration wait = Duration.ofMillis(250);
        for (int attempt = 1; ; attempt++) {
            RequestContext.begin(event.requestId() != null ? event.requestId() : UUID.randomUUID().toString(), event.xRoad());
            try {
                return QuarkusTransaction.joiningExisting().call(() -> {
                    if (!processed.firstDelivery(consumer, event.id())) {
                        return false;
                    }
                    effect.accept(event);
                    return true;
                });
            } catch (RuntimeException e) {
                boolean passing = DatabaseFailure.of(e).filter(f -> f.status() == 503 || f.status() == 409).isPresent();
                if (!passing || Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                LOG.warnf("%s: event %s not applied (attempt %d, %s); trying again in %d ms", consumer, event.id(), attempt,
                        e.getMessage(), wait.toMillis());
                LockSupport.parkNanos(wait.toNanos());
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : wait.multipliedBy(2);
            } finally {
                RequestContext.clear();
            }
        }
    }
}
