package org.sabt.application.ceremony;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

/** The other partner's confirmation of a held ceremony. */
@Path("/api/v1/applications/{id}/partner-confirmation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ceremonies", description = "Marriage ceremonies: free slots, a hold, the partner's confirmation, the booking")
@SecurityRequirement(name = "bearer")
public class PartnerConfirmationResource {

    private final Ceremonies ceremonies;
    private final CurrentCaller caller;

    PartnerConfirmationResource(Ceremonies ceremonies, CurrentCaller caller) {
        this.ceremonies = ceremonies;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL})
    @Operation(operationId = "confirmCeremony", summary = "The other partner confirms the held slot",
            description = "Through their own login (a citizen, or a portal for the citizen it names in X-Citizen-Id): "
                    + "only the spouse who is not the applicant. Their own phone, e-mail and language, for the reminder, "
                    + "are optional. With the fee paid, the slot is BOOKED.")
    @APIResponse(responseCode = "200", description = "Confirmed: HELD until the fee is paid, or BOOKED")
    @APIResponse(responseCode = "403", description = "NOT_THE_PARTNER")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "CEREMONY_NOT_HELD, CEREMONY_HOLD_LAPSED, CEREMONY_NOT_FOR_SERVICE")
    public Ceremonies.View confirm(@PathParam("id") UUID id, @Valid Ceremonies.Confirmation confirmation) {
        return ceremonies.confirm(caller.get(), ceremonies.application(caller.get(), id, true), confirmation);
    }
}
