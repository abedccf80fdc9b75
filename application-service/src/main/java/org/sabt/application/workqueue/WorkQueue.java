package org.sabt.application.workqueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.application.catalogue.OneWindowConfig;
import org.sabt.application.catalogue.Offices;
import org.sabt.application.lifecycle.Actor;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An office's work: the queues (to accept, to review, overdue, mine) in the order they are due, the back office's
 * claims on applications, and the office's figures.
 */
@ApplicationScoped
public class WorkQueue {

    /** The queues of an office. */
    public enum Queue {
        /** Submitted, waiting for the front office. */
        TO_ACCEPT,
        /** Accepted or in review, waiting for the back office. */
        TO_REVIEW,
        /** Past the deadline while the office has it. */
        OVERDUE,
        /** Claimed by the caller. */
        MINE
    }

    /** A claim on an application. */
    public record Assignment(UUID applicationId, String assignedTo, Instant assignedAt, Instant lapsesAt) {
    }

    /** An office's figures. */
    public record OfficeStatistics(String office, Map<ApplicationStatus, Long> openByStatus, long overdue,
                                   long completedLast30Days, Double medianHoursAcceptanceToCompletion) {
    }

    private final Lifecycle lifecycle;
    private final Offices offices;
    private final OneWindowConfig config;
    private final EntityManager em;

    WorkQueue(Lifecycle lifecycle, Offices offices, OneWindowConfig config, EntityManager em) {
        this.lifecycle = lifecycle;
        this.offices = offices;
        this.config = config;
        this.em = em;
    }

