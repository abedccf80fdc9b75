package org.sabt.document.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.document.blank.Blanks;
import org.sabt.document.paper.CertificatePdf;
import org.sabt.document.paper.Offices;
import org.sabt.document.paper.PaperContent;
import org.sabt.document.paper.QrCode;
import org.sabt.document.signing.SigningKeys;
import org.sabt.document.token.CertificateToken;
import org.sabt.document.token.TokenClaims;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues certificates from this service's own projection of the acts (no call to the registry), each signed, printed
 * as PDF/A-3u and, on paper, on the office's next strictly accounted blank; revokes them when their act changes.
 */
@ApplicationScoped
public class Certificates {

    private static final Logger LOG = Logger.getLogger(Certificates.class);
    public static final String TOPIC = "sabt.documents";
    public static final String ISSUED = "sabt.certificate.issued";
    public static final String REVOKED = "sabt.certificate.revoked";
    /** The system's own hand: certificates an application is owed are issued by it. */
    public static final Caller SYSTEM = new Caller("sabt", "sabt", Caller.Kind.SERVICE_ACCOUNT, Set.of(), Caller.ALL_OFFICES, null);

    /** sabt.certificate.issued, schema version 1 (docs/events/certificate-issued.schema.json). */
    public record Issued(int version, UUID certificateId, UUID actId, int actVersion, UUID applicationId, String kind,
                         String medium, String office, Instant issuedAt) {
    }

