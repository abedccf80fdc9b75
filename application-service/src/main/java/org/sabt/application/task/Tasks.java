package org.sabt.application.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.health.MedicalNotices;
import org.sabt.application.catalogue.OneWindowConfig;
import org.sabt.application.catalogue.ServiceDefinition.CheckDefinition;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.registration.Registry;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The inter-agency checks of a review. When review starts, each check of the service that applies to the form
 * opens as a task. The registry's are answered by asking registry-service (retried in the background while it does
 * not answer); the others by the agency they are addressed to, through the API. Approval needs every task PASSED.
 */
@ApplicationScoped
public class Tasks {

    static final String REGISTRY_DECIDER = "registry-service";
    /** The agency roles a task may be addressed to. */
    static final Set<String> AGENCY_ROLES = Set.of(Roles.HEALTH_AGENCY, Roles.AGENCY);

    /** What an agency answers. */
    public record Result(Task.Status outcome, String reference, String comment) {
    }

    private final Catalogue catalogue;
    private final Registry registry;
    private final OneWindowConfig config;
    private final EntityManager em;
    private final Clock clock;
    private final MedicalNotices notices;

    Tasks(Catalogue catalogue, Registry registry, OneWindowConfig config, EntityManager em, Clock clock,
          MedicalNotices notices) {
        this.notices = notices;
        this.catalogue = catalogue;
        this.registry = registry;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A new review round: the service's checks that apply to the form, each an OPEN task. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void openRound(Application a) {
        a.reviewRound++;
        Instant now = now();
        for (CheckDefinition check : catalogue.service(a.service).checks()) {
            if (!check.appliesTo(a.form)) {
                continue;
            }
            Task t = new Task();
            t.id = UUID.randomUUID();
            t.applicationId = a.id;
            t.reviewRound = a.reviewRound;
            t.code = check.code();
            t.answeredBy = check.answeredBy();
            t.office = a.office;
            t.status = Task.Status.OPEN;
            t.createdAt = now;
            t.nextAttemptAt = check.answeredByRegistry() ? now : null;
            if (MedicalNotices.CHECK.equals(check.code())) {
                // The ministry's notice of this certificate came already: the check passes by itself.
                notices.confirming(a).ifPresent(notice -> MedicalNotices.pass(t, notice, now));
            }
            t.persist();
        }
    }

    public List<Task> current(Application a) {
        return a.reviewRound == 0 ? List.of() : Task.ofRound(a.id, a.reviewRound);
    }

    /** Approval waits for every check: 422 TASKS_NOT_PASSED naming each task still open or failed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireAllPassed(Application a) {
        List<Problem.FieldError> notPassed = current(a).stream().filter(t -> t.status != Task.Status.PASSED)
                .map(t -> new Problem.FieldError("tasks." + t.code, t.status.name(), t.detail == null ? t.answeredBy : t.detail))
                .toList();
        if (!notPassed.isEmpty()) {
            throw new ProblemException(422, "TASKS_NOT_PASSED", notPassed,
                    String.join(", ", notPassed.stream().map(e -> e.field().substring(6) + " " + e.code()).toList()));
        }
    }

    // ---- the registry's checks ----------------------------------------------------------------------------------

    /** A task's answer: PASSED or FAILED with why; null when the registry did not answer (tried again later). */
    private record Answer(Task.Status status, String detail) {
    }

    /** The registry's look-up of the act an application names, kept on the application when found. */
    private record ActFound(UUID id, String registrationNumber, int version) {
    }

