package org.sabt.application.handoff;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationEvents;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The hand-off ledger: when an application registers its act, each agency entitled to act on it gets a hand-off
 * (SENT, published for its signed webhook); the agency acknowledges it and answers with its result, DONE with its
 * reference or FAILED with its reason (a failed one may still be done). Each change is published, so the parents are
 * told when one is done, and shown on their application; the office lists those overdue. An agency sees and answers
 * only its own.
 */
@ApplicationScoped
public class Handoffs {

    @Schema(name = "Handoff", description = "A registered act handed to an agency, and where the agency stands with it")
    public record View(UUID id, @Schema(example = "civil-id") String agency,
                       @Schema(description = "In the caller's language") String agencyName, UUID applicationId,
                       ServiceCode service, String office, UUID actId, String registrationNumber, Handoff.Status status,
                       @Schema(description = "DONE: the agency's reference, e.g. the personal number it assigned") String reference,
                       @Schema(description = "FAILED: the agency's reason") String reason,
                       @Schema(description = "How often the agency reported it failed") int failures,
                       Instant sentAt, Instant acknowledgedAt, Instant doneAt, Instant failedAt,
                       @Schema(description = "Not done within sabt.handoffs.overdue-after of being sent") boolean overdue) {
    }

    @Schema(name = "HandoffResult", description = "The agency's result: DONE with its reference, or FAILED with its reason")
    public record Result(@NotNull Outcome outcome,
                         @Size(max = 100) @Schema(example = "20261202000017") String reference,
                         @Size(max = 500) @Schema(example = "the mother's benefit account is closed") String reason) {
    }

    @Schema(name = "HandoffOutcome")
    public enum Outcome { DONE, FAILED }

    private final HandoffConfig config;
    private final Outbox outbox;
    private final Clock clock;

    Handoffs(HandoffConfig config, Outbox outbox, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** In the registration's transaction: a hand-off to each agency entitled to the act (once per agency). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(Application a) {
        Instant now = now();
        // The agencies already handed it, in one query (one per agency made Hibernate flush the session each time).
        Set<String> handed = new HashSet<>(Handoff.getEntityManager()
                .createQuery("select h.agency from Handoff h where h.applicationId = ?1", String.class)
                .setParameter(1, a.id).getResultList());
        config.agencies().forEach((code, agency) -> {
            if (!agency.services().contains(a.service) || handed.contains(code)) {
                return;
            }
            Handoff h = new Handoff();
            h.id = UUID.randomUUID();
            h.applicationId = a.id;
            h.agency = code;
            h.service = a.service;
            h.office = a.office;
            h.actId = a.actId;
            h.registrationNumber = a.registrationNumber;
            h.status = Handoff.Status.SENT;
            h.sentAt = now;
            h.updatedAt = now;
            h.persist();
            outbox.publish(HandoffEvents.requested(h, a.applicantNationalId, a.form));
        });
    }

    /** The agency has it: SENT becomes ACKNOWLEDGED; again is the same; after its result, 409. */
    @Transactional
    public View acknowledge(Caller caller, UUID id) {
        Handoff h = addressed(caller, id);
        switch (h.status) {
            case SENT -> change(h, Handoff.Status.ACKNOWLEDGED, caller, () -> h.acknowledgedAt = h.updatedAt);
            case ACKNOWLEDGED -> {
            }
            case DONE, FAILED -> throw ProblemException.conflict("HANDOFF_ALREADY_ANSWERED", h.status);
        }
        return view(h, Locale.forLanguageTag("en"));
    }

    /**
     * The agency's result. The same result again is the same (200, nothing new); a failed hand-off may be done later
     * (the agency retried); a done one is final (409 HANDOFF_ALREADY_DONE).
     */
    @Transactional
    public View result(Caller caller, UUID id, Result r) {
        Handoff h = addressed(caller, id);
        if (r.outcome() == Outcome.FAILED && (r.reason() == null || r.reason().isBlank())) {
            throw ProblemException.unprocessable("HANDOFF_REASON_REQUIRED");
        }
        Handoff.Status wanted = r.outcome() == Outcome.DONE ? Handoff.Status.DONE : Handoff.Status.FAILED;
        boolean same = h.status == wanted && (wanted == Handoff.Status.DONE ? Objects.equals(h.reference, r.reference())
                : Objects.equals(h.reason, r.reason()));
        if (same) {
            return view(h, Locale.forLanguageTag("en"));
        }
        if (h.status == Handoff.Status.DONE) {
            throw ProblemException.conflict("HANDOFF_ALREADY_DONE", h.reference);
        }
        if (wanted == Handoff.Status.DONE) {
            change(h, wanted, caller, () -> {
                h.reference = r.reference();
                h.reason = null;
                h.doneAt = h.updatedAt;
            });
        } else {
            change(h, wanted, caller, () -> {
                h.reason = r.reason();
                h.failures++;
                h.failedAt = h.updatedAt;
            });
        }
        return view(h, Locale.forLanguageTag("en"));
    }

