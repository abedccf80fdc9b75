package org.sabt.application.handoff;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

@Path("/api/v1/handoffs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hand-offs", description = "Registered acts handed to the agencies that act on them, and their answers")
@SecurityRequirement(name = "bearer")
public class HandoffResource {

    private static final String AGENCY = "The agency's own client (client credentials) only: another agency's answer is "
            + "403 HANDOFF_NOT_YOURS.";

    private final Handoffs handoffs;
    private final CurrentCaller caller;

    HandoffResource(Handoffs handoffs, CurrentCaller caller) {
        this.handoffs = handoffs;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.AGENCY, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "listHandoffs", summary = "Hand-offs: an agency's own, or an office's",
            description = "An agency (its client's service account) lists the hand-offs addressed to it, by status (e.g. "
                    + "status=SENT: what it has not yet acknowledged, should a webhook have been missed). Staff list their "
                    + "office's; overdue=true: not done within sabt.handoffs.overdue-after (default P3D) of being sent, "
                    + "so the office can chase the agency. Oldest first; national staff name the office.")
    @APIResponse(responseCode = "200", description = "A page of hand-offs")
    @APIResponse(responseCode = "400", description = "OFFICE_REQUIRED, CURSOR_INVALID, LIMIT_INVALID, INVALID_FIELD_VALUE")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    public Page<Handoffs.View> list(@QueryParam("status") Handoff.Status status, @QueryParam("overdue") Boolean overdue,
                                    @QueryParam("office") String office, @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") Integer limit, @Context HttpHeaders headers) {
        return handoffs.list(caller.get(), status, Boolean.TRUE.equals(overdue), office, cursor, limit,
                ProblemMessages.pick(headers.getAcceptableLanguages()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENCY, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "getHandoff", summary = "A hand-off", description = "To its agency and to its office's staff.")
    @APIResponse(responseCode = "200", description = "The hand-off")
    @APIResponse(responseCode = "404", description = "HANDOFF_NOT_FOUND (also another agency's or office's)")
    public Handoffs.View get(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return handoffs.get(caller.get(), id, ProblemMessages.pick(headers.getAcceptableLanguages()));
    }

    @POST
    @Path("/{id}/acknowledgement")
    @RolesAllowed(Roles.AGENCY)
    @Operation(operationId = "acknowledgeHandoff", summary = "The agency has the hand-off",
            description = "SENT becomes ACKNOWLEDGED; acknowledging again changes nothing. " + AGENCY)
    @APIResponse(responseCode = "200", description = "ACKNOWLEDGED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, HANDOFF_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "HANDOFF_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HANDOFF_ALREADY_ANSWERED")
    public Handoffs.View acknowledge(@PathParam("id") UUID id) {
        return handoffs.acknowledge(caller.get(), id);
    }

    @POST
    @Path("/{id}/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AGENCY)
    @Operation(operationId = "answerHandoff", summary = "The agency's result",
            description = "DONE with the agency's reference (the ID service: the personal number it assigned), or FAILED "
                    + "with its reason. The parents see it on their application and are told by SMS and e-mail when it is "
                    + "done. The same result again changes nothing; a FAILED hand-off may be DONE later; DONE is final. "
                    + AGENCY)
    @APIResponse(responseCode = "200", description = "DONE or FAILED")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, HANDOFF_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "HANDOFF_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HANDOFF_ALREADY_DONE")
    @APIResponse(responseCode = "422", description = "HANDOFF_REASON_REQUIRED")
    public Handoffs.View result(@PathParam("id") UUID id, @NotNull @Valid Handoffs.Result result) {
        return handoffs.result(caller.get(), id, result);
    }
}
