package org.sabt.application.application;

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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.net.URI;
import java.util.UUID;

@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications", description = "One window: a citizen's applications")
@SecurityRequirement(name = "bearer")
public class ApplicationResource {

    private final ApplicationService applications;
    private final CurrentCaller caller;

    ApplicationResource(ApplicationService applications, CurrentCaller caller) {
        this.applications = applications;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL})
    @Operation(summary = "Submit an application", description = "By a citizen, or by a portal for the citizen it names in "
            + "X-Citizen-Id. Status SUBMITTED; the applicant is notified. Send Idempotency-Key to make a retry safe.")
    @Parameter(name = "X-Citizen-Id", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER,
            description = "Portals only: the national id of the citizen the portal authenticated")
    @APIResponse(responseCode = "201", description = "Submitted")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_VALUE, CITIZEN_ID_REQUIRED, CITIZEN_ID_INVALID")
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, IDEMPOTENCY_KEY_REUSED")
    public RestResponse<ApplicationView> submit(@NotNull @Valid NewApplication application) {
        ApplicationView a = applications.submit(caller.get(), application);
        return RestResponse.ResponseBuilder.<ApplicationView>created(URI.create("/api/v1/applications/" + a.id()))
                .entity(a).tag(Integer.toString(a.version())).build();
    }

    @GET
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(summary = "List applications", description = "A citizen sees only their own (a portal: those of X-Citizen-Id); "
            + "staff see their office's. Newest first; pass nextCursor back as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of applications")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    public Page<ApplicationView> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return applications.list(caller.get(), cursor, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(summary = "Read an application")
    @APIResponse(responseCode = "200", description = "The application")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND (also when it is not the caller's)")
    public ApplicationView get(@PathParam("id") UUID id) {
        return applications.get(caller.get(), id);
    }
}
