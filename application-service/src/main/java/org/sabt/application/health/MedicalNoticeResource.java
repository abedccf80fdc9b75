package org.sabt.application.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.application.registration.Registry;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.net.URI;
import java.time.Period;
import java.time.format.DateTimeParseException;

@Path("/api/v1/medical-notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Medical notices", description = "Births, stillbirths and deaths as the health ministry certified them")
@SecurityRequirement(name = "bearer")
public class MedicalNoticeResource {

    static final String FHIR_JSON = "application/fhir+json";
    /** A live birth as a FHIR document (abridged: the Composition, the child and the mother; see the description). */
    static final String FHIR_EXAMPLE = """
            {"resourceType": "Bundle", "type": "document", "identifier": {"system": "https://sabt.tj/fhir/notice",
             "value": "MOH-KHT-2026-000731"}, "timestamp": "2026-11-20T09:30:00+05:00", "entry": [
             {"fullUrl": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000001", "resource": {"resourceType": "Composition",
              "status": "final", "type": {"coding": [{"system": "http://loinc.org", "code": "71230-7"}]},
              "identifier": {"value": "MBC-2026-004711"}, "date": "2026-11-20", "title": "Birth notice",
              "subject": {"reference": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000002"},
              "author": [{"reference": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000004"}]}},
             {"fullUrl": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000002", "resource": {"resourceType": "Patient",
              "name": [{"family": "Раҳимзода", "given": ["Фирдавс"]}], "gender": "male", "birthDate": "2026-11-20"}},
             {"fullUrl": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000003", "resource": {"resourceType": "RelatedPerson",
              "relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "MTH"}]}],
              "identifier": [{"system": "https://sabt.tj/fhir/national-id", "value": "1000000001"}],
              "name": [{"family": "Раҳимзода", "given": ["Мадина"]}], "birthDate": "1998-03-14",
              "patient": {"reference": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000002"}}},
             {"fullUrl": "urn:uuid:6f0c1d2e-1111-4a1b-9c2d-000000000004", "resource": {"resourceType": "Organization",
              "identifier": [{"system": "https://sabt.tj/fhir/facility", "value": "KHT-MH-01"},
               {"system": "https://sabt.tj/fhir/office", "value": "KHT02"}], "name": "Kulob maternity hospital"}}]}""";
    private static final String RECEIVE = "Idempotent on noticeId: the same notice again is 200 as before; other content "
            + "under the same noticeId is a correction that replaces it (200, corrections counted). A notice is matched to "
            + "the applications citing its medical certificate number, whose check MEDICAL_CERTIFICATE_CONFIRMED passes by "
            + "itself (and at once for an application reviewed later). A live birth whose mother the registry knows (and nobody "
            + "has applied for) becomes an application proposed to her: status PROPOSED, pre-filled from the notice and "
            + "the registry, her husband presumed the father; she is told by SMS (mother.phone, mother.language) and "
            + "completes it with POST /api/v1/applications/{id}/consent. 201 when new.";

    private final MedicalNotices notices;
    private final FhirNotices fhir;
    private final CurrentCaller caller;
    private final Period outreachAfter;
    private final Validator validator;
    private final ObjectMapper json;
    private final Registry registry;
    private final int presumptionDays;