    /**
     * Asks the registry the open registry checks of an application in review, outside any transaction (the call
     * may be slow), then records the answers. Checks it could not answer are tried again by {@link #retryDue()}.
     */
    public void runRegistryChecks(UUID applicationId) {
        record Open(Application application, JsonNode form, List<Task> tasks) {
        }
        Open open = QuarkusTransaction.requiringNew().call(() -> {
            Application a = Application.findById(applicationId);
            if (a == null || a.status != ApplicationStatus.IN_REVIEW) {
                return null;
            }
            List<Task> tasks = current(a).stream()
                    .filter(t -> t.status == Task.Status.OPEN && CheckDefinition.REGISTRY.equals(t.answeredBy)).toList();
            em.detach(a);
            return tasks.isEmpty() ? null : new Open(a, a.form, tasks);
        });
        if (open == null) {
            return;
        }
        Map<String, Answer> answers = new HashMap<>();
        ActFound[] act = new ActFound[1];
        Registry.Answer ruleCheck = null;
        for (Task t : open.tasks()) {
            CheckDefinition check = definition(open.application(), t.code);
            if (check.act()) {
                JsonNode form = open.form();
                Registry.Answer lookup = registry.findAct(form.path("registrationNumber").asText(),
                        form.hasNonNull("actOffice") ? form.get("actOffice").asText() : null, applicationId);
                answers.put(t.code, switch (lookup) {
                    case Registry.FoundAct found -> {
                        act[0] = new ActFound(found.id(), form.path("registrationNumber").asText(), found.version());
                        yield "REGISTERED".equals(found.status()) ? new Answer(Task.Status.PASSED, null)
                                : new Answer(Task.Status.FAILED, "ACT_" + found.status());
                    }
                    case Registry.Refused refused -> new Answer(Task.Status.FAILED, refused.code());
                    case Registry.Unavailable ignored -> null;
                    case Registry.RulesChecked unexpected -> throw new IllegalStateException("a look-up answered rules");
                });
            } else {
                if (ruleCheck == null) {
                    ruleCheck = registry.check(open.application(), open.form());
                }
                answers.put(t.code, switch (ruleCheck) {
                    case Registry.RulesChecked rules -> answer(check, rules);
                    case Registry.Refused refused -> new Answer(Task.Status.FAILED, refused.code());
                    case Registry.Unavailable ignored -> null;
                    case Registry.FoundAct unexpected -> throw new IllegalStateException("a rule check answered an act");
                });
            }
        }
        QuarkusTransaction.requiringNew().run(() -> record(applicationId, open.application().reviewRound, answers, act[0]));
    }

    /** A rule check's answer for one task: every listed rule passed and every listed person known. */
    private static Answer answer(CheckDefinition check, Registry.RulesChecked ruleCheck) {
        List<String> problems = new ArrayList<>();
        for (String rule : check.rules()) {
            String result = "NOT_EVALUATED";
            for (JsonNode outcome : ruleCheck.rules()) {
                if (outcome.path("code").asText().equals(rule)) {
                    result = outcome.path("result").asText();
                }
            }
            if (result.equals("FAILED")) {
                problems.add(rule);
            } else if (!result.equals("PASSED")) {
                problems.add(rule + " (" + result + ")");
            }
        }
        for (String role : check.persons()) {
            boolean found = false;
            for (JsonNode person : ruleCheck.persons()) {
                found |= person.path("role").asText().equals(role) && person.path("found").asBoolean();
            }
            if (!found) {
                problems.add(role + "_NOT_IN_REGISTRY");
            }
        }
        return problems.isEmpty() ? new Answer(Task.Status.PASSED, null) : new Answer(Task.Status.FAILED, String.join(", ", problems));
    }

    private void record(UUID applicationId, int round, Map<String, Answer> answers, ActFound act) {
        Application a = Application.lockById(applicationId).orElseThrow();
        if (a.status != ApplicationStatus.IN_REVIEW || a.reviewRound != round) {
            return; // the review moved on while the registry was asked
        }
        Instant now = now();
        for (Task t : Task.ofRound(applicationId, round)) {
            if (t.status != Task.Status.OPEN || !answers.containsKey(t.code)) {
                continue;
            }
            Answer answer = answers.get(t.code);
            t.attempts++;
            if (answer == null) {
                t.nextAttemptAt = now.plus(config.retryWait(t.attempts));
            } else {
                t.status = answer.status();
                t.detail = answer.detail();
                t.decidedBy = REGISTRY_DECIDER;
                t.decidedAt = now;
                t.nextAttemptAt = null;
            }
        }
        if (act != null) {
            a.actId = act.id();
            a.registrationNumber = act.registrationNumber();
            a.actVersion = act.version();
        }
    }