    /** sabt.certificate.revoked, schema version 1 (docs/events/certificate-revoked.schema.json). */
    public record Revoked(int version, UUID certificateId, UUID actId, int actVersion, String reason, String office,
                          long statusIndex, Instant revokedAt) {
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;
    private final SigningKeys keys;
    private final Blanks blanks;
    private final Offices offices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final CertificateConfig config;

    Certificates(EntityManager em, ObjectMapper json, Clock clock, SigningKeys keys, Blanks blanks, Offices offices,
                 Outbox outbox, AuditLog audit, CertificateConfig config) {
        this.em = em;
        this.json = json;
        this.clock = clock;
        this.keys = keys;
        this.blanks = blanks;
        this.offices = offices;
        this.outbox = outbox;
        this.audit = audit;
        this.config = config;
    }

    /** A certificate asked for by staff of the act's office. */
    @Transactional
    public CertificateView issue(Caller caller, IssueRequest request) {
        ActSnapshot act = snapshot(request.actId()).orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", request.actId()));
        caller.requireOffice(act.office());
        if (request.actVersion() != null && request.actVersion() != act.version()) {
            boolean sealed = Boolean.TRUE.equals(em.createNativeQuery(
                            "SELECT bool_or(sealed) FROM act_snapshot_version WHERE act_id = ?1 AND version = ?2")
                    .setParameter(1, act.actId()).setParameter(2, request.actVersion()).getSingleResult());
            throw sealed ? ProblemException.conflict("ACT_VERSION_SEALED", request.actVersion())
                    : ProblemException.conflict("ACT_VERSION_NOT_CURRENT", request.actVersion(), act.version());
        }
        return issueNow(act, request.kind(), request.medium(), act.office(), null, caller);
    }

    /**
     * Remembers the certificate an application is owed (it reached REGISTERED, or a repeat certificate or extract was
     * approved), in the caller's transaction; {@link OwedCertificates} issues it within a second or two, once the act
     * is projected here and a blank is free.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void owe(UUID applicationId, UUID actId, Integer actVersion, String registrationNumber, CertificateType.Kind kind,
                    String office) {
        em.createNativeQuery("""
                        INSERT INTO certificate_request (application_id, act_id, act_version, registration_number, kind,
                                                         office, waiting_for, attempted_at)
                        SELECT ?1, ?2, ?6, ?3, ?4, ?5, 'FIRST_ATTEMPT', '-infinity'
                        WHERE NOT EXISTS (SELECT 1 FROM certificate WHERE application_id = ?1)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, applicationId).setParameter(2, actId).setParameter(3, registrationNumber)
                .setParameter(4, kind.name()).setParameter(5, office).setParameter(6, actVersion).executeUpdate();
    }

    /** An owed certificate that was refused: given up when it never can be issued, else tried again later. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(UUID applicationId, String code) {
        if ("CERTIFICATE_ALREADY_ISSUED".equals(code) || "ACT_ANNULLED".equals(code)) {
            LOG.warnf("application %s is owed no certificate: %s", applicationId, code);
            forget(applicationId);
            return;
        }
        em.createNativeQuery("UPDATE certificate_request SET waiting_for = ?2, attempted_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, code).executeUpdate();
    }

    /** Tries an owed certificate once more: issued, given up (an annulled act), or left waiting for what it lacks. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tryOwed(UUID applicationId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT act_id, registration_number, kind, office, act_version FROM certificate_request
                        WHERE application_id = ?1 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, applicationId).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] r = rows.get(0);
        Optional<ActSnapshot> act = r[0] != null ? snapshot((UUID) r[0]) : snapshotByNumber((String) r[1]);
        CertificateType.Kind kind = CertificateType.Kind.valueOf((String) r[2]);
        String office = (String) r[3];
        Integer version = r[4] == null ? null : ((Number) r[4]).intValue();
        String waiting;
        if (act.isEmpty()) {
            waiting = "ACT";
        } else if (act.get().annulled()) {
            LOG.warnf("application %s is owed a certificate of annulled act %s: none is issued", applicationId,
                    act.get().registrationNumber());
            forget(applicationId);
            return;
        } else if (version != null && act.get().version() < version) {
            waiting = "ACT_VERSION"; // the correction this application made has not reached the projection yet
        } else if (config.automaticMedium() == CertificateType.Medium.PAPER
                && !blanks.hasFree(office, CertificateType.of(kind, act.get().type()))) {
            waiting = "BLANKS";
        } else {
            issueNow(act.get(), kind, config.automaticMedium(), office, applicationId, SYSTEM);
            forget(applicationId);
            return;
        }
        em.createNativeQuery("UPDATE certificate_request SET waiting_for = ?2, attempted_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, waiting).executeUpdate();
        LOG.infof("the certificate of application %s waits for %s", applicationId, waiting.toLowerCase());
    }

    /** The owed certificates due for an attempt (new ones, and those that waited long enough), oldest first. */
    @Transactional
    public List<UUID> owed(int limit) {
        return em.createNativeQuery("""
                        SELECT application_id FROM certificate_request
                        WHERE attempted_at < now() - CAST(?2 AS interval) ORDER BY attempted_at LIMIT ?1""")
                .setParameter(2, config.retryAfter().toMillis() + " milliseconds").setParameter(1, limit).getResultList();
    }

    private void forget(UUID applicationId) {
        em.createNativeQuery("DELETE FROM certificate_request WHERE application_id = ?1").setParameter(1, applicationId)
                .executeUpdate();
    }

    private CertificateView issueNow(ActSnapshot act, CertificateType.Kind kind, CertificateType.Medium medium, String office,
                                     UUID applicationId, Caller caller) {
        if (act.annulled()) {
            throw ProblemException.conflict("ACT_ANNULLED", act.registrationNumber());
        }
        CertificateType type = CertificateType.of(kind, act.type());
        if (kind == CertificateType.Kind.CERTIFICATE && !em.createNativeQuery("""
                        SELECT 1 FROM certificate WHERE act_id = ?1 AND act_version = ?2 AND kind = 'CERTIFICATE'
                        AND status = 'VALID' LIMIT 1""")
                .setParameter(1, act.actId()).setParameter(2, act.version()).getResultList().isEmpty()) {
            throw ProblemException.conflict("CERTIFICATE_ALREADY_ISSUED", act.registrationNumber());
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long statusIndex = ((Number) em.createNativeQuery("SELECT nextval('certificate_status_index')").getSingleResult()).longValue();
        Blanks.Blank blank = medium == CertificateType.Medium.PAPER ? blanks.take(office, type, id, caller) : null;

        PaperContent content = PaperContent.of(type, act.type(), act.act().path("details"));
        TokenClaims claims = new TokenClaims(id, type.name(), kind.name(), act.registrationNumber(), act.registrationDate(),
                content.eventDate(), content.persons(), blank == null ? null : blank.series(),
                blank == null ? null : blank.number(), statusIndex, today);
        String token = CertificateToken.sign(claims, keys.active());
        String link = config.publicBaseUrl() + "/v#" + token;
        QrCode qr = QrCode.of(link);
        Offices.Office registryOffice = offices.find(act.office());
        byte[] pdf = CertificatePdf.render(new CertificatePdf.Paper(content, act.registrationNumber(), act.registrationDate(),
                registryOffice == null ? act.office() : registryOffice.nameTg(),
                registryOffice == null ? act.office() : registryOffice.nameRu(), act.registeredBy(),
                blank == null ? null : blank.series(), blank == null ? null : blank.number(), today, token, link, qr));

        em.createNativeQuery("""
                        INSERT INTO certificate (id, act_id, act_version, application_id, kind, certificate_type, medium, office,
                            registration_number, blank_series, blank_number, status_index, national_ids, token, qr_version,
                            pdf, issued_by, issued_at)
                        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, national_ids, ?13, ?14, ?15, ?16, ?17
                        FROM act_snapshot WHERE act_id = ?2""")
                .setParameter(1, id).setParameter(2, act.actId()).setParameter(3, act.version()).setParameter(4, applicationId)
                .setParameter(5, kind.name()).setParameter(6, type.name()).setParameter(7, medium.name())
                .setParameter(8, office).setParameter(9, act.registrationNumber())
                .setParameter(10, blank == null ? null : blank.series()).setParameter(11, blank == null ? null : blank.number())
                .setParameter(12, statusIndex).setParameter(13, token).setParameter(14, qr.version()).setParameter(15, pdf)
                .setParameter(16, caller.username()).setParameter(17, now.atOffset(ZoneOffset.UTC)).executeUpdate();
        changed();
        outbox.publish(new Outbox.Event(TOPIC, ISSUED, id.toString(), act.registrationNumber(),
                new Issued(1, id, act.actId(), act.version(), applicationId, kind.name(), medium.name(), office, now)));
        LOG.infof("certificate %s (%s %s) of %s v%d issued by %s%s", id, kind, medium, act.registrationNumber(),
                act.version(), caller.username(), blank == null ? "" : " on blank " + blank.series() + " " + blank.number());
        return view(id).orElseThrow();
    }

    /**
     * Revokes every valid certificate of the act printed from a version before {@code beforeVersion} (all of them when
     * the act is annulled), each with its sabt.certificate.revoked; idempotent: a revoked one stays as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeOfAct(UUID actId, int beforeVersion, String reason) {
        List<Object[]> revoked = em.createNativeQuery("""
                        UPDATE certificate SET status = 'REVOKED', revoked_reason = ?3, revoked_at = ?4
                        WHERE act_id = ?1 AND status = 'VALID' AND act_version < ?2
                        RETURNING id, act_id, act_version, office, status_index""")
                .setParameter(1, actId).setParameter(2, beforeVersion).setParameter(3, reason)
                .setParameter(4, clock.instant().atOffset(ZoneOffset.UTC)).getResultList();
        revoked.forEach(r -> published((UUID) r[0], (UUID) r[1], ((Number) r[2]).intValue(), reason, (String) r[3],
                ((Number) r[4]).longValue()));
        return revoked.size();
    }

    /** A blank spoiled: the certificate printed on it is revoked (BLANK_SPOILED). */
    @Transactional
    public Blanks.Spoiled spoil(Caller caller, String series, int number, String reason) {
        Blanks.Spoiled spoiled = blanks.spoil(caller, series, number, reason);
        if (spoiled.certificateId() != null) {
            List<Object[]> revoked = em.createNativeQuery("""
                            UPDATE certificate SET status = 'REVOKED', revoked_reason = 'BLANK_SPOILED', revoked_at = ?2
                            WHERE id = ?1 AND status = 'VALID' RETURNING id, act_id, act_version, office, status_index""")
                    .setParameter(1, spoiled.certificateId()).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC))
                    .getResultList();
            revoked.forEach(r -> published((UUID) r[0], (UUID) r[1], ((Number) r[2]).intValue(), "BLANK_SPOILED",
                    (String) r[3], ((Number) r[4]).longValue()));
        }
        return spoiled;
    }