    /** The office a staff member works on: their own, or the one national staff choose. */
    String officeOf(Caller caller, String requested, boolean allowAll) {
        if (caller.office() == null) {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        if (requested != null && offices.find(requested).isEmpty()) {
            throw ProblemException.badRequest("OFFICE_UNKNOWN", requested.length() > 10 ? requested.substring(0, 10) : requested);
        }
        if (!Caller.ALL_OFFICES.equals(caller.office())) {
            caller.requireOffice(requested == null ? caller.office() : requested);
            return caller.office();
        }
        if (requested == null && !allowAll) {
            throw ProblemException.badRequest("OFFICE_REQUIRED");
        }
        return requested;
    }

    /** A queue of an office, ordered by deadline (none last), then age, keyset-paged. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Page<Application> queue(Caller caller, Queue queue, String requestedOffice, String cursor, Integer requestedLimit) {
        int limit = Page.limit(requestedLimit);
        Page.Keys after = Page.Keys.decode(cursor, 3);
        String office = officeOf(caller, requestedOffice, queue == Queue.MINE);
        String where = switch (queue) {
            case TO_ACCEPT, TO_REVIEW -> "office = :office AND queue = :queue";
            case OVERDUE -> "office = :office AND status IN " + ApplicationStatus.DEADLINE_RUNS_SQL + " AND due < :today";
            case MINE -> "assigned_to = :me AND assigned_at > :lapsed AND status NOT IN " + ApplicationStatus.FINAL_SQL
                    + (office == null ? "" : " AND office = :office");
        };
        var q = em.createNativeQuery("SELECT * FROM application WHERE " + where
                + (after == null ? "" : " AND (due, submitted_at, id) > (:due, :at, :id)")
                + " ORDER BY due, submitted_at, id LIMIT " + (limit + 1), Application.class);
        switch (queue) {
            case TO_ACCEPT, TO_REVIEW -> q.setParameter("office", office).setParameter("queue", queue.name());
            case OVERDUE -> q.setParameter("office", office).setParameter("today", lifecycle.today());
            case MINE -> {
                q.setParameter("me", caller.username())
                        .setParameter("lapsed", lifecycle.now().minus(config.claimLapsesAfter()).atOffset(ZoneOffset.UTC));
                if (office != null) {
                    q.setParameter("office", office);
                }
            }
        }
        if (after != null) {
            q.setParameter("due", after.get(0, LocalDate::parse))
                    .setParameter("at", after.get(1, Instant::parse).atOffset(ZoneOffset.UTC))
                    .setParameter("id", after.get(2, UUID::fromString));
        }
        return Page.of((List<Application>) q.getResultList(), limit, a -> a, a -> new Page.Keys(List.of(
                (a.deadline == null ? LocalDate.of(9999, 12, 31) : a.deadline).toString(), a.submittedAt.toString(),
                a.id.toString())));
    }

    /** The back office claims an application before acting on it; someone else's live claim is named. */
    @Transactional
    public Assignment claim(Caller caller, UUID id) {
        Application a = backOfficeApplication(caller, id);
        if (a.status != ApplicationStatus.ACCEPTED && a.status != ApplicationStatus.IN_REVIEW
                && a.status != ApplicationStatus.APPROVED) {
            throw ProblemException.described(409, "CLAIM_NOT_ALLOWED_WHEN_" + a.status, "CLAIM_NOT_ALLOWED_IN_STATUS", a.status);
        }
        Instant now = lifecycle.now();
        if (a.claimedAt(now, config.claimLapsesAfter()) && !a.assignedTo.equals(caller.username())) {
            throw ProblemException.conflict("APPLICATION_CLAIMED_BY_OTHER", a.assignedTo);
        }
        a.assignedTo = caller.username();
        a.assignedAt = now;
        return new Assignment(a.id, a.assignedTo, a.assignedAt, a.assignedAt.plus(config.claimLapsesAfter()));
    }

    /** The holder, or a supervisor, releases a claim. */
    @Transactional
    public void release(Caller caller, UUID id) {
        Application a = backOfficeApplication(caller, id);
        if (!a.claimedAt(lifecycle.now(), config.claimLapsesAfter())) {
            throw ProblemException.conflict("NOT_CLAIMED");
        }
        if (!a.assignedTo.equals(caller.username()) && !caller.has(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("CLAIM_NOT_YOURS", a.assignedTo);
        }
        a.assignedTo = null;
        a.assignedAt = null;
    }

    private Application backOfficeApplication(Caller caller, UUID id) {
        Application a = Application.lockById(id).filter(app -> Lifecycle.visibleTo(caller, app))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
        if (!Actor.BACK_OFFICE.is(caller, a)) {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        return a;
    }

    /** Per office: open applications by status, overdue, and the median time from acceptance to completion (30 days). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<OfficeStatistics> statistics(Caller caller, String requestedOffice) {
        String office = officeOf(caller, requestedOffice, true);
        String only = office == null ? "" : " AND office = :office";
        Map<String, Map<ApplicationStatus, Long>> open = new LinkedHashMap<>();
        Map<String, Long> overdue = new LinkedHashMap<>();
        Map<String, Object[]> completion = new LinkedHashMap<>();
        var byStatus = em.createNativeQuery("SELECT office, status, count(*) FROM application "
                + "WHERE status NOT IN " + ApplicationStatus.FINAL_SQL + only + " GROUP BY office, status ORDER BY office");
        var late = em.createNativeQuery("SELECT office, count(*) FROM application WHERE status IN " + ApplicationStatus.DEADLINE_RUNS_SQL
                + " AND due < :today" + only + " GROUP BY office").setParameter("today", lifecycle.today());
        var median = em.createNativeQuery("SELECT office, count(*), percentile_cont(0.5) WITHIN GROUP "
                + "(ORDER BY EXTRACT(EPOCH FROM closed_at - accepted_at)) FROM application WHERE status = 'COMPLETED' "
                + "AND accepted_at IS NOT NULL AND closed_at >= :since" + only + " GROUP BY office")
                .setParameter("since", lifecycle.now().minus(java.time.Duration.ofDays(30)).atOffset(ZoneOffset.UTC));
        if (office != null) {
            byStatus.setParameter("office", office);
            late.setParameter("office", office);
            median.setParameter("office", office);
        }
        for (Object[] r : (List<Object[]>) byStatus.getResultList()) {
            open.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>())
                    .put(ApplicationStatus.valueOf((String) r[1]), ((Number) r[2]).longValue());
        }
        for (Object[] r : (List<Object[]>) late.getResultList()) {
            overdue.put((String) r[0], ((Number) r[1]).longValue());
        }
        for (Object[] r : (List<Object[]>) median.getResultList()) {
            completion.put((String) r[0], r);
        }
        List<String> offices = new ArrayList<>(open.keySet());
        completion.keySet().stream().filter(o -> !open.containsKey(o)).forEach(offices::add);
        if (office != null && !offices.contains(office)) {
            offices.add(office);
        }
        return offices.stream().sorted().map(o -> {
            Object[] c = completion.get(o);
            return new OfficeStatistics(o, open.getOrDefault(o, Map.of()), overdue.getOrDefault(o, 0L),
                    c == null ? 0 : ((Number) c[1]).longValue(),
                    c == null || c[2] == null ? null : Math.round(((Number) c[2]).doubleValue() / 36.0) / 100.0);
        }).toList();
    }

}
