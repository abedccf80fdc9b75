package org.sabt.application.ceremony;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.time.LocalDate;
import java.util.List;

/** An office's free ceremony slots. */
@Path("/api/v1/offices/{code}/ceremony-slots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ceremonies", description = "Marriage ceremonies: free slots, a hold, the partner's confirmation, the booking")
@SecurityRequirement(name = "bearer")
public class CeremonySlotsResource {

    private final Ceremonies ceremonies;
    private final CurrentCaller caller;

    CeremonySlotsResource(Ceremonies ceremonies, CurrentCaller caller) {
        this.ceremonies = ceremonies;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "listCeremonySlots", summary = "Free ceremony slots of an office",
            description = "Each hall's slots from one day to another (at most 62 days), on the office's ceremony days, "
                    + "not on public holidays, not held or booked by anyone. Times carry the office's offset (+05:00).")
    @APIResponse(responseCode = "200", description = "The free slots, in order")
    @APIResponse(responseCode = "400", description = "DATE_RANGE_INVALID, INVALID_FIELD_VALUE")
    @APIResponse(responseCode = "404", description = "OFFICE_UNKNOWN")
    public List<Ceremonies.Slot> slots(@PathParam("code") String office, @QueryParam("from") LocalDate from,
                                       @QueryParam("to") LocalDate to) {
        return ceremonies.free(office, from, to);
    }
}