    private void published(UUID id, UUID actId, int actVersion, String reason, String office, long statusIndex) {
        changed();
        outbox.publish(new Outbox.Event(TOPIC, REVOKED, id.toString(), null,
                new Revoked(1, id, actId, actVersion, reason, office, statusIndex, clock.instant().truncatedTo(ChronoUnit.MICROS))));
        LOG.infof("certificate %s revoked: %s", id, reason);
    }

    /** A status changed: a cached status list is stale from now on. */
    private void changed() {
        em.createNativeQuery("SELECT nextval('certificate_status_change')").getSingleResult();
    }

    /** One certificate, as its caller may see it: staff of its office, or a citizen the act names. */
    @Transactional
    public CertificateView find(Caller caller, UUID id) {
        return view(id).filter(c -> mayRead(caller, c))
                .orElseThrow(() -> ProblemException.notFound("CERTIFICATE_NOT_FOUND", id));
    }

    /** The PDF, its download audited. */
    @Transactional
    public byte[] pdf(Caller caller, UUID id, String reason) {
        find(caller, id);
        audit.append(caller, new AuditLog.Entry("DOWNLOAD", "CERTIFICATE", id.toString(), reason));
        return (byte[]) em.createNativeQuery("SELECT pdf FROM certificate WHERE id = ?1").setParameter(1, id).getSingleResult();
    }

