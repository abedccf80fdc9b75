package org.sabt.document.blank;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.document.certificate.CertificateType;
import org.sabt.document.paper.Offices;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strictly accounted blanks: the national stock receives numbered ranges, ranges move to offices, an office's paper
 * certificate takes its next free blank of the type in the issuing transaction (a rollback gives it back), a spoiled
 * blank is written off with a reason. Every movement is journalled, so the balance can always be shown to add up.
 */
@ApplicationScoped
public class Blanks {

    public static final String STOCK = "STOCK";
    /** A journal's period lies within these (blanks were not accounted before, nor will be in a thousand years). */
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

    /** A blank taken for a certificate. */
    public record Blank(String series, int number) {
    }

    /** What spoiling a blank did: the certificate printed on it (now revoked), if it carried one. */
    public record Spoiled(String series, int number, String office, UUID certificateId) {
    }

    private final EntityManager em;
    private final Clock clock;
    private final Offices offices;
    private final BlankConfig config;
    private final Pattern series;

    Blanks(EntityManager em, Clock clock, Offices offices, BlankConfig config) {
        this.em = em;
        this.clock = clock;
        this.offices = offices;
        this.config = config;
        this.series = Pattern.compile(config.seriesPattern());
    }

    @Transactional
    public Journal.Movement receive(Caller caller, BlankRequests.Receipt r) {
        int count = range(r.series(), r.from(), r.to());
        int inserted = em.createNativeQuery("""
                        INSERT INTO blank (series, number, certificate_type, office)
                        SELECT ?1, n, ?2, NULL FROM generate_series(?3, ?4) n ON CONFLICT DO NOTHING""")
                .setParameter(1, r.series()).setParameter(2, r.certificateType().name()).setParameter(3, r.from())
                .setParameter(4, r.to()).executeUpdate();
        if (inserted != count) {
            throw ProblemException.conflict("BLANKS_ALREADY_RECEIVED", r.series(), r.from(), r.to());
        }
        return move(STOCK, "RECEIVED", r.series(), r.from(), r.to(), count, r.certificateType().name(), null, null, null, caller);
    }

