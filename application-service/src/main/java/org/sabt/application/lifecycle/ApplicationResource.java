package org.sabt.application.lifecycle;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.application.registration.RegistrationSaga;
import org.sabt.application.task.Tasks;
import org.sabt.chassis.http.IfMatch;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications", description = "One window: one set of documents, one specialist; the back office does every approval")
@SecurityRequirement(name = "bearer")
public class ApplicationResource {

    static final String ACTION = "Needs If-Match with the version read (428 without it, 412 when stale). Moves the "
            + "application along the transition table; a move the table does not allow from the current status is 409 "
            + "<ACTION>_NOT_ALLOWED_WHEN_<STATUS>. Kept in the history and published as sabt.application.status-changed.";
    static final String BACK_OFFICE = " The back office acts on applications it has claimed (POST .../assignment): "
            + "409 CLAIM_REQUIRED or APPLICATION_CLAIMED_BY_OTHER otherwise.";
    static final String ACTION_ERRORS_400 = "MALFORMED_JSON, VALIDATION_FAILED, IF_MATCH_INVALID";

    private final ApplicationService applications;
    private final RegistrationSaga saga;
    private final Tasks tasks;
    private final ApplicationViews views;
    private final CurrentCaller caller;

    ApplicationResource(ApplicationService applications, RegistrationSaga saga, Tasks tasks, ApplicationViews views,
                        CurrentCaller caller) {
        this.applications = applications;
        this.saga = saga;
        this.tasks = tasks;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR})
    @Operation(operationId = "submitApplication", summary = "Submit an application",
            description = "By a citizen, by a portal for the citizen it names in X-Citizen-Id, or by a front-office "
                    + "registrar for a walk-in applicant (applicant.nationalId given; the registrar's office). The form is "
                    + "validated against the service's JSON Schema (GET /api/v1/services/{code}): every problem is an "
                    + "errors[] entry of a 400 FORM_INVALID, and nothing is stored. Status SUBMITTED. Send "
                    + "Idempotency-Key to make a retry safe.")
    @Parameter(name = "X-Citizen-Id", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING, pattern = "\\d{6,20}"),
            description = "Portals only: the national id of the citizen the portal authenticated")
    @APIResponse(responseCode = "201", description = "Submitted", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_VALUE, FORM_INVALID, "
            + "DOCUMENT_UNKNOWN, DOCUMENTS_SEEN_BY_FRONT_OFFICE_ONLY, APPLICANT_NATIONAL_ID_REQUIRED, CITIZEN_ID_REQUIRED, "
            + "CITIZEN_ID_INVALID", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED, APPLICANT_NOT_ALLOWED")
    @APIResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, IDEMPOTENCY_KEY_REUSED")
    public RestResponse<ApplicationView> submit(@NotNull @Valid Requests.NewApplication application, @Context HttpHeaders headers) {
        Caller c = caller.get();
        Application a = applications.submit(c, application);
        return RestResponse.ResponseBuilder.<ApplicationView>created(URI.create("/api/v1/applications/" + a.id))
                .entity(views.full(a, c, locale(headers))).tag(Integer.toString(a.version)).build();
    }

    @GET
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "listApplications", summary = "List applications", description = "A citizen sees those they "
            + "are party to (applicant, a parent named in a birth form, a spouse); a portal those of X-Citizen-Id; staff "
            + "their office's. Newest first; pass nextCursor back as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of applications")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    public Page<ApplicationSummary> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                         @Context HttpHeaders headers) {
        Locale locale = locale(headers);
        Page<Application> page = applications.list(caller.get(), cursor, limit);
        return new Page<>(page.items().stream().map(a -> views.summary(a, locale)).toList(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "getApplication", summary = "Read an application",
            description = "Status, history, the checks of the review, deadline (and whether it is overdue), what happens "
                    + "next in the caller's language, and the actions the caller may take. ETag: its version.")
    @APIResponse(responseCode = "200", description = "The application", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND (also when it is not the caller's)")
    public RestResponse<ApplicationView> get(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.get(c, id), c, headers);
    }

    @POST
    @Path("/{id}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGISTRAR)
    @Operation(operationId = "acceptApplication", summary = "Accept (front office)", description = "The registrar has "
            + "seen the one set of documents: every required document of the checklist must be among documentsSeen. "
            + "The deadline starts (working days from today). " + ACTION)
    @APIResponse(responseCode = "200", description = "ACCEPTED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400 + ", DOCUMENT_UNKNOWN")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "ACCEPT_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "422", description = "DOCUMENTS_MISSING")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> accept(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                @NotNull @Valid Requests.Acceptance acceptance, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.accept(c, id, IfMatch.required(ifMatch), acceptance), c, headers);
    }

    @POST
    @Path("/{id}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "returnApplication", summary = "Return to the applicant", description = "Something is "
            + "missing: the reason says what. The deadline's clock stops until the applicant resubmits. " + ACTION + BACK_OFFICE)
    @APIResponse(responseCode = "200", description = "RETURNED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "RETURN_NOT_ALLOWED_WHEN_<STATUS>, CLAIM_REQUIRED, APPLICATION_CLAIMED_BY_OTHER")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> returnToApplicant(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                           @NotNull @Valid Requests.Return request, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.returnToApplicant(c, id, IfMatch.required(ifMatch), request), c, headers);
    }

    @POST
    @Path("/{id}/resubmission")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR})
    @Operation(operationId = "resubmitApplication", summary = "Resubmit after a return (the applicant)", description = "With "
            + "the corrected form when the form was what was missing (validated like a new one). It goes back where it "
            + "stood: to the counter if it was never accepted, otherwise to review, and the deadline moves on by the "
            + "working days it was away. " + ACTION)
    @APIResponse(responseCode = "200", description = "SUBMITTED or ACCEPTED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400 + ", FORM_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "RESUBMIT_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> resubmit(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                  @Valid Requests.Resubmission request, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.resubmit(c, id, IfMatch.required(ifMatch), request), c, headers);
    }

    @POST
    @Path("/{id}/review")
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "reviewApplication", summary = "Start the review (back office)", description = "The service's "
            + "inter-agency checks open as tasks; those the registry answers are asked at once (and again in the "
            + "background while it does not answer), the others wait for their agency. " + ACTION + BACK_OFFICE)
    @APIResponse(responseCode = "200", description = "IN_REVIEW, with its tasks", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "REVIEW_NOT_ALLOWED_WHEN_<STATUS>, CLAIM_REQUIRED, APPLICATION_CLAIMED_BY_OTHER")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> review(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                @Valid Requests.Comment comment, @Context HttpHeaders headers) {
        Caller c = caller.get();
        applications.review(c, id, IfMatch.required(ifMatch), comment);
        tasks.runRegistryChecks(id);
        return ok(applications.get(c, id), c, headers);
    }

    @POST
    @Path("/{id}/approval")
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "approveApplication", summary = "Approve (back office): registers the act",
            description = "Every task must have PASSED (422 TASKS_NOT_PASSED). A registration service's approval "
                    + "registers the act in the registry (a correction amends it), with the application's id as "
                    + "Idempotency-Key, so it registers once however often it is sent: 200 REGISTERED with the act's id and "
                    + "registration number. A registry rule's refusal is 422 with the registry's code (e.g. "
                    + "MARRIAGE_SPOUSE_ALREADY_MARRIED), shown on the application, which stays IN_REVIEW. When the registry "
                    + "does not answer: 202, APPROVED with the registration pending, retried in the background. A repeat "
                    + "certificate or an extract is APPROVED and waits for its document. " + ACTION + BACK_OFFICE)
    @APIResponse(responseCode = "200", description = "REGISTERED (or APPROVED)", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "202", description = "APPROVED, registration pending", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "APPROVE_NOT_ALLOWED_WHEN_<STATUS>, CLAIM_REQUIRED, APPLICATION_CLAIMED_BY_OTHER")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "422", description = "TASKS_NOT_PASSED, or the registry's rule code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> approve(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                 @Valid Requests.Comment comment, @Context HttpHeaders headers) {
        Caller c = caller.get();
        Application a = saga.approve(c, id, IfMatch.required(ifMatch), comment == null ? null : comment.comment(),
                locale(headers));
        RestResponse<ApplicationView> done = ok(a, c, headers);
        return a.registrationState == Application.RegistrationState.PENDING
                ? RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, done.getEntity())
                .tag(Integer.toString(a.version)).build()
                : done;
    }

    @POST
    @Path("/{id}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "rejectApplication", summary = "Reject (back office)", description = "With a reason code from "
            + "the country's list. " + ACTION + BACK_OFFICE)
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "REJECT_NOT_ALLOWED_WHEN_<STATUS>, CLAIM_REQUIRED, APPLICATION_CLAIMED_BY_OTHER")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "422", description = "REJECTION_REASON_UNKNOWN")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> reject(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                @NotNull @Valid Requests.Rejection rejection, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.reject(c, id, IfMatch.required(ifMatch), rejection), c, headers);
    }

    @POST
    @Path("/{id}/cancellation")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR})
    @Operation(operationId = "cancelApplication", summary = "Cancel (the applicant)", description = "Only before approval. "
            + "A registrar cancels for a walk-in applicant. " + ACTION)
    @APIResponse(responseCode = "200", description = "CANCELLED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "CANCEL_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> cancel(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                @Valid Requests.Comment comment, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.cancel(c, id, IfMatch.required(ifMatch), comment), c, headers);
    }

    @POST
    @Path("/{id}/completion")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "completeApplication", summary = "Complete: the certificate was handed over or delivered",
            description = ACTION + BACK_OFFICE)
    @APIResponse(responseCode = "200", description = "COMPLETED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = ACTION_ERRORS_400)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "COMPLETE_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> complete(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                  @Valid Requests.Comment comment, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return ok(applications.complete(c, id, IfMatch.required(ifMatch), comment), c, headers);
    }

    private RestResponse<ApplicationView> ok(Application a, Caller c, HttpHeaders headers) {
        return views.answer(a, c, headers);
    }

    static Locale locale(HttpHeaders headers) {
        return ProblemMessages.pick(headers.getAcceptableLanguages());
    }
}
