package org.sabt.application.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sabt.application.catalogue.Applicant;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.health.MedicalNotices;
import org.sabt.application.catalogue.Forms;
import org.sabt.application.catalogue.Offices;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.catalogue.ServiceDefinition;
import org.sabt.application.task.Tasks;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one window's counter and desk: intake (the form checked against its schema, nothing stored when it fails)
 * and the actions on an application. Approval lives in the registration saga, which calls the registry.
 */
@ApplicationScoped
public class ApplicationService {

    private final Catalogue catalogue;
    private final Forms forms;
    private final Offices offices;
    private final Lifecycle lifecycle;
    private final Tasks tasks;
    private final MedicalNotices notices;

    ApplicationService(Catalogue catalogue, Forms forms, Offices offices, Lifecycle lifecycle, Tasks tasks,
                       MedicalNotices notices) {
        this.notices = notices;
        this.catalogue = catalogue;
        this.forms = forms;
        this.offices = offices;
        this.lifecycle = lifecycle;
        this.tasks = tasks;
    }

    @Transactional
    public Application submit(Caller caller, Requests.NewApplication request) {
        ServiceDefinition service = catalogue.service(request.service());
        Applicant kind = applicantKind(caller);
        if (!service.applicants().contains(kind)) {
            throw ProblemException.forbidden("APPLICANT_NOT_ALLOWED", request.service(), kind);
        }
        if (offices.find(request.office()).isEmpty()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", request.office());
        }
        String nationalId;
        if (kind == Applicant.FRONT_OFFICE) {
            caller.requireOffice(request.office());
            nationalId = request.applicant() == null ? null : request.applicant().nationalId();
            if (nationalId == null) {
                throw new ProblemException(400, "APPLICANT_NATIONAL_ID_REQUIRED", List.of(new Problem.FieldError(
                        "applicant.nationalId", "REQUIRED", "the walk-in applicant's national id")));
            }
        } else {
            nationalId = caller.actingCitizen();
        }
        requireValidForm(request.service(), request.form());
        List<String> seen = request.documentsSeen() == null ? List.of() : request.documentsSeen();
        if (kind == Applicant.FRONT_OFFICE) {
            requireKnownDocuments(service, seen);
        } else if (!seen.isEmpty()) {
            throw ProblemException.badRequest("DOCUMENTS_SEEN_BY_FRONT_OFFICE_ONLY");
        }

        Requests.FeeExemptionClaim exemption = request.feeExemption();
        if (exemption != null) {
            if (service.feeMinorUnits() == 0) {
                throw ProblemException.conflict("FEE_NOT_OWED");
            }
            if (catalogue.feeExemption(exemption.category()).isEmpty()) {
                throw ProblemException.unprocessable("FEE_EXEMPTION_UNKNOWN", exemption.category());
            }
        }

        Application a = new Application();
        a.id = UUID.randomUUID();
        a.service = request.service();
        a.feeExemption = exemption == null ? null : exemption.category();
        a.feeExemptionDocument = exemption == null ? null : exemption.document();
        a.status = ApplicationStatus.SUBMITTED;
        a.office = request.office();
        a.version = 1;
        a.applicantNationalId = nationalId;
        a.applicantName = request.applicant() == null ? null : request.applicant().name();
        Requests.ContactDetails contact = request.contact();
        a.contactPhone = contact == null ? null : contact.phone();
        a.contactEmail = contact == null ? null : contact.email();
        a.contactLanguage = contact == null || contact.language() == null ? "tg" : contact.language();
        a.walkIn = kind == Applicant.FRONT_OFFICE;
        a.form = request.form();
        a.partyNationalIds = parties(nationalId, request.service(), request.form());
        a.documentsSeen = List.copyOf(seen);
        a.submittedBy = caller.username();
        a.submittedAt = lifecycle.now();
        a.persist();
        notices.link(a); // a notified birth or death, applied for: off the outreach list
        lifecycle.submitted(a);
        return a;
    }

    private static Applicant applicantKind(Caller caller) {
        if (caller.has(Roles.CITIZEN)) {
            return Applicant.CITIZEN;
        }
        if (caller.has(Roles.PORTAL)) {
            if (caller.actingCitizen() == null) {
                throw ProblemException.badRequest("CITIZEN_ID_REQUIRED");
            }
            return Applicant.PORTAL;
        }
        return Applicant.FRONT_OFFICE;
    }

