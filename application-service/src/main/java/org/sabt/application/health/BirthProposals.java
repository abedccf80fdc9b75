package org.sabt.application.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.Forms;
import org.sabt.application.lifecycle.Action;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationService;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.application.lifecycle.Requests;
import org.sabt.application.lifecycle.Transitions;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;

import java.util.List;
import java.util.UUID;

/**
 * A mother completes the application Sabt proposed to her from the notice of her child's birth, and consents: it is
 * submitted and accepted at once, with no visit (the health ministry's notice stands for the medical certificate, her
 * own login and the registry for her passport). What the ministry certified (the child's sex and birth date, the
 * mother, the certificate number) stays as proposed.
 */
@ApplicationScoped
public class BirthProposals {

    /** The facts of a proposal that come from the notice and the registry, not from her. */
    private static final List<String> CERTIFIED = List.of("/child/sex", "/child/birthDate", "/mother",
            "/medicalCertificateNumber", "/liveBorn");
    /** The checklist's documents a consent stands for. */
    private static final List<String> STANDS_FOR = List.of("MEDICAL_BIRTH_CERTIFICATE", "MOTHER_ID");

    @Schema(name = "BirthConsent", description = "The mother's completion of a proposed birth application, and her consent")
    public record Consent(
            @NotNull @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "What she adds to the proposed form, as a JSON merge "
                    + "patch (RFC 7396): the child's names at least; a father when the proposal presumes none and she "
                    + "declares one (fatherBasis MOTHER_DECLARATION). The certified facts (child's sex and birth date, the "
                    + "mother, the certificate number) cannot change.",
                    example = "{\"child\": {\"surname\": \"Раҳимзода\", \"givenName\": \"Фирдавс\"}}") JsonNode form,
            @Schema(description = "She confirms her husband, presumed the father; required (true) when the proposal "
                    + "names one: a father other than the husband needs the office (a paternity act or a court)")
            Boolean presumedFatherConfirmed,
            @Valid @Schema(description = "Where she is told of every step from now on (defaults: as proposed)")
            Requests.ContactDetails contact) {
    }

    private final Lifecycle lifecycle;
    private final Forms forms;
    private final MedicalNotices notices;

    BirthProposals(Lifecycle lifecycle, Forms forms, MedicalNotices notices) {
        this.lifecycle = lifecycle;
        this.forms = forms;
        this.notices = notices;
    }

    @Transactional
    public Application consent(Caller caller, UUID id, int version, Consent consent) {
        Application a = lifecycle.lockForAction(caller, id, version);
        Transitions.Transition consented = lifecycle.allow(a, Action.CONSENT, caller);
        if (!consent.form().isObject()) {
            throw new ProblemException(400, "FORM_INVALID", List.of(new Problem.FieldError("form", "TYPE", "an object")), 1);
        }
        if (a.proposal != null && a.proposal.path("presumedFather").isObject()) {
            if (!Boolean.TRUE.equals(consent.presumedFatherConfirmed())) {
                throw ProblemException.unprocessable("PRESUMED_FATHER_NOT_CONFIRMED",
                        a.proposal.path("presumedFather").path("fullName").asText(""));
            }
            if (consent.form().has("father") || consent.form().has("fatherBasis")) {
                throw ProblemException.unprocessable("PROPOSAL_FACT_CHANGED", "/father");
            }
        }
        JsonNode form = merge(a.form.deepCopy(), consent.form());
        for (String certified : CERTIFIED) {
            if (!form.at(certified).equals(a.form.at(certified))) {
                throw ProblemException.unprocessable("PROPOSAL_FACT_CHANGED", certified);
            }
        }
        List<Problem.FieldError> problems = forms.problems(a.service, form);
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "FORM_INVALID", problems, problems.size());
        }
        if (form.at("/child/givenName").isMissingNode()) {
            throw new ProblemException(400, "FORM_INVALID", List.of(new Problem.FieldError("form.child.givenName",
                    "REQUIRED", "the child's name")), 1);
        }
        a.form = form;
        a.partyNationalIds = ApplicationService.parties(a.applicantNationalId, a.service, form);
        Requests.ContactDetails contact = consent.contact();
        if (contact != null) {
            a.contactPhone = contact.phone() != null ? contact.phone() : a.contactPhone;
            a.contactEmail = contact.email() != null ? contact.email() : a.contactEmail;
            a.contactLanguage = contact.language() != null ? contact.language() : a.contactLanguage;
        }
        a.submittedAt = lifecycle.now();
        lifecycle.move(a, consented, caller, "the mother completed the proposed application and consented");
        notices.link(a); // applied for: off the outreach list
        a.documentsSeen = STANDS_FOR;
        lifecycle.moveBySystem(a, Action.ACCEPT, "accepted without a visit: the health ministry's notice and the registry "
                + "stand for the medical certificate and her passport");
        return a;
    }

    /** RFC 7396: objects merge member by member, null removes, anything else replaces. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), merge(result.get(f.getKey()), f.getValue()));
            }
        });
        return result;
    }
}
