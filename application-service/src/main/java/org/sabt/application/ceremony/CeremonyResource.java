package org.sabt.application.ceremony;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

/** A marriage application's ceremony: held, booked, moved, cancelled. */
@Path("/api/v1/applications/{id}/ceremony")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ceremonies", description = "Marriage ceremonies: free slots, a hold, the partner's confirmation, the booking")
@SecurityRequirement(name = "bearer")
public class CeremonyResource {

    private final Ceremonies ceremonies;
    private final CurrentCaller caller;

    CeremonyResource(Ceremonies ceremonies, CurrentCaller caller) {
        this.ceremonies = ceremonies;
        this.caller = caller;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "getCeremony", summary = "A marriage application's ceremony: held or booked",
            description = "Status NONE when no slot is held: then it says from which day one may be.")
    @APIResponse(responseCode = "200", description = "The ceremony")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    public Ceremonies.View get(@PathParam("id") UUID id) {
        return ceremonies.current(ceremonies.application(caller.get(), id, false));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR})
    @Operation(operationId = "holdCeremony", summary = "Hold a ceremony slot (or move to another)",
            description = "By a partner (or a portal for them), or by the office's registrar for a walk-in couple. The "
                    + "slot is held for 24 hours: once the other partner confirms (POST .../partner-confirmation) and the "
                    + "fee is paid, it is BOOKED and sabt.ceremony.booked published. Holding another slot frees the first "
                    + "(a partner's confirmation stands). Two couples never hold the same slot: the second is 409 "
                    + "SLOT_TAKEN, even at the same instant.")
    @APIResponse(responseCode = "200", description = "HELD (or BOOKED, when confirmed and paid already)")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "SLOT_TAKEN, CEREMONY_NOT_FOR_SERVICE, CEREMONY_NOT_ALLOWED_WHEN_<STATUS>, "
            + "CONCURRENT_CHANGE")
    @APIResponse(responseCode = "422", description = "SLOT_UNKNOWN, SLOT_BEFORE_WAITING_PERIOD_ENDS")
    public Ceremonies.View hold(@PathParam("id") UUID id, @NotNull @Valid Ceremonies.Hold hold) {
        return ceremonies.hold(caller.get(), ceremonies.application(caller.get(), id, true), hold);
    }

    @DELETE
    @Transactional
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR})
    @Operation(operationId = "cancelCeremony", summary = "Cancel a held or booked ceremony: the slot is free again",
            description = "A booked one publishes sabt.ceremony.cancelled (its reminders are not sent).")
    @APIResponse(responseCode = "200", description = "CANCELLED")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "CEREMONY_NOT_HELD")
    public Ceremonies.View cancel(@PathParam("id") UUID id) {
        return ceremonies.cancel(ceremonies.application(caller.get(), id, true));
    }
}
