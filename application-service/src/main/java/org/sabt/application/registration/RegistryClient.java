package org.sabt.application.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/**
 * registry-service's acts API, called with this service's own client-credentials token. Answers come back as
 * responses, never as exceptions, so that {@link Registry} can tell a rule's refusal from an outage.
 */
@RegisterRestClient(configKey = "registry")
@OidcClientFilter
@Path("/api/v1/acts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    @POST
    Response register(@HeaderParam("Idempotency-Key") String idempotencyKey,
                      @HeaderParam("Accept-Language") String language, JsonNode act);

    @POST
    @Path("/checks")
    Response check(@HeaderParam("Accept-Language") String language, JsonNode act);

    @GET
    Response findByNumber(@QueryParam("registrationNumber") String registrationNumber, @QueryParam("office") String office,
                          @HeaderParam("X-Reason") String reason);

    @POST
    @Path("/{id}/amendments")
    Response amend(@PathParam("id") UUID actId, @HeaderParam("If-Match") String ifMatch,
                   @HeaderParam("Idempotency-Key") String idempotencyKey, @HeaderParam("Accept-Language") String language,
                   JsonNode amendment);
}
