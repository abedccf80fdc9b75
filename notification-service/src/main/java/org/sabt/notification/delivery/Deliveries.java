package org.sabt.notification.delivery;

import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.time.Timestamps;
import org.sabt.notification.citizen.CitizenMessages;
import org.sabt.notification.webhook.WebhookConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers queued messages of every channel. A due message is claimed in a short transaction ({@code FOR UPDATE SKIP
 * LOCKED}, its next attempt moved past the attempt's longest time, so an instance that dies mid-attempt leaves it to be
 * tried again, never lost, and two instances never send the same attempt), sent outside any transaction on a virtual
 * thread, and its outcome recorded with the attempt. At most {@code batchSize} attempts are in flight; a slow peer holds
 * only its own. A peer that keeps failing (a webhook subscription's endpoint, the SMTP server, the SMSC) is left alone
 * for a while: a circuit breaker per peer, so it does not slow the others.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    public static final String TOPIC = "sabt.notifications";
    public static final String PARKED_EVENT = "sabt.message.parked";

    private final EntityManager em;
    private final WebhookConfig config;
    private final Outbox outbox;
    private final Clock clock;
    private final Map<String, Channel> channels;
    private final CitizenMessages notices;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    /** Consecutive failures of one peer, and until when it is left alone. */
    private record Breaker(int failures, Instant openUntil) {
    }

    Deliveries(EntityManager em, WebhookConfig config, Outbox outbox, Clock clock, @All List<Channel> channels,
               CitizenMessages notices) {
        this.notices = notices;
        this.em = em;
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
        this.channels = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
        this.inFlight = new Semaphore(config.batchSize());
    }

    void stop(@Observes ShutdownEvent stop) {
        senders.shutdownNow();
    }

    /**
     * Looks for due messages every poll interval, and at once when {@link #wake()} says some were queued. One round at a
     * time: a wake during a round makes it look again.
     */
    @Scheduled(every = "${sabt.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliverDue() {
        requested.set(true);
        while (requested.get() && running.compareAndSet(false, true)) {
            try {
                requested.set(false);
                round();
            } finally {
                running.set(false);
            }
        }
    }

    /** New messages were committed: look now rather than at the next poll. */
    public void wake() {
        senders.submit(this::deliverDue);
    }

    /**
     * A person says the peer works again (a replay): its circuit breaker closes, and due messages go now. The peer is a
     * webhook subscription's id, or a channel's name (EMAIL, SMS).
     */
    public void retryNow(String peer) {
        breakers.remove(peer);
        wake();
    }

    /**
     * Claims as many due messages as there are free slots, sends them, and goes on while there are more: a backlog is
     * worked off as fast as attempts finish, not one batch per poll. Ends when fewer are due than there were slots.
     */
    private void round() {
        for (;;) {
            try {
                if (!inFlight.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    return; // every slot busy: the next poll or wake looks again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int free = 1 + inFlight.drainPermits();
            List<Channel.Message> claimed;
            try {
                claimed = claim(free);
            } catch (RuntimeException e) {
                inFlight.release(free);
                throw e;
            }
            inFlight.release(free - claimed.size());
            for (Channel.Message message : claimed) {
                senders.submit(() -> {
                    try {
                        attempt(message);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "message %s: its attempt could not be recorded; it is tried again", message.id());
                    } finally {
                        inFlight.release();
                    }
                });
            }
            if (claimed.size() < free) {
                return;
            }
        }
    }

    /**
     * Takes due messages: not of a peer whose breaker is open, a webhook only of an active subscription, and for an
     * ordered subscription only a key's oldest undelivered one.
     */
    List<Channel.Message> claim(int limit) {
        Instant now = clock.instant();
        String open = breakers.entrySet().stream().filter(e -> e.getValue().openUntil().isAfter(now))
                .map(Map.Entry::getKey).collect(Collectors.joining(","));
        Duration lease = channels.values().stream().map(Channel::timeout).max(Duration::compareTo).orElseThrow().plusSeconds(30);
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    UPDATE message SET next_attempt_at = ?1, attempts = attempts + 1, updated_at = ?2
                    WHERE id IN (
                        SELECT m.id FROM message m LEFT JOIN subscription s ON s.id = m.subscription_id
                        WHERE m.status IN ('QUEUED', 'FAILED') AND m.next_attempt_at <= ?2
                          AND (m.subscription_id IS NULL OR s.status = 'ACTIVE')
                          AND NOT (coalesce(m.subscription_id::text, m.channel) = ANY (string_to_array(?3, ',')))
                          AND (s.ordered IS NOT TRUE OR NOT EXISTS (
                              SELECT 1 FROM message e WHERE e.subscription_id = m.subscription_id
                                AND e.ordering_key = m.ordering_key AND e.status IN ('QUEUED', 'FAILED')
                                AND (e.created_at, e.id) < (m.created_at, m.id)))
                        ORDER BY m.next_attempt_at LIMIT ?4
                        FOR UPDATE OF m SKIP LOCKED)
                    RETURNING id, channel, subscription_id, recipient, body, attempts""")
                    .setParameter(1, now.plus(lease).atOffset(ZoneOffset.UTC))
                    .setParameter(2, now.atOffset(ZoneOffset.UTC))
                    .setParameter(3, open)
                    .setParameter(4, limit)
                    .getResultList();
            return rows.stream().map(r -> new Channel.Message((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3],
                    (String) r[4], ((Number) r[5]).intValue())).toList();
        });
    }

    /** One attempt: send, then record what came of it. */
    void attempt(Channel.Message message) {
        Channel channel = channels.get(message.channel());
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        Channel.Outcome outcome = channel.send(message);
        if ("INTERRUPTED".equals(outcome.error())) {
            return; // shutting down: the lease brings it back
        }
        int latency = (int) ((System.nanoTime() - t0) / 1_000_000);
        String peer = message.subscriptionId() != null ? message.subscriptionId().toString() : message.channel();
        breakers.compute(peer, (k, b) -> outcome.delivered() ? null : failed(b));
        QuarkusTransaction.requiringNew().run(() -> record(channel, message, at, latency, outcome));
    }

    private void record(Channel channel, Channel.Message message, Instant at, int latency, Channel.Outcome outcome) {
        em.createNativeQuery("""
                INSERT INTO message_attempt (message_id, attempt, at, status_code, latency_ms, outcome, answer)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, message.id()).setParameter(2, message.attempts())
                .setParameter(3, at.atOffset(ZoneOffset.UTC)).setParameter(4, outcome.statusCode()).setParameter(5, latency)
                .setParameter(6, outcome.delivered() ? channel.deliveredStatus()
                        : outcome.unknown() ? "UNKNOWN: " + outcome.error() : outcome.describe())
                .setParameter(7, outcome.answer()).executeUpdate();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID subscription = message.subscriptionId();
        if (outcome.delivered()) {
            update(message.id(), channel.deliveredStatus(), null, null, now);
            if (subscription != null) {
                em.createNativeQuery("UPDATE subscription SET failing_since = NULL WHERE id = ?1 AND failing_since IS NOT NULL")
                        .setParameter(1, subscription).executeUpdate();
            }
            return;
        }
        if (outcome.unknown()) {
            // Not resent blindly (the citizen could get it twice): a receipt settles it, or a person replays it.
            update(message.id(), "UNKNOWN", outcome.error(), null, now);
            return;
        }
        if (subscription != null) {
            em.createNativeQuery("UPDATE subscription SET failing_since = ?2 WHERE id = ?1 AND failing_since IS NULL")
                    .setParameter(1, subscription).setParameter(2, now.atOffset(ZoneOffset.UTC)).executeUpdate();
            Instant failingSince = Timestamps.instant(em.createNativeQuery("SELECT failing_since FROM subscription WHERE id = ?1")
                    .setParameter(1, subscription).getSingleResult());
            if (outcome.gone() || failingSince != null && failingSince.plus(config.disableAfter()).isBefore(now)) {
                // This message is among the subscription's pending ones, parked with them.
                disable(subscription, outcome.gone() ? "ENDPOINT_GONE" : "FAILING_FOR_" + config.disableAfter().toDays() + "_DAYS", now);
                return;
            }
        }
        List<Duration> schedule = channel.schedule();
        if (message.attempts() >= schedule.size()) {
            park(message.id(), outcome.describe(), now);
            return;
        }
        Duration wait = schedule.get(message.attempts());
        wait = wait.plusMillis((long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
        if (outcome.retryAfter() != null) {
            wait = outcome.retryAfter();
        }
        update(message.id(), "FAILED", outcome.describe(), now.plus(wait), now);
    }

    private Breaker failed(Breaker b) {
        int failures = b == null ? 1 : b.failures() + 1;
        boolean open = failures >= config.breakerFailures();
        return new Breaker(open ? 0 : failures, open ? clock.instant().plus(config.breakerPause()) : Instant.MIN);
    }

    private void update(UUID id, String status, String error, Instant next, Instant now) {
        // A receipt may have settled it while it was being sent (an SMS): what a receipt said stays.
        em.createNativeQuery("""
                        UPDATE message SET status = CASE WHEN status IN ('DELIVERED', 'UNDELIVERABLE', 'EXPIRED') THEN status
                            ELSE ?2 END, last_error = ?3, next_attempt_at = ?4, updated_at = ?5 WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, status).setParameter(3, error)
                .setParameter(4, next == null ? null : next.atOffset(ZoneOffset.UTC))
                .setParameter(5, now.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** After the last attempt: PARKED, for a person to replay, and said on {@code sabt.notifications}. */
    private void park(UUID id, String error, Instant now) {
        update(id, "PARKED", error, null, now);
        Object[] m = (Object[]) em.createNativeQuery(
                        "SELECT event_id, event_type, recipient, channel, subscription_id FROM message WHERE id = ?1")
                .setParameter(1, id).getSingleResult();
        outbox.publish(new Outbox.Event(TOPIC, PARKED_EVENT, id.toString(), null, Map.of("version", 1,
                "messageId", id.toString(), "eventId", m[0], "eventType", m[1], "channel", m[3],
                "subscriptionId", String.valueOf(m[4]), "lastError", error == null ? "" : error)));
    }

    /** The endpoint is off: its pending messages are parked (replayable once it is fixed). */
    private void disable(UUID subscription, String reason, Instant now) {
        int disabled = em.createNativeQuery(
                        "UPDATE subscription SET status = 'DISABLED', disabled_reason = ?2 WHERE id = ?1 AND status = 'ACTIVE'")
                .setParameter(1, subscription).setParameter(2, reason).executeUpdate();
        LOG.warnf("webhook subscription %s disabled: %s", subscription, reason);
        if (disabled == 1) {
            Object[] s = (Object[]) em.createNativeQuery("SELECT url, contact_email FROM subscription WHERE id = ?1")
                    .setParameter(1, subscription).getSingleResult();
            notices.endpointDisabled(subscription, (String) s[0], (String) s[1], reason, now);
        }
        @SuppressWarnings("unchecked")
        List<Object> pending = em.createNativeQuery(
                        "SELECT id FROM message WHERE subscription_id = ?1 AND status IN ('QUEUED', 'FAILED')")
                .setParameter(1, subscription).getResultList();
        pending.forEach(id -> park((UUID) id, reason, now));
    }

}