    MedicalNoticeResource(MedicalNotices notices, FhirNotices fhir, CurrentCaller caller, Validator validator, ObjectMapper json,
                          Registry registry,
                          @ConfigProperty(name = "sabt.health.outreach-after", defaultValue = "P7D") Period outreachAfter,
                          @ConfigProperty(name = "sabt.health.paternity-presumption-days", defaultValue = "300") int presumptionDays) {
        this.presumptionDays = presumptionDays;
        this.validator = validator;
        this.json = json;
        this.registry = registry;
        this.notices = notices;
        this.fhir = fhir;
        this.caller = caller;
        this.outreachAfter = outreachAfter;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, FHIR_JSON})
    @RolesAllowed(Roles.HEALTH_AGENCY)
    @Operation(operationId = "receiveMedicalNotice", summary = "A medical notice (the health ministry's client)",
            description = "In our JSON (application/json), or as a FHIR R4 document Bundle (application/fhir+json) read "
                    + "with HAPI FHIR: a Composition (LOINC 71230-7 birth, 69045-3 fetal death, 64297-5 death; its "
                    + "identifier the medical certificate number), the facility as an Organization (identifiers "
                    + "https://sabt.tj/fhir/facility and https://sabt.tj/fhir/office), the child or the deceased as a "
                    + "Patient, the mother as a RelatedPerson (MTH), Observations of the birth weight (8339-4) and the "
                    + "cause of death (69453-9, ICD-10); national ids of system https://sabt.tj/fhir/national-id; the "
                    + "Bundle's identifier is the notice id. " + RECEIVE)
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NoticeRequest.class)),
            @Content(mediaType = FHIR_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "A FHIR R4 Bundle of type document", example = FHIR_EXAMPLE))})
    @APIResponse(responseCode = "200", description = "The same again, or corrected")
    @APIResponse(responseCode = "201", description = "Received")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_VALUE, FHIR_INVALID (not FHIR)")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, NOTICE_DATE_IN_FUTURE, NOTICE_INCOMPLETE, FHIR_NOT_A_DOCUMENT, "
            + "FHIR_RESOURCE_MISSING, FHIR_NOTICE_KIND_UNKNOWN, FHIR_CONTRADICTORY")
    public RestResponse<MedicalNotices.Received> receive(String body, @HeaderParam("Content-Type") String contentType)
            throws JsonProcessingException {
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(FHIR_JSON)) {
            if (body == null || body.isBlank()) {
                throw ProblemException.badRequest("FHIR_INVALID", "empty");
            }
            NoticeRequest notice = fhir.read(body);
            var violations = validator.validate(notice);
            if (!violations.isEmpty()) {
                var v = violations.iterator().next();
                throw ProblemException.unprocessable("FHIR_CONTRADICTORY", v.getPropertyPath() + " " + v.getMessage());
            }
            return answer(notices.receive(caller.get(), notice, "FHIR", subject(notice)));
        }
        NoticeRequest notice = json.readValue(body == null ? "" : body, NoticeRequest.class);
        if (notice == null) {
            throw ProblemException.badRequest("MALFORMED_JSON");
        }
        var violations = validator.validate(notice);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return answer(notices.receive(caller.get(), notice, "JSON", subject(notice)));
    }

    @GET
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "listMedicalNotices", summary = "An office's notices to act on",
            description = "unmatched=true: the outreach list, live births and stillbirths of the office notified more "
                    + "than olderThan ago (default sabt.health.outreach-after, P7D) that no application cites yet (an application "
                    + "proposed to the mother that she has not consented to does not count: she has not applied). "
                    + "unknownSubject=true: notices for a mother or deceased the registry has never seen by that national id "
                    + "(kept, never dropped). Oldest first; national staff name the office.")
    @APIResponse(responseCode = "200", description = "A page of notices")
    @APIResponse(responseCode = "400", description = "LIST_REQUIRED, OLDER_THAN_INVALID, OFFICE_REQUIRED, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED")
    public Page<MedicalNotices.View> list(@QueryParam("unmatched") Boolean unmatched,
                                          @QueryParam("unknownSubject") Boolean unknownSubject,
                                          @QueryParam("olderThan") String olderThan, @QueryParam("office") String office,
                                          @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        if (Boolean.TRUE.equals(unmatched) == Boolean.TRUE.equals(unknownSubject)) {
            throw ProblemException.badRequest("LIST_REQUIRED");
        }
        Period after;
        try {
            after = olderThan == null ? outreachAfter : Period.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("OLDER_THAN_INVALID", olderThan);
        }
        if (after.isNegative()) {
            throw ProblemException.badRequest("OLDER_THAN_INVALID", olderThan);
        }
        return notices.worklist(caller.get(), office, Boolean.TRUE.equals(unknownSubject), after, cursor, limit);
    }

    /**
     * Asked of the registry before the notice is stored (no remote call inside its transaction): whether it knows the
     * mother or the deceased, and for a live birth her entry and husband; null without an answer.
     */
    private Registry.Subject subject(NoticeRequest notice) {
        NoticeRequest.Person subject = notice.kind() == NoticeRequest.Kind.DEATH ? notice.deceased() : notice.mother();
        if (subject == null || subject.nationalId() == null) {
            return null;
        }
        return registry.subject(subject.nationalId(), notice.kind() == NoticeRequest.Kind.LIVE_BIRTH ? notice.date() : null,
                presumptionDays, "medical notice " + notice.noticeId()).orElse(null);
    }

    private static RestResponse<MedicalNotices.Received> answer(MedicalNotices.Received r) {
        return r.outcome() == MedicalNotices.Outcome.CREATED
                ? RestResponse.ResponseBuilder.<MedicalNotices.Received>created(URI.create("/api/v1/medical-notices/" + r.notice().id()))
                .entity(r).build()
                : RestResponse.ok(r);
    }
}
