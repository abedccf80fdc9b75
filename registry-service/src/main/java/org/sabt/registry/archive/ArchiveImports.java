package org.sabt.registry.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.lease.Leases;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.time.Timestamps;
import org.sabt.registry.act.ActRegistration;
import org.sabt.registry.act.ActService;
import org.sabt.registry.act.ActView;
import org.sabt.registry.act.BulkBirths;
import org.sabt.registry.duplicate.DuplicateCheck;
import org.sabt.registry.person.Person;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The paper archive in bulk. An archivist's file (CSV with dotted column names, or JSON Lines of restorations) is
 * staged line by line with PostgreSQL COPY in one transaction, then worked off in the background: the plain births
 * set-based ({@link BulkBirths}), every other line as a restoration, checked by the same rules, persons matched by
 * national id and by the duplicate matcher, the paper number and date kept. A line's outcome is written in the transaction that records its act, so a crash loses
 * nothing and the import resumes where it stopped; a line whose paper number the office already has is not imported
 * again.
 */
@ApplicationScoped
public class ArchiveImports {

    private static final Logger LOG = Logger.getLogger(ArchiveImports.class);

    public enum Format { CSV, JSON_LINES }

    @Schema(name = "ArchiveImportStatus")
    public enum Status { RUNNING, DONE }

    /** A line's outcome. */
    @Schema(name = "ArchiveImportLineOutcome")
    public enum Outcome {
        PENDING,
        /** Imported; every person it names was entered anew. */
        IMPORTED,
        /** Imported; some person it names was found in the index (by national id or personId). */
        MATCHED,
        /** Held as a potential duplicate: see the review. */
        HELD,
        /** The office already has this paper number: imported before. */
        ALREADY_IMPORTED,
        REFUSED
    }

    /** An import and how far it got. */
    @Schema(name = "ArchiveImport")
    public record View(UUID id, Format format, Status status, String createdBy, Instant createdAt, Instant finishedAt,
                       int lines, @Schema(description = "Lines per outcome") Map<Outcome, Long> outcomes) {
    }

    /** One line's outcome. */
    @Schema(name = "ArchiveImportLine")
    public record Line(int line, Outcome outcome, @Schema(example = "BIRTH_MOTHER_TOO_YOUNG") String code, String detail,
                       UUID actId, UUID reviewId) {
    }

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final ActService acts;
    private final ObjectMapper json;
    private final Validator validator;
    private final AuditLog audit;
    private final Clock clock;
    private final BulkBirths bulkBirths;