    /** Who may follow the application: the applicant, and those a form names as parents or spouses. */
    public static String[] parties(String applicant, ServiceCode service, JsonNode form) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(applicant);
        List<String> pointers = switch (service) {
            case REGISTER_BIRTH -> List.of("/mother/nationalId", "/father/nationalId");
            case REGISTER_MARRIAGE, REGISTER_DIVORCE -> List.of("/spouse1/nationalId", "/spouse2/nationalId");
            case REGISTER_DEATH, ESTABLISH_PATERNITY, REGISTER_ADOPTION, CHANGE_NAME, REPEAT_CERTIFICATE, ARCHIVE_EXTRACT,
                 CORRECT_RECORD -> List.of();
        };
        for (String p : pointers) {
            JsonNode id = form.at(p);
            if (id.isTextual()) {
                ids.add(id.textValue());
            }
        }
        return ids.toArray(String[]::new);
    }

    private void requireValidForm(ServiceCode service, JsonNode form) {
        List<Problem.FieldError> problems = forms.problems(service, form);
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "FORM_INVALID", problems, problems.size());
        }
    }

    private static void requireKnownDocuments(ServiceDefinition service, List<String> seen) {
        List<Problem.FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            String code = seen.get(i);
            if (service.documents().stream().noneMatch(d -> d.code().equals(code))) {
                unknown.add(new Problem.FieldError("documentsSeen[" + i + "]", "DOCUMENT_UNKNOWN", code));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(400, "DOCUMENT_UNKNOWN", unknown, service.code());
        }
    }

    /** The front office accepts, having seen every required document of the checklist; the deadline starts. */
    @Transactional
    public Application accept(Caller caller, UUID id, int version, Requests.Acceptance acceptance) {
        Application a = lifecycle.lockForAction(caller, id, version);
        Transitions.Transition accepted = lifecycle.allow(a, Action.ACCEPT, caller);
        ServiceDefinition service = catalogue.service(a.service);
        requireKnownDocuments(service, acceptance.documentsSeen());
        Set<String> seen = new LinkedHashSet<>(a.documentsSeen);
        seen.addAll(acceptance.documentsSeen());
        List<Problem.FieldError> missing = service.documents().stream()
                .filter(d -> d.required() && !seen.contains(d.code()))
                // paid through a portal, or not owed (the registrar has seen the exemption's proof)
                .filter(d -> !(Application.FEE_RECEIPT.equals(d.code()) && (a.feePaidAt != null || a.feeExemption != null)))
                .map(d -> new Problem.FieldError("documentsSeen", "DOCUMENT_MISSING", d.code())).toList();
        if (!missing.isEmpty()) {
            throw new ProblemException(422, "DOCUMENTS_MISSING", missing,
                    String.join(", ", missing.stream().map(Problem.FieldError::message).toList()));
        }
        a.documentsSeen = List.copyOf(seen);
        lifecycle.move(a, accepted, caller, acceptance.comment());
        return a;
    }

    @Transactional
    public Application returnToApplicant(Caller caller, UUID id, int version, Requests.Return request) {
        Application a = lifecycle.lockForAction(caller, id, version);
        String reason = request.missingDocuments() == null || request.missingDocuments().isEmpty() ? request.reason()
                : request.reason() + " [" + String.join(", ", request.missingDocuments()) + "]";
        lifecycle.move(a, Action.RETURN, caller, reason);
        return a;
    }

    /** The applicant brings what was missing; a corrected form is checked like a new one. */
    @Transactional
    public Application resubmit(Caller caller, UUID id, int version, Requests.Resubmission request) {
        Application a = lifecycle.lockForAction(caller, id, version);
        Transitions.Transition resubmitted = lifecycle.allow(a, Action.RESUBMIT, caller);
        if (request != null && request.form() != null) {
            requireValidForm(a.service, request.form());
            a.form = request.form();
            a.partyNationalIds = parties(a.applicantNationalId, a.service, request.form());
        }
        lifecycle.move(a, resubmitted, caller, request == null ? null : request.comment());
        return a;
    }

    /** The back office starts its review: the checks of the service open as tasks (registry ones answer themselves). */
    @Transactional
    public Application review(Caller caller, UUID id, int version, Requests.Comment comment) {
        Application a = lifecycle.lockForAction(caller, id, version);
        lifecycle.move(a, Action.REVIEW, caller, comment == null ? null : comment.comment());
        tasks.openRound(a);
        return a;
    }

    @Transactional
    public Application reject(Caller caller, UUID id, int version, Requests.Rejection rejection) {
        Application a = lifecycle.lockForAction(caller, id, version);
        Transitions.Transition rejected = lifecycle.allow(a, Action.REJECT, caller);
        if (catalogue.rejectionReason(rejection.reasonCode()).isEmpty()) {
            throw ProblemException.unprocessable("REJECTION_REASON_UNKNOWN", rejection.reasonCode());
        }
        a.rejectionReason = rejection.reasonCode();
        a.rejectionComment = rejection.comment();
        lifecycle.move(a, rejected, caller, rejection.reasonCode()
                + (rejection.comment() == null ? "" : ": " + rejection.comment()));
        return a;
    }

    @Transactional
    public Application cancel(Caller caller, UUID id, int version, Requests.Comment comment) {
        Application a = lifecycle.lockForAction(caller, id, version);
        lifecycle.move(a, Action.CANCEL, caller, comment == null ? null : comment.comment());
        return a;
    }

    @Transactional
    public Application complete(Caller caller, UUID id, int version, Requests.Comment comment) {
        Application a = lifecycle.lockForAction(caller, id, version);
        lifecycle.move(a, Action.COMPLETE, caller, comment == null ? null : comment.comment());
        return a;
    }

    /** Citizens (and portals for them) see those they are party to; staff their office's, national staff all. */
    @Transactional
    public Page<Application> list(Caller caller, String cursor, Integer requestedLimit) {
        int limit = Page.limit(requestedLimit);
        Page.Cursor after = Page.Cursor.decode(cursor);
        List<Application> rows;
        if (caller.actingCitizen() != null) {
            rows = Application.ofParty(caller.actingCitizen(), after, limit);
        } else if (caller.office() != null) {
            rows = Application.ofOffice(Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office(), after, limit);
        } else {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        return Page.of(rows, limit, a -> a, a -> new Page.Cursor(a.submittedAt, a.id));
    }

    /** Someone who may not see an application is told it does not exist. */
    @Transactional
    public Application get(Caller caller, UUID id) {
        return Application.<Application>findByIdOptional(id).filter(a -> Lifecycle.visibleTo(caller, a))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
    }

}
