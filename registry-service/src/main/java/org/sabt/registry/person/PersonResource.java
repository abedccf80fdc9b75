package org.sabt.registry.person;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

@Path("/api/v1/persons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Persons", description = "The person index: each person once, with status, marital status, links and acts")
@SecurityRequirement(name = "bearer")
public class PersonResource {

    private final PersonService persons;
    private final CurrentCaller caller;

    PersonResource(PersonService persons, CurrentCaller caller) {
        this.persons = persons;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST, Roles.CITIZEN, Roles.PORTAL})
    @Operation(summary = "Read a person's full record", description = "Names, status (ALIVE, DECEASED) and marital status "
            + "as the acts give them, the people linked (parents, children, adopters, spouses) and the person's acts. Staff "
            + "reads are audited with the caller, their office, the X-Reason given, the request id and X-Road headers. A "
            + "citizen (or a portal with X-Citizen-Id) reads only their own record and their children's. Links sealed by "
            + "an adoption are shown to archivists only.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "404", description = "PERSON_NOT_FOUND (also for a record that is not the citizen's)")
    public PersonView get(@PathParam("id") UUID id,
                          @Parameter(description = "Why (kept in the audit log)") @HeaderParam("X-Reason") String reason) {
        return persons.read(caller.get(), id, reason);
    }
}
