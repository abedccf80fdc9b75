package org.sabt.application.registration;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** registry-service's person index, as the one window's own service account reads it (every read audited with a reason). */
@RegisterRestClient(configKey = "registry")
@OidcClientFilter
@Path("/api/v1/persons")
@Produces(MediaType.APPLICATION_JSON)
public interface PersonsClient {

    @GET
    Response findByNationalId(@QueryParam("nationalId") String nationalId, @HeaderParam("X-Reason") String reason);

    /** A person's full record: names, status, links (spouses with since and endedOn). */
    @GET
    @Path("/{id}")
    Response get(@PathParam("id") String id, @HeaderParam("X-Reason") String reason);
}
