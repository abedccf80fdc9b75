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

@Path("/api/v1/work-queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Work queue", description = "One window: an office's queues, claims and figures")
@SecurityRequirement(name = "bearer")
public class WorkQueueResource {

    private final WorkQueue work;
    private final ApplicationViews views;
    private final CurrentCaller caller;

    WorkQueueResource(WorkQueue work, ApplicationViews views, CurrentCaller caller) {
        this.work = work;
        this.views = views;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "readWorkQueue", summary = "An office's work queue", description = "TO_ACCEPT (front "
            + "office), TO_REVIEW (back office), OVERDUE, MINE (claimed by the caller), for the caller's office (national "
            + "staff choose one with office=). Ordered by deadline (none last), then age; keyset-paged.")
    @APIResponse(responseCode = "200", description = "A page of the queue")
    @APIResponse(responseCode = "400", description = "QUEUE_REQUIRED, QUEUE_UNKNOWN, OFFICE_REQUIRED, OFFICE_UNKNOWN, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    public Page<ApplicationSummary> queue(@Parameter(required = true, schema = @Schema(implementation = WorkQueue.Queue.class))
                                          @QueryParam("queue") String queueName,
                                          @Parameter(description = "National staff only", example = "KHT02") @QueryParam("office") String office,
                                          @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                          @Context HttpHeaders headers) {
        if (queueName == null || queueName.isBlank()) {
            throw ProblemException.badRequest("QUEUE_REQUIRED");
        }
        WorkQueue.Queue queue;
        try {
            queue = WorkQueue.Queue.valueOf(queueName);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("QUEUE_UNKNOWN");
        }
        Locale locale = ProblemMessages.pick(headers.getAcceptableLanguages());
        Page<Application> page = work.queue(caller.get(), queue, office, cursor, limit);
        return new Page<>(page.items().stream().map(a -> views.summary(a, locale)).toList(), page.nextCursor());
    }

    @GET
    @Path("/statistics")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "readWorkQueueStatistics", summary = "An office's figures", description = "Per office: open "
            + "applications by status, how many are overdue, and the median time from acceptance to completion over the "
            + "last 30 days. Staff see their office; national staff every office, or the one they name.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = WorkQueue.OfficeStatistics.class)))
    @APIResponse(responseCode = "400", description = "OFFICE_UNKNOWN")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    public List<WorkQueue.OfficeStatistics> statistics(@QueryParam("office") String office) {
        return work.statistics(caller.get(), office);
    }
}
