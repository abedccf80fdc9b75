package org.sabt.application.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.catalogue.OneWindowConfig;
import org.sabt.chassis.context.RequestContext;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Moves applications along {@link Transitions}: checks the move and who makes it, applies what it means for the
 * deadline and the claim, keeps it in the history (who, when, why, request id), bumps the version and writes
 * sabt.application.status-changed, all in the caller's transaction.
 */
@ApplicationScoped
public class Lifecycle {

    static final String SYSTEM = "sabt";

    private final Catalogue catalogue;
    private final OneWindowConfig config;
    private final Outbox outbox;
    private final EntityManager em;
    private final Clock clock;

    Lifecycle(Catalogue catalogue, OneWindowConfig config, Outbox outbox, EntityManager em, Clock clock) {
        this.catalogue = catalogue;
        this.config = config;
        this.outbox = outbox;
        this.em = em;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Today in the country (its calendar's time zone): deadlines count in its days. */
    public LocalDate today() {
        return catalogue.calendar().dayOf(clock.instant());
    }

    /** Citizens and portals see applications they are party to; staff their office's (national staff all). */
    public static boolean visibleTo(Caller caller, Application a) {
        if (caller.actingCitizen() != null) {
            return java.util.Arrays.asList(a.partyNationalIds).contains(caller.actingCitizen());
        }
        return (caller.has(Roles.REGISTRAR) || caller.has(Roles.BACK_OFFICE) || caller.has(Roles.SUPERVISOR))
                && caller.mayActIn(a.office);
    }

    /**
     * The application a caller acts on, locked for the change: 404 when they may not see it, 428 without If-Match,
     * 412 when it changed since they read it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Application lockForAction(Caller caller, UUID id, int expectedVersion) {
        Application a = Application.lockById(id).filter(app -> visibleTo(caller, app))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
        if (a.version != expectedVersion) {
            throw new ProblemException(412, "VERSION_MISMATCH", expectedVersion, a.version);
        }
        return a;
    }

    /**
     * Whether the caller may take the action now: 409 naming action and status when the table has no such move,
     * 403 when the move is not the caller's, 409 when the back office acts without holding the claim.
     */
    public Transitions.Transition allow(Application a, Action action, Caller caller) {
        Transitions.Transition t = Transitions.find(a.status, action).orElseThrow(() -> ProblemException.described(409,
                action + "_NOT_ALLOWED_WHEN_" + a.status, "ACTION_NOT_ALLOWED_IN_STATUS", action, a.status));
        Actor actor = t.by().stream().filter(by -> by.is(caller, a)).findFirst()
                .orElseThrow(() -> ProblemException.forbidden("ACTION_NOT_YOURS", action));
        if (actor == Actor.BACK_OFFICE) {
            requireClaim(a, caller);
        }
        return t;
    }

    /** The back office acts on an application it holds; another holder's claim is named. */
    public void requireClaim(Application a, Caller caller) {
        Instant now = now();
        if (!a.claimedAt(now, config.claimLapsesAfter())) {
            throw ProblemException.conflict("CLAIM_REQUIRED");
        }
        if (!a.assignedTo.equals(caller.username())) {
            throw ProblemException.conflict("APPLICATION_CLAIMED_BY_OTHER", a.assignedTo);
        }
        a.assignedAt = now;
    }

    /** A caller's move, checked against the table. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Application a, Action action, Caller caller, String reason) {
        move(a, allow(a, action, caller), caller, reason);
    }

    /** A caller's move that {@link #allow} has already checked (before the work the move depends on). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Application a, Transitions.Transition allowed, Caller caller, String reason) {
        apply(a, allowed, caller.username(), reason);
    }

    /** Sabt's own move (the saga, a consumed event): only where the table lets the system make it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void moveBySystem(Application a, Action action, String reason) {
        Transitions.Transition t = Transitions.find(a.status, action)
                .filter(found -> found.by().contains(Actor.SYSTEM))
                .orElseThrow(() -> new IllegalStateException(action + " is not the system's move from " + a.status));
        apply(a, t, SYSTEM, reason);
    }

    private void apply(Application a, Transitions.Transition t, String by, String reason) {
        ApplicationStatus previous = a.status;
        Instant now = now();
        LocalDate today = today();
        a.status = t.to().apply(a);
        consequences(a, t.action(), now, today, reason);
        a.version++;
        record(a, previous, t.action(), by, now, reason);
        outbox.publish(ApplicationEvents.statusChanged(a, previous, t.action(), reason, by, now));
    }

    /** What a move means beyond the status: the deadline, its pause, the claim, the end. */
    private void consequences(Application a, Action action, Instant now, LocalDate today, String reason) {
        switch (action) {
            case ACCEPT -> {
                a.acceptedAt = now;
                a.deadline = catalogue.calendar().deadline(today, catalogue.service(a.service).deadlineWorkingDays());
            }
            case RETURN -> {
                a.returnedOn = today;
                a.returnReason = reason;
                a.assignedTo = null;
                a.assignedAt = null;
            }
            case RESUBMIT -> {
                // The clock stood still while the application waited on the citizen: the deadline moves by as many
                // working days as it was away.
                if (a.deadline != null && a.returnedOn != null) {
                    int paused = catalogue.calendar().workingDaysBetween(a.returnedOn, today);
                    a.deadline = catalogue.calendar().plusWorkingDays(a.deadline, paused);
                    a.pausedWorkingDays += paused;
                }
                a.returnedOn = null;
            }
            case REVIEW -> {
                a.registryRefusalCode = null;
                a.registryRefusalDetail = null;
            }
            case CONSENT, APPROVE, REGISTRATION_REFUSED -> {
                // the approval's registration is recorded by the saga
            }
            case REGISTER, ISSUE_CERTIFICATE -> {
                a.assignedTo = null;
                a.assignedAt = null;
            }
            case COMPLETE, REJECT, CANCEL -> {
                a.closedAt = now;
                a.assignedTo = null;
                a.assignedAt = null;
            }
        }
    }

    /** The first entry of an application's history: submitted, by whom. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(Application a) {
        em.flush(); // the application's row, which its first status change refers to
        record(a, null, null, a.submittedBy, a.submittedAt, null);
        outbox.publish(ApplicationEvents.submitted(a));
    }

    /** The overdue announcement, once per application. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceOverdue(Application a) {
        a.overdueAnnouncedAt = now();
        outbox.publish(ApplicationEvents.overdue(a));
    }

    /**
     * The status change as a row of its own. The insert reads nothing the session holds (its sequence comes from the
     * rows of this table, which only this insert writes), so it does not make Hibernate flush the session first, a
     * dirty check of every entity loaded (JFR: 8 % of application-service's samples in bench scenario 3); the
     * application's own changes are flushed at commit, in the same transaction.
     */
    private void record(Application a, ApplicationStatus previous, Action action, String by, Instant at, String reason) {
        em.createNativeQuery("""
                        INSERT INTO application_status_change (application_id, seq, from_status, status, action, changed_by,
                                                               changed_at, reason, request_id)
                        VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM application_status_change WHERE application_id = ?1),
                                ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, a.id).setParameter(2, previous == null ? null : previous.name())
                .setParameter(3, a.status.name()).setParameter(4, action == null ? "SUBMIT" : action.name())
                .setParameter(5, by).setParameter(6, at.atOffset(ZoneOffset.UTC)).setParameter(7, reason)
                .setParameter(8, RequestContext.requestId()).setFlushMode(FlushModeType.COMMIT).executeUpdate();
    }
}
