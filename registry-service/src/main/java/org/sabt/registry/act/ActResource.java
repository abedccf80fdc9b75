package org.sabt.registry.act;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.http.IfMatch;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.paging.Page;
import org.sabt.registry.search.ActSearch;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/acts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Acts", description = "Acts of civil status: register, restore, read, amend, annul")
@SecurityRequirement(name = "bearer")
public class ActResource {

    static final String REASON = "X-Reason";
    private static final String STAFF_READ = "Staff reads; each is audited with the caller, their office, the X-Reason given, "
            + "the request id and any X-Road headers.";

    private final ActService acts;
    private final ActSearch search;
    private final CurrentCaller caller;

    ActResource(ActService acts, ActSearch search, CurrentCaller caller) {
        this.acts = acts;
        this.search = search;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE})
    @Operation(operationId = "registerAct", summary = "Register an act", description = "Registrars register within their own office; service "
            + "accounts for the office they name. The act type's rules are checked (see the 422 codes), its consequences "
            + "applied in the same transaction. Returns the act with its registration number, version 1 and an ETag. "
            + "Send Idempotency-Key to make a retry safe.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActRegistration.class, oneOf = {
            BirthRegistration.class, DeathRegistration.class, MarriageRegistration.class, DivorceRegistration.class,
            AdoptionRegistration.class, PaternityRegistration.class, NameChangeRegistration.class}),
            examples = {@ExampleObject(name = "birth", value = ActExamples.BIRTH),
                    @ExampleObject(name = "death", value = ActExamples.DEATH),
                    @ExampleObject(name = "marriage", value = ActExamples.MARRIAGE),
                    @ExampleObject(name = "divorce", value = ActExamples.DIVORCE),
                    @ExampleObject(name = "adoption", value = ActExamples.ADOPTION),
                    @ExampleObject(name = "paternity", value = ActExamples.PATERNITY),
                    @ExampleObject(name = "name change", value = ActExamples.NAME_CHANGE)}))
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = ActExamples.BAD_REQUEST, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "409", description = "CONCURRENT_CHANGE")
    @APIResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE")
    @APIResponse(responseCode = "422", description = ActExamples.RULES, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public RestResponse<ActView> register(@NotNull @Valid ActRegistration registration,
                                          @Parameter(description = "Why (kept in the audit log)") @HeaderParam(REASON) String reason) {
        return created(acts.register(caller.get(), registration, reason));
    }

    @POST
    @Path("/restorations")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ARCHIVIST)
    @Operation(operationId = "restoreAct", summary = "Restore an old paper record", description = "An archivist enters an act registered on paper: "
            + "restored=true, with the paper's registration number and date (the number is unique within the office). "
            + "The act type's rules and consequences apply as for a registration, except those about basis documents, "
            + "late births and waiting periods, which the paper settled.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActService.Restoration.class), examples = @ExampleObject(name = "restored birth", value = ActExamples.RESTORED_BIRTH)))
    @APIResponse(responseCode = "201", description = "Restored", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = ActExamples.BAD_REQUEST)
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "409", description = "REGISTRATION_NUMBER_TAKEN, CONCURRENT_CHANGE")
    @APIResponse(responseCode = "422", description = ActExamples.RULES)
    public RestResponse<ActView> restore(@NotNull @Valid ActService.Restoration restoration,
                                         @Parameter(description = "Why (kept in the audit log)") @HeaderParam(REASON) String reason) {
        return created(acts.restore(caller.get(), restoration, reason));
    }

    @POST
    @Path("/checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE})
    @Operation(operationId = "checkAct", summary = "Check a registration against the rules without registering it", description = "Evaluates "
            + "every rule of the act type (each PASSED, FAILED, or NOT_EVALUATED when what it needs is missing) for the "
            + "registration as it would be made today, and says which of the persons it names the registry knows (by "
            + "personId or national id). Nothing is written. The one window's inter-agency checks ask this before an "
            + "application is approved; the registration itself checks the rules again.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActRegistration.class, oneOf = {
            BirthRegistration.class, DeathRegistration.class, MarriageRegistration.class, DivorceRegistration.class,
            AdoptionRegistration.class, PaternityRegistration.class, NameChangeRegistration.class}),
            examples = @ExampleObject(name = "marriage", value = ActExamples.MARRIAGE)))
    @APIResponse(responseCode = "200", description = "Each rule's outcome", content = @Content(schema = @Schema(implementation = ActService.RuleCheck.class)))
    @APIResponse(responseCode = "400", description = ActExamples.BAD_REQUEST)
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, PERSON_NOT_FOUND (a personId the index does not have)")
    public ActService.RuleCheck check(@NotNull @Valid ActRegistration registration) {
        return acts.check(caller.get(), registration);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(operationId = "getAct", summary = "Read an act (its current version)", description = STAFF_READ)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    public RestResponse<ActView> get(@PathParam("id") UUID id, @HeaderParam(REASON) String reason) {
        return ok(acts.read(caller.get(), id, reason));
    }

    @GET
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(operationId = "searchActs", summary = "Find an act by its registration number, or search acts", description = "With registrationNumber= "
            + "the act itself (a paper number restored in several offices needs office= as well). Otherwise a search, "
            + "keyset-paged: by type, office, event date from/to (inclusive) and q= the names of any party, matched as "
            + "the person search matches them (any script, spelling, surname form or typo), best first; without q= "
            + "newest event first. Parents in a birth record an adoption sealed are shown to and found by archivists "
            + "only. " + STAFF_READ)
    @APIResponse(responseCode = "200", description = "The act (registrationNumber=) or a page of hits",
            content = @Content(schema = @Schema(oneOf = {ActView.class, ActSearch.Results.class})))
    @APIResponse(responseCode = "400", description = "SEARCH_QUERY_INVALID, DATE_RANGE_INVALID, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "REGISTRATION_NUMBER_AMBIGUOUS")
    public RestResponse<Object> find(@QueryParam("registrationNumber") String registrationNumber,
                                     @QueryParam("office") String office, @QueryParam("type") ActType type,
                                     @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                     @Parameter(description = "Names of any party", example = "Раҳимова Мадина") @QueryParam("q") String q,
                                     @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                     @HeaderParam(REASON) String reason) {
        if (registrationNumber != null && !registrationNumber.isBlank()) {
            ActView act = acts.readByNumber(caller.get(), registrationNumber, office, reason);
            return RestResponse.ResponseBuilder.<Object>ok(act).tag(Integer.toString(act.version())).build();
        }
        return RestResponse.ok(search.search(caller.get(), new ActSearch.Query(type, office, from, to, q), cursor,
                Page.limit(limit), reason));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(operationId = "listActVersions", summary = "The act's whole history", description = "Every version, complete, oldest first, with who made "
            + "it, when, why and on what basis. Versions sealed by an adoption are returned to archivists only, who "
            + "must give X-Reason. " + STAFF_READ)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ActVersionView.class)))
    @APIResponse(responseCode = "400", description = "REASON_REQUIRED")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    public List<ActVersionView> versions(@PathParam("id") UUID id, @HeaderParam(REASON) String reason) {
        return acts.versions(caller.get(), id, reason);
    }

    @POST
    @Path("/{id}/amendments")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.SUPERVISOR})
    @Operation(operationId = "amendAct", summary = "Correct an act", description = "Makes a new version with the corrected details, for the "
            + "version in If-Match (the ETag you read). The persons the act names, its type and office stay; corrections "
            + "of a birth record's child are carried to the person index. Emits sabt.act.amended. Certificates of earlier "
            + "versions become invalid. Send Idempotency-Key to make a retry safe.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActService.Amendment.class), examples = @ExampleObject(name = "amendment", value = ActExamples.AMENDMENT)))
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = ActExamples.BAD_REQUEST + ", IF_MATCH_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "ACT_ANNULLED")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH: the act has changed since you read it")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    @APIResponse(responseCode = "422", description = "AMENDMENT_CHANGES_TYPE, AMENDMENT_CHANGES_OFFICE, AMENDMENT_CHANGES_PERSONS, "
            + "EVENT_DATE_IN_FUTURE, REGISTRATION_BEFORE_EVENT, PERSON_BORN_AFTER_EVENT, BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED, "
            + "DEATH_MEDICAL_CERTIFICATE_ALREADY_USED")
    public RestResponse<ActView> amend(@PathParam("id") UUID id,
                                       @Parameter(description = "The version amended, as its ETag", required = true)
                                       @HeaderParam("If-Match") String ifMatch,
                                       @NotNull @Valid ActService.Amendment amendment) {
        return ok(acts.amend(caller.get(), id, IfMatch.required(ifMatch), amendment));
    }

    @POST
    @Path("/{id}/annulment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "annulAct", summary = "Annul an act by court decision", description = "Status ANNULLED (a new version), and the act's "
            + "consequences undone: a death's person is alive again and the marriage it ended restored; a marriage's links "
            + "removed; a divorce's marriage restored; the birth record an adoption, paternity or name change amended is "
            + "reverted. Refused when a later change stands in the way. If-Match is checked when given. Emits "
            + "sabt.act.annulled (and sabt.act.amended for each reverted act).")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActService.Annulment.class), examples = @ExampleObject(name = "annulment", value = ActExamples.ANNULMENT)))
    @APIResponse(responseCode = "200", description = "The annulled act", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = ActExamples.BAD_REQUEST + ", IF_MATCH_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "ACT_ANNULLED, ANNULMENT_BLOCKED_BY_LATER_AMENDMENT, ANNULMENT_BLOCKED_BY_LATER_MARRIAGE")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    public RestResponse<ActView> annul(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                       @NotNull @Valid ActService.Annulment annulment) {
        return ok(acts.annul(caller.get(), id, IfMatch.version(ifMatch), annulment));
    }

    private static RestResponse<ActView> created(ActView act) {
        return RestResponse.ResponseBuilder.<ActView>created(URI.create("/api/v1/acts/" + act.id()))
                .entity(act).tag(Integer.toString(act.version())).build();
    }

    private static RestResponse<ActView> ok(ActView act) {
        return RestResponse.ResponseBuilder.ok(act).tag(Integer.toString(act.version())).build();
    }
}