    /** Registry checks the registry did not answer, asked again when their time has come. */
    @Scheduled(every = "${sabt.one-window.retry-every:2s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retryDue() {
        @SuppressWarnings("unchecked")
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT DISTINCT t.application_id FROM task t JOIN application a ON a.id = t.application_id
                        WHERE t.status = 'OPEN' AND t.answered_by = 'registry' AND t.next_attempt_at <= ?1
                          AND a.status = 'IN_REVIEW' AND t.review_round = a.review_round LIMIT 20""")
                .setParameter(1, now().atOffset(java.time.ZoneOffset.UTC)).getResultList());
        due.forEach(this::runRegistryChecks);
    }

    // ---- the agencies' checks -----------------------------------------------------------------------------------

    /** An agency answers a task addressed to it, while the application is in review. */
    @Transactional
    public Task decide(Caller caller, UUID applicationId, UUID taskId, Result result) {
        Application a = Application.lockById(applicationId)
                .orElseThrow(() -> ProblemException.notFound("TASK_NOT_FOUND", taskId));
        Task t = Task.<Task>findByIdOptional(taskId)
                .filter(task -> task.applicationId.equals(applicationId) && addressedTo(caller, task))
                .orElseThrow(() -> ProblemException.notFound("TASK_NOT_FOUND", taskId));
        if (t.status != Task.Status.OPEN || t.reviewRound != a.reviewRound) {
            throw ProblemException.conflict("TASK_ALREADY_DECIDED", t.code, t.status);
        }
        if (a.status != ApplicationStatus.IN_REVIEW) {
            throw ProblemException.conflict("TASK_NOT_IN_REVIEW", a.status);
        }
        if (result.outcome() == Task.Status.OPEN) {
            throw ProblemException.badRequest("TASK_OUTCOME_INVALID");
        }
        t.status = result.outcome();
        t.reference = result.reference();
        t.detail = result.comment();
        t.decidedBy = caller.username();
        t.decidedAt = now();
        return t;
    }

    /** The task is for one of the caller's agency roles, and within their office when they have one. */
    static boolean addressedTo(Caller caller, Task t) {
        return AGENCY_ROLES.contains(t.answeredBy) && caller.has(t.answeredBy)
                && (caller.office() == null || caller.mayActIn(t.office));
    }

    /** The open tasks addressed to the caller, oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Page<Task> addressedToCaller(Caller caller, String cursor, Integer requestedLimit) {
        int limit = Page.limit(requestedLimit);
        Page.Cursor after = Page.Cursor.decode(cursor);
        List<String> roles = AGENCY_ROLES.stream().filter(caller::has).toList();
        if (roles.isEmpty()) {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        String office = caller.office() == null || Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office();
        var q = em.createNativeQuery("SELECT t.* FROM task t JOIN application a ON a.id = t.application_id "
                        + "WHERE t.status = 'OPEN' AND t.answered_by IN (?1) AND (CAST(?2 AS text) IS NULL OR t.office = ?2) "
                        + "AND a.status = 'IN_REVIEW' AND t.review_round = a.review_round "
                        + (after == null ? "" : "AND (t.created_at, t.id) > (?3, ?4) ")
                        + "ORDER BY t.created_at, t.id LIMIT " + (limit + 1), Task.class)
                .setParameter(1, roles).setParameter(2, office);
        if (after != null) {
            q.setParameter(3, after.at().atOffset(java.time.ZoneOffset.UTC)).setParameter(4, after.id());
        }
        return Page.of((List<Task>) q.getResultList(), limit, t -> t, t -> new Page.Cursor(t.createdAt, t.id));
    }

    /** What an agency sees of the form: only the fields its check names. */
    public Map<String, JsonNode> shownTo(Task t, Application a) {
        Map<String, JsonNode> shown = new java.util.LinkedHashMap<>();
        CheckDefinition check = definition(a, t.code);
        for (String pointer : check.shows()) {
            JsonNode value = a.form.at(pointer);
            if (!value.isMissingNode()) {
                shown.put(pointer, value);
            }
        }
        return shown;
    }

    public CheckDefinition definition(Application a, String code) {
        Optional<CheckDefinition> check = catalogue.service(a.service).checks().stream()
                .filter(c -> c.code().equals(code)).findFirst();
        return check.orElseThrow(() -> new IllegalStateException(a.service + " has no check " + code));
    }

}
