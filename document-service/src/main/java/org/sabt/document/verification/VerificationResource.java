package org.sabt.document.verification;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.problem.Problem;
import org.sabt.document.signing.SigningKeys;
import org.sabt.document.token.CertificateToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Verification for everyone, without a token: the API, the page a phone camera opens, and the public keys. */
@Path("/")
@Tag(name = "Verification", description = "Public: check a certificate's QR token (no login)")
public class VerificationResource {

    @Schema(name = "VerificationRequest")
    public record Request(@NotBlank @Size(max = CertificateToken.MAX_TOKEN_LENGTH + 200)
                          @Schema(description = "The QR's content: the token, or the whole link",
                                  example = "https://sabt.example/v#HQGBQ2DQEAYCAMJQGAYDA") String token) {
    }

    private static final String PAGE = readPage();

    private final Verifications verifications;
    private final SigningKeys keys;

    VerificationResource(Verifications verifications, SigningKeys keys) {
        this.verifications = verifications;
        this.keys = keys;
    }

    @POST
    @Path("api/v1/verifications")
    @PermitAll
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyCertificate", summary = "Verify a certificate's QR token (public)",
            description = "For banks, schools, border officers: VALID, or REVOKED with why (SUPERSEDED by a correction, "
                    + "ANNULLED, BLANK_SPOILED), and the printed minimum to compare with the paper. Nothing is logged of "
                    + "which certificate was checked. Through the gateway each client address has a rate limit (429).")
    @APIResponse(responseCode = "200", description = "Authentic: its status now",
            content = @Content(schema = @Schema(implementation = Verifications.Verification.class)))
    @APIResponse(responseCode = "400", description = "TOKEN_MALFORMED (not base32, truncated, not a certificate token), "
            + "VALIDATION_FAILED", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "TOKEN_SIGNATURE_INVALID (tampered), TOKEN_KEY_UNKNOWN (not signed "
            + "here), CERTIFICATE_UNKNOWN", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "TOO_MANY_REQUESTS (gateway), with Retry-After")
    @NonBlocking
    public Uni<Verifications.Verification> verify(@NotNull @Valid Request request) {
        // Only the check (a signature, one indexed read) runs on a worker, in this request's context; the answer is
        // written on the I/O thread. As a plain blocking method (the chassis reads its body whole either way) it cost
        // document-service 0.4 ms of CPU per verification at 32 clients against 0.2-0.3 ms (bench scenario 6).
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> verifications.verify(request.token()),
                false).toCompletionStage());
    }

    @GET
    @Path(".well-known/jwks.json")
    @PermitAll
    @SecurityRequirements
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSigningKeys", summary = "Every public key that ever signed certificates (public JWK Set)",
            description = "EC P-256, ES256. A retired key stays here for ever: certificates do not expire.")
    @APIResponse(responseCode = "200", description = "The JWK Set")
    public RestResponse<String> jwks() {
        return RestResponse.ResponseBuilder.ok(keys.jwks().toString(true), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("v")
    @PermitAll
    @SecurityRequirements
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "verificationPage", summary = "The public verification page a certificate's QR opens",
            description = "Reads the token from the link's fragment (never sent to the server), checks the signature in "
                    + "the browser against /.well-known/jwks.json and the status in the signed status list, and shows "
                    + "VALID, REVOKED (why) or NOT VALID with the printed minimum, in tg, ru and en.")
    @APIResponse(responseCode = "200", description = "The page")
    public RestResponse<String> page() {
        return RestResponse.ResponseBuilder.ok(PAGE, MediaType.TEXT_HTML + ";charset=UTF-8")
                .header("Cache-Control", "public, max-age=300")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self' 'unsafe-inline'; "
                        + "style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'")
                .header("Referrer-Policy", "no-referrer").build();
    }

    private static String readPage() {
        try (InputStream in = VerificationResource.class.getResourceAsStream("/verification/page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