    /** The caller's certificates (a citizen's: of acts naming them), or an office's (staff), newest first. */
    @Transactional
    public Page<CertificateView> list(Caller caller, boolean mine, String office, UUID actId, Page.Cursor after, int limit) {
        String where;
        Object filter;
        if (mine || caller.actingCitizen() != null) {
            if (caller.actingCitizen() == null) {
                throw ProblemException.badRequest("CITIZEN_ID_REQUIRED");
            }
            where = "?1 = ANY (national_ids)";
            filter = caller.actingCitizen();
        } else {
            String scope = office != null ? office : caller.office();
            if (scope == null || Caller.ALL_OFFICES.equals(scope)) {
                throw ProblemException.badRequest("OFFICE_REQUIRED");
            }
            caller.requireOffice(scope);
            where = "office = ?1";
            filter = scope;
        }
        StringBuilder sql = new StringBuilder(VIEW_COLUMNS + " WHERE " + where);
        if (actId != null) {
            sql.append(" AND act_id = ?4");
        }
        if (after != null) {
            sql.append(" AND (issued_at, id) < (?2, ?3)");
        }
        sql.append(" ORDER BY issued_at DESC, id DESC LIMIT ").append(limit + 1);
        var query = em.createNativeQuery(sql.toString()).setParameter(1, filter);
        if (actId != null) {
            query.setParameter(4, actId);
        }
        if (after != null) {
            query.setParameter(2, after.at().atOffset(ZoneOffset.UTC)).setParameter(3, after.id());
        }
        List<Object[]> rows = query.getResultList();
        List<CertificateView> items = rows.stream().limit(limit).map(this::view).toList();
        String next = rows.size() > limit ? new Page.Cursor(items.get(items.size() - 1).issuedAt(),
                items.get(items.size() - 1).id()).encode() : null;
        return new Page<>(items, next);
    }

    private boolean mayRead(Caller caller, CertificateView c) {
        if (caller.actingCitizen() != null) {
            return (Boolean) em.createNativeQuery("SELECT ?2 = ANY (national_ids) FROM certificate WHERE id = ?1")
                    .setParameter(1, c.id()).setParameter(2, caller.actingCitizen()).getSingleResult();
        }
        return caller.has(Roles.AUDITOR) || caller.mayActIn(c.office());
    }

    private static final String VIEW_COLUMNS = """
            SELECT id, act_id, act_version, application_id, registration_number, kind, certificate_type, medium,
                   office, blank_series, blank_number, status, revoked_reason, revoked_at, status_index, token,
                   qr_version, issued_by, issued_at
            FROM certificate""";

    public Optional<CertificateView> view(UUID id) {
        List<Object[]> rows = em.createNativeQuery(VIEW_COLUMNS + " WHERE id = ?1").setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(this::view);
    }

    private CertificateView view(Object[] r) {
        return new CertificateView((UUID) r[0], (UUID) r[1], ((Number) r[2]).intValue(),
                (UUID) r[3], (String) r[4], CertificateType.Kind.valueOf((String) r[5]), CertificateType.valueOf((String) r[6]),
                CertificateType.Medium.valueOf((String) r[7]), (String) r[8], (String) r[9],
                r[10] == null ? null : ((Number) r[10]).intValue(), (String) r[11], (String) r[12],
                r[13] == null ? null : Timestamps.instant(r[13]), ((Number) r[14]).longValue(),
                config.publicBaseUrl() + "/v#" + r[15], ((Number) r[16]).intValue(), (String) r[17], Timestamps.instant(r[18]));
    }

    Optional<ActSnapshot> snapshot(UUID actId) {
        return snapshots("act_id = ?1", actId);
    }

    Optional<ActSnapshot> snapshotByNumber(String registrationNumber) {
        return registrationNumber == null ? Optional.empty() : snapshots("registration_number = ?1", registrationNumber);
    }

    private Optional<ActSnapshot> snapshots(String where, Object value) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT act_id, version, type, registration_number, office, status, registration_date, registered_by,
                               CAST(act AS text)
                        FROM act_snapshot WHERE\s""" + where).setParameter(1, value).getResultList();
        return rows.stream().findFirst().map(r -> new ActSnapshot((UUID) r[0], ((Number) r[1]).intValue(), (String) r[2],
                (String) r[3], (String) r[4], (String) r[5], localDate(r[6]),
                (String) r[7], read((String) r[8])));
    }

    private static LocalDate localDate(Object column) {
        return column == null ? null : column instanceof LocalDate d ? d : ((java.sql.Date) column).toLocalDate();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored act cannot be read", e);
        }
    }
}
