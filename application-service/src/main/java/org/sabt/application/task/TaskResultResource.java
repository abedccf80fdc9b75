package org.sabt.application.task;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationView;
import org.sabt.application.lifecycle.ApplicationViews;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/applications/{id}/tasks/{taskId}/result")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "One window: inter-agency checks answered by the agencies")
@SecurityRequirement(name = "bearer")
public class TaskResultResource {

    private final Tasks tasks;
    private final ApplicationViews views;
    private final CurrentCaller caller;

    TaskResultResource(Tasks tasks, ApplicationViews views, CurrentCaller caller) {
        this.tasks = tasks;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.HEALTH_AGENCY, Roles.AGENCY})
    @Operation(operationId = "answerTask", summary = "An agency answers a check addressed to it",
            description = "PASSED or FAILED, with the agency's reference; only while the application is in review and "
                    + "the task is open. A task not addressed to the caller is not found.")
    @APIResponse(responseCode = "200", description = "The decided task", content = @Content(schema = @Schema(implementation = ApplicationView.TaskView.class)))
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_VALUE, TASK_OUTCOME_INVALID")
    @APIResponse(responseCode = "404", description = "TASK_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "TASK_ALREADY_DECIDED, TASK_NOT_IN_REVIEW")
    public ApplicationView.TaskView answer(@PathParam("id") UUID applicationId, @PathParam("taskId") UUID taskId,
                                           @NotNull @Valid TaskResource.TaskResultRequest result, @Context HttpHeaders headers) {
        Task t = tasks.decide(caller.get(), applicationId, taskId,
                new Tasks.Result(result.outcome(), result.reference(), result.comment()));
        return views.task(Application.findById(applicationId), t, ProblemMessages.pick(headers.getAcceptableLanguages()));
    }

}
