package org.sabt.application.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.catalogue.Offices;
import org.sabt.application.catalogue.OneWindowConfig;
import org.sabt.application.handoff.Handoffs;
import org.sabt.application.task.Task;
import org.sabt.application.task.Tasks;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.time.Timestamps;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/** Applications as the API shows them, in the caller's language (tg, ru, en). */
@ApplicationScoped
public class ApplicationViews {

    private final Catalogue catalogue;
    private final Offices offices;
    private final Tasks tasks;
    private final Lifecycle lifecycle;
    private final OneWindowConfig config;
    private final EntityManager em;
    private final Handoffs handoffs;

    ApplicationViews(Catalogue catalogue, Offices offices, Tasks tasks, Lifecycle lifecycle, OneWindowConfig config,
                     EntityManager em, Handoffs handoffs) {
        this.handoffs = handoffs;
        this.catalogue = catalogue;
        this.offices = offices;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.config = config;
        this.em = em;
    }

    @Transactional
    public ApplicationView full(Application a, Caller caller, Locale locale) {
        List<ApplicationView.TaskView> taskViews = tasks.current(a).stream().map(t -> task(a, t, locale)).toList();
        List<Action> actions = Transitions.from(a.status).stream()
                .filter(t -> t.by().stream().anyMatch(actor -> actor.is(caller, a))).map(Transitions.Transition::action)
                .toList();
        return new ApplicationView(a.id, a.service, catalogue.service(a.service).names().in(locale), a.status,
                text(locale, "status." + a.status), a.office,
                new ApplicationView.Applicant(a.applicantNationalId, a.applicantName, a.walkIn),
                new Requests.ContactDetails(a.contactPhone, a.contactEmail, a.contactLanguage),
                a.feeExemption == null ? null : new Requests.FeeExemptionClaim(a.feeExemption, a.feeExemptionDocument),
                a.form, a.documentsSeen, a.submittedBy, a.submittedAt, a.acceptedAt,
                a.deadline, a.overdueOn(lifecycle.today()), a.pausedWorkingDays,
                a.status == ApplicationStatus.RETURNED ? a.returnReason : null, holder(a),
                a.actId == null && a.registrationState == null ? null : new ApplicationView.Registration(a.registrationState,
                        a.actId, a.registrationNumber, a.actVersion, a.registrationAttempts, a.nextRegistrationAt,
                        a.registrationError, a.certificateId),
                a.registryRefusalCode == null ? null : new ApplicationView.Refusal(a.registryRefusalCode, a.registryRefusalDetail),
                a.rejectionReason == null ? null : new ApplicationView.Rejection(a.rejectionReason,
                        catalogue.rejectionReason(a.rejectionReason).map(r -> r.names().in(locale)).orElse(a.rejectionReason),
                        a.rejectionComment),
                taskViews, handoffs.of(a, locale), a.proposal, history(a), nextStep(a, locale), actions, a.version);
    }

    /** An action's answer: the application as the caller sees it, its version as the ETag for the next If-Match. */
    public RestResponse<ApplicationView> answer(Application a, Caller caller, HttpHeaders headers) {
        return RestResponse.ResponseBuilder.ok(full(a, caller, ProblemMessages.pick(headers.getAcceptableLanguages())))
                .tag(Integer.toString(a.version)).build();
    }

    public ApplicationSummary summary(Application a, Locale locale) {
        return new ApplicationSummary(a.id, a.service, catalogue.service(a.service).names().in(locale), a.status, a.office,
                a.applicantName, a.applicantNationalId, a.submittedAt, a.deadline, a.overdueOn(lifecycle.today()), holder(a),
                a.version);
    }

    private String holder(Application a) {
        return a.claimedAt(lifecycle.now(), config.claimLapsesAfter()) ? a.assignedTo : null;
    }

    public ApplicationView.TaskView task(Application a, Task t, Locale locale) {
        return new ApplicationView.TaskView(t.id, t.code, tasks.definition(a, t.code).names().in(locale), t.answeredBy,
                t.status.name(), t.decidedBy, t.decidedAt, t.detail, t.reference);
    }

    @SuppressWarnings("unchecked")
    private List<ApplicationView.HistoryEntry> history(Application a) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT seq, from_status, status, action, changed_by, changed_at, reason, request_id
                        FROM application_status_change WHERE application_id = ?1 ORDER BY seq""")
                .setParameter(1, a.id).getResultList();
        return rows.stream().map(r -> new ApplicationView.HistoryEntry(((Number) r[0]).intValue(),
                r[1] == null ? null : ApplicationStatus.valueOf((String) r[1]), ApplicationStatus.valueOf((String) r[2]),
                (String) r[3], (String) r[4], Timestamps.instant(r[5]), (String) r[6], (String) r[7])).toList();
    }

    /** What happens next, or what the applicant should do, in their language. */
    private String nextStep(Application a, Locale locale) {
        String office = offices.find(a.office).map(o -> o.names().in(locale)).orElse(a.office);
        return MessageFormat.format(text(locale, "next." + a.status), office,
                a.deadline == null ? "" : a.deadline.toString(), a.returnReason == null ? "" : a.returnReason,
                a.registrationNumber == null ? "" : a.registrationNumber,
                a.rejectionReason == null ? "" : catalogue.rejectionReason(a.rejectionReason)
                        .map(r -> r.names().in(locale)).orElse(a.rejectionReason));
    }

    static String text(Locale locale, String key) {
        return ResourceBundle.getBundle("texts", locale, ApplicationViews.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
    }

}
