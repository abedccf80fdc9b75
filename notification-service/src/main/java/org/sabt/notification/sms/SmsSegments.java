package org.sabt.notification.sms;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.jsmpp.util.DeliveryReceiptState;
import org.sabt.notification.delivery.Deliveries;
import org.sabt.notification.message.Masked;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the SMSC has taken of each SMS, segment by segment, and what its receipts said. A message is DELIVERED when
 * every segment's receipt says so, UNDELIVERABLE or EXPIRED as soon as one segment's does. A segment whose submit got no
 * answer is UNKNOWN, without an SMSC id: the first receipt for that recipient with an id we never saw settles it, and
 * if the rest of the message was never submitted, it is queued again to send only the rest.
 */
@ApplicationScoped
public class SmsSegments {

    private static final Logger LOG = Logger.getLogger(SmsSegments.class);
    static final java.time.Duration UNMATCHED_RECEIPTS_KEPT = java.time.Duration.ofDays(7);

    private final EntityManager em;
    private final Clock clock;
    private final Deliveries deliveries;

    SmsSegments(EntityManager em, Clock clock, Deliveries deliveries) {
        this.em = em;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /** The segments (1-based) of a message the SMSC has taken, or may have. */
    Set<Integer> taken(UUID message) {
        @SuppressWarnings("unchecked")
        List<Number> seqs = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT seq FROM sms_segment WHERE message_id = ?1").setParameter(1, message).getResultList());
        Set<Integer> taken = new HashSet<>();
        seqs.forEach(n -> taken.add(n.intValue()));
        return taken;
    }

    /**
     * A segment submitted: with the SMSC's id, or without one (UNKNOWN) when its answer never came. A receipt that came
     * first is applied now. Answers whether the message is to be sent again (see {@link #receipt}).
     */
    void submitted(UUID message, int seq, String smscId, String recipient) {
        boolean requeued = QuarkusTransaction.requiringNew().call(() -> {
            if (smscId != null) {
                lock(smscId);
                // The message before its segment's row (whose foreign key shares it): the order apply locks them in.
                em.createNativeQuery("SELECT 1 FROM message WHERE id = ?1 FOR UPDATE").setParameter(1, message).getResultList();
            }
            em.createNativeQuery("""
                            INSERT INTO sms_segment (message_id, seq, smsc_id, recipient, state, submitted_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, message).setParameter(2, seq).setParameter(3, smscId).setParameter(4, recipient)
                    .setParameter(5, smscId == null ? "UNKNOWN" : "SENT")
                    .setParameter(6, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
            if (smscId == null) {
                return false;
            }
            @SuppressWarnings("unchecked")
            List<String> early = em.createNativeQuery("DELETE FROM sms_receipt WHERE smsc_id = ?1 RETURNING state")
                    .setParameter(1, smscId).getResultList();
            return !early.isEmpty() && apply(message, seq, smscId, outcome(DeliveryReceiptState.valueOf(early.get(0))), early.get(0));
        });
        if (requeued) {
            deliveries.wake();
        }
    }

    /** A delivery receipt, matched to its segment, and the message settled by it. */
    void receipt(String smscId, String recipient, DeliveryReceiptState state) {
        String outcome = outcome(state);
        if (outcome == null || smscId == null) {
            return;
        }
        boolean requeued = QuarkusTransaction.requiringNew().call(() -> settle(smscId, recipient, outcome, state.name()));
        if (requeued) {
            deliveries.wake();
        }
    }

    private static String outcome(DeliveryReceiptState state) {
        return switch (state) {
            case DELIVRD -> "DELIVERED";
            case EXPIRED -> "EXPIRED";
            case ENROUTE, ACCEPTD -> null; // not final
            default -> "UNDELIVERABLE"; // UNDELIV, REJECTD, DELETED, UNKNOWN
        };
    }

    /**
     * Receipts kept for a submit that was never recorded (an SMSC's receipt for someone else's message, or one whose
     * submit our side lost) are forgotten after a week; answers how many.
     */
    @Scheduled(every = "1h", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetUnmatchedReceiptsHourly() {
        forgetUnmatchedReceipts();
    }

    int forgetUnmatchedReceipts() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("DELETE FROM sms_receipt WHERE received_at < ?1")
                .setParameter(1, clock.instant().minus(UNMATCHED_RECEIPTS_KEPT).atOffset(ZoneOffset.UTC)).executeUpdate());
    }

    /** A receipt and its segment's recording meet under one lock per SMSC id: one of them sees the other. */
    private void lock(String smscId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, smscId).getSingleResult();
    }

    private boolean settle(String smscId, String recipient, String outcome, String state) {
        lock(smscId);
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery(
                "SELECT message_id, seq FROM sms_segment WHERE smsc_id = ?1 FOR UPDATE").setParameter(1, smscId).getResultList();
        if (found.isEmpty()) {
            // An id we never saw: the answer to a submit that timed out (the recipient's oldest unknown segment is it),
            // or one whose answer is being recorded right now (kept for it).
            @SuppressWarnings("unchecked")
            List<Object[]> unknown = em.createNativeQuery("""
                            SELECT message_id, seq FROM sms_segment WHERE state = 'UNKNOWN' AND recipient = ?1
                            ORDER BY submitted_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                    .setParameter(1, recipient).getResultList();
            if (unknown.isEmpty()) {
                em.createNativeQuery("""
                                INSERT INTO sms_receipt (smsc_id, recipient, state, received_at) VALUES (?1, ?2, ?3, ?4)
                                ON CONFLICT (smsc_id) DO NOTHING""")
                        .setParameter(1, smscId).setParameter(2, recipient).setParameter(3, state)
                        .setParameter(4, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
                LOG.debugf("a receipt (%s) for SMSC message %s to %s came before its submit was recorded; kept", state,
                        smscId, Masked.recipient(recipient));
                return false;
            }
            found = unknown;
            em.createNativeQuery("UPDATE sms_segment SET smsc_id = ?3 WHERE message_id = ?1 AND seq = ?2")
                    .setParameter(1, found.get(0)[0]).setParameter(2, found.get(0)[1]).setParameter(3, smscId).executeUpdate();
        }
        return apply((UUID) found.get(0)[0], ((Number) found.get(0)[1]).intValue(), smscId, outcome, state);
    }

    /**
     * A segment's receipt: the segment, the message's log, and the message settled when it can be. The message row is
     * locked first: two segments' receipts of one message arrive together, and each insert into its log takes a key
     * share on the message (the foreign key), which the other's later FOR UPDATE waited for: a deadlock in PostgreSQL,
     * seen at the bench's unthrottled SMS rate.
     */
    private boolean apply(UUID message, int seq, String smscId, String outcome, String state) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        Object[] m = (Object[]) em.createNativeQuery("SELECT status, coalesce(segments, 1) FROM message WHERE id = ?1 FOR UPDATE")
                .setParameter(1, message).getSingleResult();
        em.createNativeQuery("UPDATE sms_segment SET state = ?3, receipt_at = ?4 WHERE message_id = ?1 AND seq = ?2")
                .setParameter(1, message).setParameter(2, seq).setParameter(3, outcome).setParameter(4, now).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO message_attempt (message_id, attempt, at, status_code, latency_ms, outcome, answer)
                        SELECT id, attempts, ?2, NULL, 0, ?3, ?4 FROM message WHERE id = ?1""")
                .setParameter(1, message).setParameter(2, now).setParameter(3, "RECEIPT_" + outcome)
                .setParameter(4, "segment " + seq + ", SMSC message " + smscId + ", stat " + state).executeUpdate();
        String status = (String) m[0];
        int total = ((Number) m[1]).intValue();
        if (!Set.of("SENT", "UNKNOWN", "QUEUED", "FAILED").contains(status)) {
            return false; // already settled, or parked
        }
        @SuppressWarnings("unchecked")
        List<String> states = em.createNativeQuery("SELECT state FROM sms_segment WHERE message_id = ?1")
                .setParameter(1, message).getResultList();
        String settled = states.contains("UNDELIVERABLE") ? "UNDELIVERABLE" : states.contains("EXPIRED") ? "EXPIRED"
                : states.size() == total && states.stream().allMatch("DELIVERED"::equals) ? "DELIVERED" : null;
        boolean requeue = settled == null && "UNKNOWN".equals(status) && !states.contains("UNKNOWN") && states.size() < total;
        if (settled == null && !requeue) {
            return false;
        }
        em.createNativeQuery("UPDATE message SET status = ?2, last_error = NULL, next_attempt_at = ?3, updated_at = ?4 WHERE id = ?1")
                .setParameter(1, message).setParameter(2, requeue ? "QUEUED" : settled)
                .setParameter(3, requeue ? now : null).setParameter(4, now).executeUpdate();
        return requeue;
    }
}
