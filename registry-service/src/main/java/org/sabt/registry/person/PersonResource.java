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
import jakarta.ws.rs.QueryParam;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.registry.act.Sex;
import org.sabt.registry.search.PersonSearch;
import org.sabt.chassis.security.Roles;

import java.time.LocalDate;
import java.util.UUID;

@Path("/api/v1/persons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Persons", description = "The person index: each person once, with status, marital status, links and acts")
@SecurityRequirement(name = "bearer")
public class PersonResource {

    private final PersonService persons;
    private final PersonSearch search;
    private final CurrentCaller caller;

    PersonResource(PersonService persons, PersonSearch search, CurrentCaller caller) {
        this.persons = persons;
        this.search = search;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(operationId = "findPersons", summary = "Find persons by national id or by name", description = "Either nationalId= (exact) or q= (names "
            + "in any order, script and spelling: Cyrillic or Latin, the registry's Latin form or a passport's, ё/е, й/и, "
            + "the Tajik letters or their Russian look-alikes, the surname's -зода/-заде/-ов/-ова/-ӣ forms, the Russian "
            + "and English spellings of the national names register, and typos), narrowed by birthDate (within 3 days), "
            + "birthYear, sex and office (persons named in that office's acts). Hits are ranked by the matcher's score "
            + "(higher is likelier; each field's agreement and weight is shown) and keyset-paged; a former name (e.g. "
            + "before a marriage) is found too and said. Names and parents an adoption sealed are found by archivists "
            + "only. Each search is audited (what was asked, X-Reason, and which persons it showed: they see it in their "
            + "access log).")
    @APIResponse(responseCode = "200", description = "A page of hits, best first")
    @APIResponse(responseCode = "400", description = "SEARCH_QUERY_REQUIRED, SEARCH_QUERY_INVALID, NATIONAL_ID_INVALID, "
            + "CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    public Page<PersonSearch.Hit> find(@Parameter(description = "Exact national id") @QueryParam("nationalId") String nationalId,
                                       @Parameter(description = "Names, any order", example = "Раҳимова Мадина") @QueryParam("q") String q,
                                       @QueryParam("birthDate") LocalDate birthDate,
                                       @QueryParam("birthYear") Integer birthYear,
                                       @QueryParam("sex") Sex sex,
                                       @QueryParam("office") String office,
                                       @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                       @Parameter(description = "Why (kept in the audit log)") @HeaderParam("X-Reason") String reason) {
        if (nationalId != null && !nationalId.isBlank()) {
            return search.byNationalId(caller.get(), nationalId.strip(), reason);
        }
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("SEARCH_QUERY_REQUIRED");
        }
        if (birthYear != null && (birthYear < 1800 || birthYear > 2200)) {
            throw ProblemException.badRequest("SEARCH_QUERY_INVALID");
        }
        return search.byName(caller.get(), new PersonSearch.Query(q, birthDate, birthYear, sex, office), cursor,
                Page.limit(limit), reason);
    }

    @GET
    @Path("/me/access-log")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL})
    @Operation(operationId = "readMyAccessLog", summary = "Who looked at my record", description = "For a citizen (or a portal for them, with "
            + "X-Citizen-Id): newest first, every staff read of their person record or of an act naming them, and every "
            + "search that showed them, with the office, the role, the reason given and when. Keyset-paged.")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "404", description = "PERSON_NOT_FOUND: the registry does not know the citizen")
    public Page<PersonService.Access> accessLog(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        if (caller.get().actingCitizen() == null) {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        return persons.accessLog(caller.get(), cursor, Page.limit(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST, Roles.CITIZEN, Roles.PORTAL})
    @Operation(operationId = "getPerson", summary = "Read a person's full record", description = "Names, status (ALIVE, DECEASED) and marital status "
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
