package org.sabt.application.ceremony;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.application.lifecycle.Application;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

/** A supervisor's decision shortening the waiting period. */
@Path("/api/v1/applications/{id}/waiting-period-decision")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ceremonies", description = "Marriage ceremonies: free slots, a hold, the partner's confirmation, the booking")
@SecurityRequirement(name = "bearer")
public class WaitingPeriodResource {

    private final Ceremonies ceremonies;
    private final CurrentCaller caller;

    WaitingPeriodResource(Ceremonies ceremonies, CurrentCaller caller) {
        this.ceremonies = ceremonies;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "shortenWaitingPeriod", summary = "Shorten the waiting period (supervisor, with a decision)",
            description = "The decision's number, date and reason are kept on the application and in the audit log; "
                    + "slots from its earliest day may then be held.")
    @APIResponse(responseCode = "200", description = "The ceremony (or, without one, the new earliest day)")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "422", description = "EARLIEST_DATE_PAST")
    public Ceremonies.View shorten(@PathParam("id") UUID id, @NotNull @Valid Ceremonies.Decision decision) {
        Application a = ceremonies.application(caller.get(), id, true);
        a.version++;
        return ceremonies.shorten(caller.get(), a, decision);
    }
}