    @Transactional
    public Journal.Movement transfer(Caller caller, BlankRequests.Transfer t) {
        int count = range(t.series(), t.from(), t.to());
        if (offices.find(t.office()) == null) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", t.office());
        }
        if (t.fromOffice() != null && offices.find(t.fromOffice()) == null) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", t.fromOffice());
        }
        if (t.office().equals(t.fromOffice())) {
            throw ProblemException.unprocessable("TRANSFER_TO_ITSELF", t.office());
        }
        List<?> types = em.createNativeQuery("""
                        UPDATE blank SET office = ?1 WHERE series = ?2 AND number BETWEEN ?3 AND ?4
                            AND office IS NOT DISTINCT FROM ?5 AND state = 'FREE' RETURNING certificate_type""")
                .setParameter(1, t.office()).setParameter(2, t.series()).setParameter(3, t.from()).setParameter(4, t.to())
                .setParameter(5, t.fromOffice()).getResultList();
        if (types.size() != count || types.stream().distinct().count() != 1) {
            throw ProblemException.conflict("BLANKS_NOT_AVAILABLE", t.series(), t.from(), t.to(),
                    t.fromOffice() == null ? STOCK : t.fromOffice());
        }
        String type = (String) types.get(0);
        String source = t.fromOffice() == null ? STOCK : t.fromOffice();
        move(source, "TRANSFERRED_OUT", t.series(), t.from(), t.to(), count, type, null, t.office(), null, caller);
        return move(t.office(), "TRANSFERRED_IN", t.series(), t.from(), t.to(), count, type, null, source, null, caller);
    }

    /**
     * The office's next free blank of the type, taken in the caller's transaction; 409 NO_BLANKS_LEFT when none. A blank
     * another issue holds is skipped; when only such blanks are left, this waits for them, as a rollback gives one back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Blank take(String office, CertificateType type, UUID certificateId, Caller caller) {
        Blank blank = null;
        for (int attempt = 0; blank == null; attempt++) {
            List<Object[]> free = em.createNativeQuery("""
                            SELECT series, number FROM blank WHERE office = ?1 AND certificate_type = ?2 AND state = 'FREE'
                            ORDER BY series, number LIMIT 1 FOR UPDATE""" + (attempt == 0 ? " SKIP LOCKED" : ""))
                    .setParameter(1, office).setParameter(2, type.name()).getResultList();
            if (!free.isEmpty()) {
                blank = new Blank((String) free.get(0)[0], ((Number) free.get(0)[1]).intValue());
            } else if (attempt >= 5 || !hasFree(office, type)) {
                throw ProblemException.conflict("NO_BLANKS_LEFT", office, type.name());
            }
        }
        em.createNativeQuery("UPDATE blank SET state = 'ISSUED', certificate_id = ?1 WHERE series = ?2 AND number = ?3")
                .setParameter(1, certificateId).setParameter(2, blank.series()).setParameter(3, blank.number()).executeUpdate();
        move(office, "ISSUED", blank.series(), blank.number(), blank.number(), 1, type.name(), certificateId, null, null, caller);
        return blank;
    }

    /** Whether the office has a free blank of the type now (no lock: the answer may change at once). */
    public boolean hasFree(String office, CertificateType type) {
        return !em.createNativeQuery("""
                        SELECT 1 FROM blank WHERE office = ?1 AND certificate_type = ?2 AND state = 'FREE' LIMIT 1""")
                .setParameter(1, office).setParameter(2, type.name()).getResultList().isEmpty();
    }

    /**
     * Writes a blank off. A blank that carried a certificate stops being counted as issued (a -1 ISSUED line) and the
     * caller revokes the certificate. Staff spoil only their office's blanks.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Spoiled spoil(Caller caller, String seriesName, int number, String reason) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT office, state, certificate_id, certificate_type FROM blank WHERE series = ?1 AND number = ?2
                        FOR UPDATE""")
                .setParameter(1, seriesName).setParameter(2, number).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("BLANK_NOT_FOUND", seriesName, number);
        }
        String office = (String) rows.get(0)[0];
        String state = (String) rows.get(0)[1];
        UUID certificate = (UUID) rows.get(0)[2];
        String type = (String) rows.get(0)[3];
        if (office == null || !caller.mayActIn(office)) {
            throw ProblemException.forbidden("OFFICE_NOT_ALLOWED", office == null ? STOCK : office);
        }
        if ("SPOILED".equals(state)) {
            throw ProblemException.conflict("BLANK_ALREADY_SPOILED", seriesName, number);
        }
        em.createNativeQuery("UPDATE blank SET state = 'SPOILED' WHERE series = ?1 AND number = ?2")
                .setParameter(1, seriesName).setParameter(2, number).executeUpdate();
        if (certificate != null) {
            move(office, "ISSUED", seriesName, number, number, -1, type, certificate, null, "spoiled after issue", caller);
        }
        move(office, "SPOILED", seriesName, number, number, 1, type, certificate, null, reason, caller);
        return new Spoiled(seriesName, number, office, certificate);
    }

    /** The journal of a holder (an office, or the national stock) over [from, to], dates in UTC. */
    @Transactional
    public Journal journal(Caller caller, String office, LocalDate from, LocalDate to) {
        String holder = office == null ? defaultHolder(caller) : office;
        if (!STOCK.equals(holder) && offices.find(holder) == null) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", holder);
        }
        boolean national = caller.has(Roles.ADMIN) || caller.has(Roles.AUDITOR) || Caller.ALL_OFFICES.equals(caller.office());
        if (!national && (STOCK.equals(holder) || !caller.mayActIn(holder))) {
            throw ProblemException.forbidden("OFFICE_NOT_ALLOWED", holder);
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate first = from == null ? today.withDayOfMonth(1) : from;
        LocalDate last = to == null ? today : to;
        if (last.isBefore(first) || first.isBefore(EARLIEST) || last.isAfter(LATEST)) {
            throw ProblemException.badRequest("PERIOD_INVALID", first, last);
        }
        OffsetDateTime start = first.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = last.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        Object[] sums = (Object[]) em.createNativeQuery("""
                        SELECT coalesce(sum(CASE WHEN at < ?2 THEN (CASE WHEN kind IN ('RECEIVED', 'TRANSFERRED_IN') THEN count ELSE -count END) END), 0),
                               coalesce(sum(count) FILTER (WHERE at >= ?2 AND kind = 'RECEIVED'), 0),
                               coalesce(sum(count) FILTER (WHERE at >= ?2 AND kind = 'TRANSFERRED_IN'), 0),
                               coalesce(sum(count) FILTER (WHERE at >= ?2 AND kind = 'ISSUED'), 0),
                               coalesce(sum(count) FILTER (WHERE at >= ?2 AND kind = 'SPOILED'), 0),
                               coalesce(sum(count) FILTER (WHERE at >= ?2 AND kind = 'TRANSFERRED_OUT'), 0)
                        FROM blank_movement WHERE holder = ?1 AND at < ?3""")
                .setParameter(1, holder).setParameter(2, start).setParameter(3, end).getSingleResult();
        long opening = n(sums[0]), received = n(sums[1]), in = n(sums[2]), issued = n(sums[3]), spoiled = n(sums[4]),
                out = n(sums[5]);
        long closing = opening + received + in - issued - spoiled - out;
        long freeNow = n(em.createNativeQuery("SELECT count(*) FROM blank WHERE office IS NOT DISTINCT FROM ?1 AND state = 'FREE'")
                .setParameter(1, STOCK.equals(holder) ? null : holder).getSingleResult());
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT at, kind, series, number_from, number_to, count, certificate_type, certificate_id, counterpart,
                               reason, actor
                        FROM blank_movement WHERE holder = ?1 AND at >= ?2 AND at < ?3 ORDER BY id LIMIT 10000""")
                .setParameter(1, holder).setParameter(2, start).setParameter(3, end).getResultList();
        List<Journal.Movement> movements = rows.stream().map(r -> new Journal.Movement(Timestamps.instant(r[0]),
                (String) r[1], (String) r[2], ((Number) r[3]).intValue(), ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(), (String) r[6], (UUID) r[7], (String) r[8], (String) r[9], (String) r[10])).toList();
        // Up to today the closing balance must be what is physically free: anything else is a lost blank.
        boolean balances = last.isBefore(today) || closing == freeNow;
        return new Journal(holder, first, last, opening, received, in, issued, spoiled, out, closing, freeNow, balances,
                movements);
    }

    private String defaultHolder(Caller caller) {
        if (caller.office() == null || Caller.ALL_OFFICES.equals(caller.office())) {
            return STOCK;
        }
        return caller.office();
    }

    private int range(String seriesName, int from, int to) {
        if (!series.matcher(seriesName).matches()) {
            throw ProblemException.unprocessable("BLANK_SERIES_INVALID", seriesName, config.seriesPattern());
        }
        if (to < from || to > config.maxNumber() || to - from + 1 > config.maxRange()) {
            throw ProblemException.unprocessable("BLANK_RANGE_INVALID", from, to, config.maxRange(), config.maxNumber());
        }
        return to - from + 1;
    }

    private Journal.Movement move(String holder, String kind, String seriesName, int from, int to, int count, String type,
                                  UUID certificate, String counterpart, String reason, Caller caller) {
        Instant at = clock.instant();
        em.createNativeQuery("""
                        INSERT INTO blank_movement (at, holder, kind, series, number_from, number_to, count, certificate_type,
                                                    certificate_id, counterpart, reason, actor)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)""")
                .setParameter(1, at.atOffset(ZoneOffset.UTC)).setParameter(2, holder).setParameter(3, kind)
                .setParameter(4, seriesName).setParameter(5, from).setParameter(6, to).setParameter(7, count)
                .setParameter(8, type).setParameter(9, certificate).setParameter(10, counterpart).setParameter(11, reason)
                .setParameter(12, caller.username()).executeUpdate();
        return new Journal.Movement(at, kind, seriesName, from, to, count, type, certificate, counterpart, reason,
                caller.username());
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
