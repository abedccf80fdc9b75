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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.net.URI;
import java.util.UUID;

@Path("/api/v1/acts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Acts", description = "Acts of civil status")
@SecurityRequirement(name = "bearer")
public class ActResource {

    static final String REASON = "X-Reason";

    private final ActService acts;
    private final CurrentCaller caller;

    ActResource(ActService acts, CurrentCaller caller) {
        this.acts = acts;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE})
    @Operation(summary = "Register an act", description = "Registrars register within their own office; service "
            + "accounts for the office they name. Returns the act with its registration number, version 1 and an ETag. "
            + "Send Idempotency-Key to make a retry safe.")
    @RequestBody(content = @Content(schema = @Schema(implementation = ActRegistration.class), examples = @ExampleObject(
            name = "birth", value = """
            {"type": "BIRTH", "office": "KHT02",
             "child": {"surname": "Раҳимзода", "givenName": "Фирдавс", "sex": "MALE", "birthDate": "2026-11-20", "placeOfBirth": "Кӯлоб"},
             "mother": {"surname": "Раҳимзода", "givenName": "Мадина", "sex": "FEMALE", "birthDate": "1998-03-14", "citizenship": "TJK"},
             "father": {"surname": "Раҳимзода", "givenName": "Рустам", "sex": "MALE", "birthDate": "1995-07-02", "citizenship": "TJK"},
             "medicalCertificateNumber": "MBC-2026-004711"}""")))
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_TYPE, INVALID_FIELD_VALUE, UNKNOWN_TYPE",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "409", description = "BASIS_DOCUMENT_ALREADY_USED")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, BIRTH_DATE_REQUIRED, EVENT_DATE_IN_FUTURE, "
            + "REGISTRATION_DATE_IN_FUTURE, REGISTRATION_BEFORE_EVENT, IDEMPOTENCY_KEY_REUSED")
    public RestResponse<ActView> register(@NotNull @Valid ActRegistration registration,
                                          @Parameter(description = "Why (kept in the audit log)") @HeaderParam(REASON) String reason) {
        ActView act = acts.register(caller.get(), registration, reason);
        return RestResponse.ResponseBuilder.<ActView>created(URI.create("/api/v1/acts/" + act.id()))
                .entity(act).tag(Integer.toString(act.version())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(summary = "Read an act", description = "Every read is audited with the caller and the X-Reason given.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    public RestResponse<ActView> get(@PathParam("id") UUID id, @HeaderParam(REASON) String reason) {
        ActView act = acts.read(caller.get(), id, reason);
        return RestResponse.ResponseBuilder.ok(act).tag(Integer.toString(act.version())).build();
    }

    @GET
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST})
    @Operation(summary = "Find an act by its registration number")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ActView.class)))
    @APIResponse(responseCode = "400", description = "REGISTRATION_NUMBER_REQUIRED")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND")
    public ActView find(@QueryParam("registrationNumber") String registrationNumber, @HeaderParam(REASON) String reason) {
        if (registrationNumber == null || registrationNumber.isBlank()) {
            throw ProblemException.badRequest("REGISTRATION_NUMBER_REQUIRED");
        }
        return acts.readByNumber(caller.get(), registrationNumber, reason);
    }
}