    /**
     * An agency's own hand-offs (by status), or an office's (overdue: not done within the configured time), oldest
     * first; national staff name the office.
     */
    @Transactional
    public Page<View> list(Caller caller, Handoff.Status status, boolean overdue, String office, String cursor,
                           Integer requestedLimit, Locale locale) {
        int limit = Page.limit(requestedLimit);
        Page.Cursor after = Page.Cursor.decode(cursor);
        StringBuilder q = new StringBuilder();
        Parameters p;
        if (isAgency(caller)) {
            Optional<String> agency = agencyOf(caller);
            if (agency.isEmpty()) {
                return Page.of(List.<Handoff>of(), limit, h -> view(h, locale), h -> new Page.Cursor(h.sentAt, h.id));
            }
            q.append("agency = :agency");
            p = Parameters.with("agency", agency.get());
        } else {
            String where = office != null ? office : Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office();
            if (where == null) {
                throw ProblemException.badRequest("OFFICE_REQUIRED");
            }
            caller.requireOffice(where);
            q.append("office = :office");
            p = Parameters.with("office", where);
        }
        if (status != null) {
            q.append(" and status = :status");
            p.and("status", status);
        }
        if (overdue) {
            q.append(" and status <> :done and sentAt < :before");
            p.and("done", Handoff.Status.DONE).and("before", now().minus(config.overdueAfter()));
        }
        if (after != null) {
            q.append(" and (sentAt > :at or (sentAt = :at and id > :id))");
            p.and("at", after.at()).and("id", after.id());
        }
        List<Handoff> found = Handoff.<Handoff>find(q + " order by sentAt, id", p).page(0, limit + 1).list();
        return Page.of(found, limit, h -> view(h, locale), h -> new Page.Cursor(h.sentAt, h.id));
    }

    /** One hand-off: to its agency, and to the staff of its office; anyone else is told it does not exist. */
    @Transactional
    public View get(Caller caller, UUID id, Locale locale) {
        return Handoff.<Handoff>findByIdOptional(id).filter(h -> isAgency(caller) ? agencyOf(caller).map(h.agency::equals)
                        .orElse(false) : caller.mayActIn(h.office))
                .map(h -> view(h, locale)).orElseThrow(() -> ProblemException.notFound("HANDOFF_NOT_FOUND", id));
    }

    /** An application's hand-offs, for its parents and its office, in their language. */
    public List<View> of(Application a, Locale locale) {
        return Handoff.<Handoff>find("applicationId = ?1 order by agency", a.id).stream().map(h -> view(h, locale)).toList();
    }

    private Handoff addressed(Caller caller, UUID id) {
        Handoff h = Handoff.<Handoff>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("HANDOFF_NOT_FOUND", id));
        if (!agencyOf(caller).map(h.agency::equals).orElse(false)) {
            throw ProblemException.forbidden("HANDOFF_NOT_YOURS", h.agency);
        }
        return h;
    }

    private void change(Handoff h, Handoff.Status to, Caller caller, Runnable what) {
        Handoff.Status previous = h.status;
        h.status = to;
        h.updatedAt = now();
        h.answeredBy = caller.username();
        what.run();
        Application a = Application.findById(h.applicationId);
        outbox.publish(HandoffEvents.statusChanged(h, previous, config.agencies().get(h.agency) == null ? Map.of()
                : config.agencies().get(h.agency).name(), a.applicantNationalId, ApplicationEvents.contact(a)));
    }

    private static boolean isAgency(Caller caller) {
        return caller.has(Roles.AGENCY) && !caller.has(Roles.REGISTRAR) && !caller.has(Roles.BACK_OFFICE)
                && !caller.has(Roles.SUPERVISOR);
    }

    /** The agency whose client's service account is calling. */
    private Optional<String> agencyOf(Caller caller) {
        return config.agencies().entrySet().stream()
                .filter(e -> caller.username().equals("service-account-" + e.getValue().clientId()))
                .map(Map.Entry::getKey).findFirst();
    }

    private View view(Handoff h, Locale locale) {
        HandoffConfig.Agency agency = config.agencies().get(h.agency);
        String name = agency == null ? h.agency : agency.name().getOrDefault(locale.getLanguage(),
                agency.name().getOrDefault("tg", h.agency));
        boolean overdue = h.status != Handoff.Status.DONE && h.sentAt.isBefore(now().minus(config.overdueAfter()));
        return new View(h.id, h.agency, name, h.applicationId, h.service, h.office, h.actId, h.registrationNumber, h.status,
                h.reference, h.reason, h.failures, h.sentAt, h.acknowledgedAt, h.doneAt, h.failedAt, overdue);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