    /** One instance at a time works the imports off; it renews its lease at every batch. */
    private static final String LEASE_NAME = "archive-imports";
    private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);
    private final Leases leases;

    ArchiveImports(EntityManager em, AgroalDataSource dataSource, ActService acts, ObjectMapper json, Validator validator,
                   AuditLog audit, Clock clock, BulkBirths bulkBirths, Leases leases) {
        this.bulkBirths = bulkBirths;
        this.leases = leases;
        this.em = em;
        this.dataSource = dataSource;
        this.acts = acts;
        this.json = json;
        this.validator = validator;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stages the file's lines (COPY) and starts the import; answers at once, the lines are worked off after. */
    public View start(Caller caller, Format format, InputStream body, java.nio.charset.Charset charset) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int lines;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("""
                    INSERT INTO import_job (id, format, status, created_by, caller, created_at, lines)
                    VALUES (?, ?, 'RUNNING', ?, CAST(? AS jsonb), ?, 0)""")) {
                insert.setObject(1, id);
                insert.setString(2, format.name());
                insert.setString(3, caller.username());
                insert.setString(4, json.writeValueAsString(caller));
                insert.setObject(5, now.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY import_line (import_id, line, payload, status, code) FROM STDIN WITH (FORMAT csv)");
            try {
                lines = stage(id, format, new InputStreamReader(body, charset), copy);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            try (var update = c.prepareStatement("UPDATE import_job SET lines = ? WHERE id = ?")) {
                update.setInt(1, lines);
                update.setObject(2, id);
                update.executeUpdate();
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("staging the import failed", e);
        }
        QuarkusTransaction.requiringNew().run(() -> audit.append(caller,
                new AuditLog.Entry("IMPORT", "IMPORT", id.toString(), lines + " lines, " + format)));
        return view(id);
    }

    /** Copies each line as a restoration's JSON; a line that is not one is refused at once with its code. */
    private int stage(UUID id, Format format, java.io.Reader body, CopyIn copy) throws IOException, SQLException {
        BufferedReader reader = new BufferedReader(body);
        String[] header = null;
        int n = 0;
        String text;
        while ((text = reader.readLine()) != null) {
            if (text.isBlank()) {
                continue;
            }
            if (format == Format.CSV && header == null) {
                header = CsvLines.split(text).toArray(String[]::new);
                continue;
            }
            n++;
            String payload = null;
            String code = null;
            try {
                JsonNode node = format == Format.CSV ? CsvLines.toJson(json, header, CsvLines.split(text)) : json.readTree(text);
                if (!(node instanceof ObjectNode)) {
                    code = "LINE_NOT_AN_OBJECT";
                } else if (text.indexOf('\u0000') >= 0 || node.toString().contains("\\u0000")) {
                    code = "LINE_NOT_STORABLE";
                } else {
                    payload = json.writeValueAsString(node);
                }
            } catch (IOException | IllegalArgumentException e) {
                code = "LINE_MALFORMED";
            }
            String row = id + "," + n + "," + (payload == null ? "" : CsvLines.quote(payload)) + ","
                    + (code == null ? "PENDING" : "REFUSED") + "," + (code == null ? "" : code) + "\n";
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
        }
        if (n == 0) {
            throw ProblemException.badRequest("IMPORT_EMPTY");
        }
        return n;
    }

    /** Works off the pending lines of running imports, oldest import first. */
    @Scheduled(every = "${sabt.imports.poll-every:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void work() {
        if (!leases.hold(LEASE_NAME, LEASE)) {
            return; // another instance works the imports off
        }
        List<?> running = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT CAST(id AS text) FROM import_job WHERE status = 'RUNNING' ORDER BY created_at").getResultList());
        for (Object id : running) {
            workOff(UUID.fromString((String) id));
        }
    }

    void workOff(UUID id) {
        Caller caller = QuarkusTransaction.requiringNew().call(() -> caller(id));
        // The archive's bulk (plain births) set-based first; whatever needs a closer look, line by line after.
        bulkBirths.workOff(caller, id);
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object[]> batch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                            SELECT line, CAST(payload AS text) FROM import_line WHERE import_id = ?1 AND status = 'PENDING'
                            ORDER BY line LIMIT 500""").setParameter(1, id).getResultList());
            if (batch.isEmpty()) {
                break;
            }
            if (!leases.hold(LEASE_NAME, LEASE)) {
                return; // the lease lapsed and another instance took the import over
            }
            for (Object[] row : batch) {
                int line = ((Number) row[0]).intValue();
                try {
                    QuarkusTransaction.requiringNew().run(() -> importLine(caller, id, line, (String) row[1]));
                } catch (ProblemException e) {
                    QuarkusTransaction.requiringNew().run(() -> refused(id, line, e));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "import %s line %d failed", id, line);
                    QuarkusTransaction.requiringNew().run(() -> mark(id, line, Outcome.REFUSED, "LINE_FAILED",
                            e.getClass().getSimpleName(), null, null));
                }
            }
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE import_job SET status = 'DONE', finished_at = ?2 WHERE id = ?1 AND status = 'RUNNING'")
                .setParameter(1, id).setParameter(2, clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }

    /** One line: restored in this transaction, with its outcome; a refusal rolls it back whole. */
    private void importLine(Caller caller, UUID id, int line, String payload) {
        ActService.Restoration restoration;
        try {
            restoration = json.readValue(payload, ActService.Restoration.class);
        } catch (IOException e) {
            throw ProblemException.badRequest("LINE_MALFORMED");
        }
        Set<ConstraintViolation<ActService.Restoration>> violations = validator.validate(restoration);
        if (!violations.isEmpty()) {
            ConstraintViolation<ActService.Restoration> v = violations.iterator().next();
            throw ProblemException.badRequest("VALIDATION_FAILED", v.getPropertyPath() + " " + v.getMessage());
        }
        Instant before = clock.instant().minusMillis(1);
        ActView act;
        try {
            act = acts.restore(caller, restoration, "import " + id + " line " + line);
        } catch (ProblemException e) {
            if ("REGISTRATION_NUMBER_TAKEN".equals(e.code())) {
                throw ProblemException.conflict("ALREADY_IMPORTED");
            }
            throw e;
        }
        boolean matched = act.details().parties().stream().map(ActRegistration.Party::person)
                .filter(p -> p != null && p.personId() != null)
                .map(p -> Person.<Person>findById(p.personId()))
                .anyMatch(p -> p != null && p.createdAt.isBefore(before));
        mark(id, line, matched ? Outcome.MATCHED : Outcome.IMPORTED, null, null, act.id(), null);
    }

    private void refused(UUID id, int line, ProblemException e) {
        if (e.code().equals("ALREADY_IMPORTED")) {
            mark(id, line, Outcome.ALREADY_IMPORTED, "REGISTRATION_NUMBER_TAKEN", null, null, null);
        } else if (e.details() instanceof DuplicateCheck.Held held) {
            mark(id, line, Outcome.HELD, e.code(), null, null, held.reviewId());
        } else {
            String detail = e.errors().isEmpty() ? (e.args().length == 0 ? null : String.valueOf(e.args()[0]))
                    : e.errors().stream().map(f -> f.field() + " " + f.code()).reduce((a, b) -> a + "; " + b).orElse(null);
            mark(id, line, Outcome.REFUSED, e.code(), detail, null, null);
        }
    }

    private void mark(UUID id, int line, Outcome outcome, String code, String detail, UUID act, UUID review) {
        em.createNativeQuery("""
                        UPDATE import_line SET status = ?3, code = ?4, detail = ?5, act_id = ?6, review_id = ?7
                        WHERE import_id = ?1 AND line = ?2""")
                .setParameter(1, id).setParameter(2, line).setParameter(3, outcome.name()).setParameter(4, code)
                .setParameter(5, detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail)
                .setParameter(6, act).setParameter(7, review).executeUpdate();
    }

    private Caller caller(UUID id) {
        String text = (String) em.createNativeQuery("SELECT CAST(caller AS text) FROM import_job WHERE id = ?1")
                .setParameter(1, id).getSingleResult();
        try {
            return json.readValue(text, Caller.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public View view(UUID id) {
        List<?> found = em.createNativeQuery("""
                        SELECT format, status, created_by, created_at, finished_at, lines FROM import_job WHERE id = ?1""")
                .setParameter(1, id).getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("IMPORT_NOT_FOUND", id);
        }
        Object[] r = (Object[]) found.get(0);
        Map<Outcome, Long> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> counts = em.createNativeQuery("SELECT status, lines FROM import_outcome WHERE import_id = ?1")
                .setParameter(1, id).getResultList();
        counts.forEach(c -> outcomes.put(Outcome.valueOf((String) c[0]), ((Number) c[1]).longValue()));
        return new View(id, Format.valueOf((String) r[0]), Status.valueOf((String) r[1]), (String) r[2],
                Timestamps.instant(r[3]), r[4] == null ? null : Timestamps.instant(r[4]), ((Number) r[5]).intValue(), outcomes);
    }

    /** The lines' outcomes in line order, after the cursor's line, optionally of one outcome only. */
    @Transactional
    public Page<Line> lines(UUID id, Outcome outcome, String cursor, int limit) {
        view(id);
        Page.Keys after = Page.Keys.decode(cursor, 1);
        int from = after == null ? 0 : after.get(0, Integer::parseInt);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT line, status, code, detail, act_id, review_id FROM import_line
                        WHERE import_id = ?1 AND line > ?2 AND (CAST(?3 AS text) IS NULL OR status = ?3)
                        ORDER BY line LIMIT\s""" + (limit + 1))
                .setParameter(1, id).setParameter(2, from).setParameter(3, outcome == null ? null : outcome.name())
                .getResultList();
        return Page.of(rows, limit, r -> new Line(((Number) r[0]).intValue(), Outcome.valueOf((String) r[1]),
                        (String) r[2], (String) r[3], (UUID) r[4], (UUID) r[5]),
                r -> new Page.Keys(List.of(r[0].toString())));
    }
}
