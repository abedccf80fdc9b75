package org.sabt.application.workqueue;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationSummary;
import org.sabt.application.lifecycle.ApplicationViews;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Path("/api/v1/applications/{id}/assignment")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Work queue", description = "One window: an office's queues, claims and figures")
@SecurityRequirement(name = "bearer")
public class AssignmentResource {

    private final WorkQueue work;
    private final CurrentCaller caller;

    AssignmentResource(WorkQueue work, CurrentCaller caller) {
        this.work = work;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "claimApplication", summary = "Claim an application (back office)", description = "The back "
            + "office claims an application before acting on it. A live claim by someone else is 409 naming the holder; "
            + "a claim left untouched for the configured time lapses (sabt.one-window.claim-lapses-after, 4 hours).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WorkQueue.Assignment.class)))
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "APPLICATION_CLAIMED_BY_OTHER, CLAIM_NOT_ALLOWED_WHEN_<STATUS>")
    public WorkQueue.Assignment claim(@PathParam("id") UUID id) {
        return work.claim(caller.get(), id);
    }

    @DELETE
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "releaseApplication", summary = "Release a claim (its holder, or a supervisor)")
    @APIResponse(responseCode = "204", description = "Released")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, CLAIM_NOT_YOURS")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "NOT_CLAIMED")
    public RestResponse<Void> release(@PathParam("id") UUID id) {
        work.release(caller.get(), id);
        return RestResponse.noContent();
    }
}
