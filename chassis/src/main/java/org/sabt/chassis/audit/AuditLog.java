package org.sabt.chassis.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.context.RequestContext;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.sql.NestedLoops;
import org.sabt.chassis.time.Timestamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The append-only audit log: who did or read what, when, why, under which request. An entry is written in the
 * caller's transaction with no lock (audited reads do not queue behind each other); after commit, one sealer at a time
 * ({@link AuditSealer}) chains the committed entries in {@code audit_seal}: each seal's hash covers its entry's fields
 * and the previous seal's hash, so changing or removing a row breaks the chain, which {@link #verify()} finds. A
 * database trigger also refuses UPDATE and DELETE on both tables.
 */
@ApplicationScoped
public class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x5ab7_a0d1L;

    private final EntityManager em;
    private final Clock clock;

    AuditLog(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** One audited action: e.g. READ of an ACT, with the reason the caller gave. */
    public record Entry(String action, String recordType, String recordId, String reason) {
    }

    /** A row of the log as stored. */
    public record Row(long seq, UUID id, Instant at, String actor, String actorOffice, String action, String recordType,
                      String recordId, String reason, String requestId, String xRoad, String prevHash, String hash,
                      String actorRoles,
                      @Schema(description = "The entry's place in the chain; null until it is sealed") Long position) {

        Row withPrevHash(String prev) {
            return new Row(seq, id, at, actor, actorOffice, action, recordType, recordId, reason, requestId, xRoad, prev,
                    hash, actorRoles, position);
        }
    }

    public record Verification(boolean intact, long checked, Long firstBrokenSeq) {
    }

    /** Appends an entry in the caller's transaction; it is chained after commit (its hashes are null until then). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Row append(Caller caller, Entry entry) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String roles = caller.roles().stream().sorted().collect(Collectors.joining(","));
        Row row = new Row(0, UUID.randomUUID(), at, caller.username(), caller.office(), entry.action(), entry.recordType(),
                entry.recordId(), entry.reason(), RequestContext.requestId(), xRoad(RequestContext.xRoad()), null, null,
                roles, null);
        Number seq = (Number) em.createNativeQuery("""
                        WITH entry AS (
                            INSERT INTO audit_log (id, at, actor, actor_office, action, record_type, record_id, reason,
                                                   request_id, xroad, actor_roles)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING seq)
                        INSERT INTO audit_unsealed (seq) SELECT seq FROM entry RETURNING seq""")
                .setParameter(1, row.id()).setParameter(2, at.atOffset(ZoneOffset.UTC)).setParameter(3, row.actor())
                .setParameter(4, row.actorOffice()).setParameter(5, row.action()).setParameter(6, row.recordType())
                .setParameter(7, row.recordId()).setParameter(8, row.reason()).setParameter(9, row.requestId())
                .setParameter(10, row.xRoad()).setParameter(11, roles).getSingleResult();
        return new Row(seq.longValue(), row.id(), at, row.actor(), row.actorOffice(), row.action(), row.recordType(),
                row.recordId(), row.reason(), row.requestId(), row.xRoad(), null, null, roles, null);
    }

    /**
     * Chains up to {@code limit} committed, unsealed entries after the last seal, in the order of their seq; answers how
     * many. One sealer at a time (an advisory lock): while another seals, this call answers 0 at once, or waits for it
     * when {@code wait} says so.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int seal(int limit, boolean wait) {
        if (wait) {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult();
        } else if (!(Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult()) {
            return 0;
        }
        // The few unsealed entries first, then their rows by key: never a scan of the log (it grows without end). One
        // join would leave the order to the planner, which, with statistics of a queue table gone stale (autovacuum
        // off, as on our CI machine), walked the whole log looking for them: 100 ms and more at each turn.
        @SuppressWarnings("unchecked")
        List<Number> unsealed = em.createNativeQuery("SELECT seq FROM audit_unsealed ORDER BY seq LIMIT " + limit)
                .getResultList();
        if (unsealed.isEmpty()) {
            return 0;
        }
        Long[] keys = unsealed.stream().map(Number::longValue).toArray(Long[]::new);
        List<Row> pending = NestedLoops.query(em, () -> rows(ENTRIES + "WHERE a.seq = ANY(CAST(?1 AS bigint[])) ORDER BY a.seq",
                (Object) keys));
        List<?> last = em.createNativeQuery("SELECT hash FROM audit_seal ORDER BY position DESC LIMIT 1").getResultList();
        String prev = last.isEmpty() ? GENESIS : (String) last.get(0);
        List<Long> seqs = new java.util.ArrayList<>();
        List<String> prevs = new java.util.ArrayList<>();
        List<String> hashes = new java.util.ArrayList<>();
        for (Row r : pending) {
            String hash = hash(r.withPrevHash(prev));
            seqs.add(r.seq());
            prevs.add(prev);
            hashes.add(hash);
            prev = hash;
        }
        em.createNativeQuery("""
                        INSERT INTO audit_seal (audit_seq, prev_hash, hash)
                        SELECT seq, prev, hash FROM unnest(CAST(?1 AS bigint[]), CAST(?2 AS text[]), CAST(?3 AS text[]))
                               WITH ORDINALITY AS s(seq, prev, hash, n) ORDER BY n""")
                .setParameter(1, seqs.toArray(Long[]::new)).setParameter(2, prevs.toArray(String[]::new))
                .setParameter(3, hashes.toArray(String[]::new)).executeUpdate();
        em.createNativeQuery("DELETE FROM audit_unsealed WHERE seq = ANY(CAST(?1 AS bigint[]))")
                .setParameter(1, seqs.toArray(Long[]::new)).executeUpdate();
        return pending.size();
    }

    /** The entries about one record, newest first, after the cursor's position when there is one. */
    @Transactional
    public List<Row> forRecord(String recordId, Page.Cursor after, int limit) {
        if (after == null) {
            return rows(ENTRIES + "WHERE a.record_id = ?1 ORDER BY a.at DESC, a.id DESC LIMIT " + limit, recordId);
        }
        return rows(ENTRIES + "WHERE a.record_id = ?1 AND (a.at, a.id) < (?2, ?3) ORDER BY a.at DESC, a.id DESC LIMIT "
                + limit, recordId, after.at().atOffset(ZoneOffset.UTC), after.id());
    }

    /**
     * Seals what has committed, then recomputes the whole chain; reports the first entry whose content or link does not
     * match (or whose row is gone).
     */
    public Verification verify() {
        while (seal(1000, true) > 0) {
            // sealing what committed before the check
        }
        return checkChain();
    }

    /** The chain seal by seal, a batch at a time (the log is never loaded whole). */
    Verification checkChain() {
        String prev = GENESIS;
        long checked = 0;
        long after = 0;
        while (true) {
            long from = after;
            // Each seal with its entry as stored now (none where the row is gone), in chain order.
            List<Row> batch = QuarkusTransaction.requiringNew().call(() -> rows("audit_seal s LEFT JOIN audit_log a "
                    + "ON a.seq = s.audit_seq WHERE s.position > ?1 ORDER BY s.position LIMIT " + VERIFY_BATCH, from));
            if (batch.isEmpty()) {
                return new Verification(true, checked, null);
            }
            for (Row r : batch) {
                checked++;
                if (r.id() == null || !r.prevHash().equals(prev) || !hash(r).equals(r.hash())) {
                    return new Verification(false, checked, r.seq());
                }
                prev = r.hash();
                after = r.position();
            }
        }
    }

    private static final int VERIFY_BATCH = 10_000;
    /** The entries (alias a) with their seals (alias s), when sealed. */
    private static final String ENTRIES = "audit_log a LEFT JOIN audit_seal s ON s.audit_seq = a.seq ";

    /** Entries with their seals' hashes; {@code from} follows FROM and names the tables a (audit_log) and s (audit_seal). */
    @SuppressWarnings("unchecked")
    private List<Row> rows(String from, Object... params) {
        var q = em.createNativeQuery("""
                SELECT COALESCE(a.seq, s.audit_seq), a.id, a.at, a.actor, a.actor_office, a.action, a.record_type,
                       a.record_id, a.reason, a.request_id, a.xroad, s.prev_hash, s.hash, a.actor_roles, s.position
                FROM\s""" + from);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(o -> new Row(((Number) o[0]).longValue(), (UUID) o[1],
                o[2] == null ? null : Timestamps.instant(o[2]), (String) o[3], (String) o[4], (String) o[5],
                (String) o[6], (String) o[7], (String) o[8], (String) o[9], (String) o[10], (String) o[11],
                (String) o[12], (String) o[13], o[14] == null ? null : ((Number) o[14]).longValue())).toList();
    }

    private static String xRoad(Map<String, String> headers) {
        return new TreeMap<>(headers).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    static String hash(Row r) {
        String content = String.join("\u001f", r.prevHash(), r.id().toString(), r.at().toString(), r.actor(),
                String.valueOf(r.actorOffice()), r.action(), r.recordType(), r.recordId(), String.valueOf(r.reason()),
                String.valueOf(r.requestId()), r.xRoad()) + (r.actorRoles() == null ? "" : "\u001f" + r.actorRoles());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
