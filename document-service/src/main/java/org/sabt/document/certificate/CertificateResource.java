package org.sabt.document.certificate;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;
import org.sabt.document.verification.StatusList;

import java.net.URI;
import java.util.UUID;

@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Certificates", description = "Certificates, repeat certificates and extracts: signed, on accounted blanks, revocable")
public class CertificateResource {

    private final Certificates certificates;
    private final StatusList statusList;
    private final CurrentCaller caller;

    CertificateResource(Certificates certificates, StatusList statusList, CurrentCaller caller) {
        this.certificates = certificates;
        this.statusList = statusList;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.BACK_OFFICE})
    @Operation(operationId = "issueCertificate", summary = "Issue a certificate, a repeat certificate or an extract",
            description = "By staff of the act's office, from this service's projection of the act (its current version). "
                    + "PAPER takes the office's next free blank of the certificate type in the same transaction; ELECTRONIC "
                    + "has none. The PDF (PDF/A-3u) carries a QR whose link opens the public verification page with the "
                    + "signed token in its fragment. Publishes sabt.certificate.issued. Applications get theirs without "
                    + "anyone asking (on REGISTERED, or when a repeat certificate or an extract is approved). Send "
                    + "Idempotency-Key to make a retry safe.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, INVALID_FIELD_VALUE",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "404", description = "ACT_NOT_FOUND (not registered, or not yet projected here)")
    @APIResponse(responseCode = "409", description = "ACT_ANNULLED, ACT_VERSION_SEALED, ACT_VERSION_NOT_CURRENT, "
            + "CERTIFICATE_ALREADY_ISSUED (ask for a REPEAT_CERTIFICATE), NO_BLANKS_LEFT")
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    public RestResponse<CertificateView> issue(@NotNull @Valid IssueRequest request) {
        CertificateView issued = certificates.issue(caller.get(), request);
        return RestResponse.ResponseBuilder.<CertificateView>created(URI.create("/api/v1/certificates/" + issued.id()))
                .entity(issued).build();
    }

    @GET
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.AUDITOR})
    @Operation(operationId = "listCertificates", summary = "List certificates",
            description = "mine=true (a citizen, or a portal for X-Citizen-Id): the certificates of acts that name the "
                    + "citizen, as a subject or a parent. Staff: their office's (national staff name it with office=). "
                    + "Newest first; pass nextCursor back as cursor.")
    @Parameter(name = "X-Citizen-Id", in = ParameterIn.HEADER, schema = @Schema(type = SchemaType.STRING, pattern = "\\d{6,20}"), description = "Portals only: the citizen the portal acts for")
    @APIResponse(responseCode = "200", description = "A page of certificates")
    @APIResponse(responseCode = "400", description = "CITIZEN_ID_REQUIRED, OFFICE_REQUIRED, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED")
    public Page<CertificateView> list(@QueryParam("mine") boolean mine,
                                      @QueryParam("office") @Size(max = 5) String office,
                                      @QueryParam("actId") UUID actId,
                                      @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return certificates.list(caller.get(), mine, office, actId, Page.Cursor.decode(cursor), Page.limit(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.AUDITOR})
    @Operation(operationId = "getCertificate", summary = "Read a certificate",
            description = "Its status (VALID, or REVOKED and why), blank and verification link; a citizen only their own.")
    @APIResponse(responseCode = "200", description = "The certificate", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    @APIResponse(responseCode = "404", description = "CERTIFICATE_NOT_FOUND (also when it is not the caller's)")
    public CertificateView get(@PathParam("id") UUID id) {
        return certificates.find(caller.get(), id);
    }

    @GET
    @Path("/{id}/pdf")
    @Produces("application/pdf")
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL, Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.AUDITOR})
    @Operation(operationId = "downloadCertificate", summary = "Download a certificate's PDF",
            description = "PDF/A-3u, every font embedded, the signed token attached as certificate-token.txt. Every "
                    + "download is audited (who, when, X-Reason).")
    @APIResponse(responseCode = "200", description = "The PDF", content = @Content(mediaType = "application/pdf"))
    @APIResponse(responseCode = "404", description = "CERTIFICATE_NOT_FOUND (also when it is not the caller's)")
    public RestResponse<byte[]> pdf(@PathParam("id") UUID id,
                                    @Parameter(description = "Why (kept in the audit log)") @HeaderParam("X-Reason") @Size(max = 500) String reason) {
        return RestResponse.ResponseBuilder.ok(certificates.pdf(caller.get(), id, reason), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"certificate-" + id + ".pdf\"").build();
    }

    @GET
    @Path("/status-list")
    @PermitAll
    @SecurityRequirements
    @Produces("application/statuslist+jwt")
    @Operation(operationId = "getStatusList", summary = "The signed status list of every certificate (public)",
            description = "IETF Token Status List as a JWT (typ statuslist+jwt, ES256, keys at /.well-known/jwks.json): "
                    + "2 bits per certificate at its token's status index: 0 VALID, 1 annulled, 2 blank spoiled, "
                    + "3 superseded by a correction. Lets an offline verifier know revocations without revealing what "
                    + "it checks.")
    @APIResponse(responseCode = "200", description = "The status list JWT", content = @Content(mediaType = "application/statuslist+jwt"))
    public RestResponse<String> statusList() {
        return RestResponse.ResponseBuilder.ok(statusList.jwt(), "application/statuslist+jwt")
                .header("Cache-Control", "public, max-age=60").build();
    }
}
