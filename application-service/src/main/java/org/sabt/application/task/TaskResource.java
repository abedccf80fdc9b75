package org.sabt.application.task;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.Requests;
import org.sabt.application.lifecycle.ApplicationView;
import org.sabt.application.lifecycle.ApplicationViews;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.problem.ProblemMessages;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "One window: inter-agency checks answered by the agencies")
@SecurityRequirement(name = "bearer")
public class TaskResource {

    /** A task as the agency it is addressed to sees it: the check, and only the form fields it needs. */
    @Schema(name = "AgencyTask")
    public record AgencyTaskView(UUID id, UUID applicationId, ServiceCode service, String office,
                                 @Schema(example = "MEDICAL_CERTIFICATE_CONFIRMED") String code, String name, String status,
                                 Instant createdAt,
                                 @Schema(type = SchemaType.OBJECT, description = "The form fields the check needs, by JSON pointer",
                                         example = "{\"/medicalCertificateNumber\": \"MBC-2026-004711\"}") Map<String, Object> subject) {
    }

    /** The agency's answer. */
    @Schema(name = "TaskResult")
    public record TaskResultRequest(
            @NotNull @Schema(description = "PASSED or FAILED") Task.Status outcome,
            @Size(max = 100) @Pattern(regexp = Requests.STORABLE) @Schema(description = "The agency's own reference for its answer", example = "MOH-2026-88412") String reference,
            @Size(max = 500) @Pattern(regexp = Requests.STORABLE) String comment) {
    }

    private final Tasks tasks;
    private final ApplicationViews views;
    private final CurrentCaller caller;

    TaskResource(Tasks tasks, ApplicationViews views, CurrentCaller caller) {
        this.tasks = tasks;
        this.views = views;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.HEALTH_AGENCY, Roles.AGENCY})
    @Operation(operationId = "listMyTasks", summary = "The open checks addressed to the calling agency",
            description = "Oldest first, keyset-paged; an agency user with an office claim sees that office's only. Each "
                    + "task shows only the form fields its check needs.")
    @APIResponse(responseCode = "200", description = "A page of tasks")
    @APIResponse(responseCode = "400", description = "ASSIGNEE_INVALID, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    public Page<AgencyTaskView> mine(@Parameter(description = "Only 'me'") @QueryParam("assignee") String assignee,
                                     @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                     @Context HttpHeaders headers) {
        if (assignee != null && !"me".equals(assignee)) {
            throw ProblemException.badRequest("ASSIGNEE_INVALID");
        }
        Locale locale = ProblemMessages.pick(headers.getAcceptableLanguages());
        Page<Task> page = tasks.addressedToCaller(caller.get(), cursor, limit);
        return new Page<>(page.items().stream().map(t -> agencyView(t, locale)).toList(), page.nextCursor());
    }

    private AgencyTaskView agencyView(Task t, Locale locale) {
        Application a = Application.findById(t.applicationId);
        return new AgencyTaskView(t.id, t.applicationId, a.service, t.office, t.code,
                tasks.definition(a, t.code).names().in(locale), t.status.name(), t.createdAt,
                Collections.unmodifiableMap(tasks.shownTo(t, a)));
    }
}
