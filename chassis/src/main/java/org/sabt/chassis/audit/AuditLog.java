package org.sabt.chassis.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.chassis.context.RequestContext;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.Caller;
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
 * The append-only audit log: who did or read what, when, why, under which request. Each entry's hash
 * covers its fields and the previous entry's hash, so changing or removing a row breaks the chain,
 * which {@link #verify()} finds. A database trigger also refuses UPDATE and DELETE.
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
                      String actorRoles) {
    }

    public record Verification(boolean intact, long checked, Long firstBrokenSeq) {
    }

    /** Appends an entry in the caller's transaction (the chain is serialised by an advisory lock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Row append(Caller caller, Entry entry) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult();
        List<?> last = em.createNativeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").getResultList();
        String prev = last.isEmpty() ? GENESIS : (String) last.get(0);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String roles = caller.roles().stream().sorted().collect(Collectors.joining(","));
        Row row = new Row(0, UUID.randomUUID(), at, caller.username(), caller.office(), entry.action(), entry.recordType(),
                entry.recordId(), entry.reason(), RequestContext.requestId(), xRoad(RequestContext.xRoad()), prev, null,
                roles);
        String hash = hash(row);
        Number seq = (Number) em.createNativeQuery("""
                        INSERT INTO audit_log (id, at, actor, actor_office, action, record_type, record_id, reason,
                                               request_id, xroad, prev_hash, hash, actor_roles)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING seq""")
                .setParameter(1, row.id()).setParameter(2, at.atOffset(ZoneOffset.UTC)).setParameter(3, row.actor())
                .setParameter(4, row.actorOffice()).setParameter(5, row.action()).setParameter(6, row.recordType())
                .setParameter(7, row.recordId()).setParameter(8, row.reason()).setParameter(9, row.requestId())
                .setParameter(10, row.xRoad()).setParameter(11, prev).setParameter(12, hash)
                .setParameter(13, roles).getSingleResult();
        return new Row(seq.longValue(), row.id(), at, row.actor(), row.actorOffice(), row.action(), row.recordType(),
                row.recordId(), row.reason(), row.requestId(), row.xRoad(), prev, hash, roles);
    }

    /** The entries about one record, newest first, after the cursor's position when there is one. */
    @Transactional
    public List<Row> forRecord(String recordId, Page.Cursor after, int limit) {
        if (after == null) {
            return rows("WHERE record_id = ?1 ORDER BY at DESC, id DESC LIMIT " + limit, recordId);
        }
        return rows("WHERE record_id = ?1 AND (at, id) < (?2, ?3) ORDER BY at DESC, id DESC LIMIT " + limit, recordId,
                after.at().atOffset(ZoneOffset.UTC), after.id());
    }

    /** Recomputes the whole chain; reports the first row whose content or link does not match. */
    @Transactional
    public Verification verify() {
        String prev = GENESIS;
        long checked = 0;
        for (Row r : rows("ORDER BY seq")) {
            checked++;
            if (!r.prevHash().equals(prev) || !hash(r).equals(r.hash())) {
                return new Verification(false, checked, r.seq());
            }
            prev = r.hash();
        }
        return new Verification(true, checked, null);
    }

    @SuppressWarnings("unchecked")
    private List<Row> rows(String where, Object... params) {
        var q = em.createNativeQuery("""
                SELECT seq, id, at, actor, actor_office, action, record_type, record_id, reason, request_id, xroad,
                       prev_hash, hash, actor_roles FROM audit_log\s""" + where);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(o -> new Row(((Number) o[0]).longValue(), (UUID) o[1],
                Timestamps.instant(o[2]), (String) o[3], (String) o[4], (String) o[5], (String) o[6], (String) o[7],
                (String) o[8], (String) o[9], (String) o[10], (String) o[11], (String) o[12], (String) o[13])).toList();
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
