package org.sabt.notification.webhook;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;
import org.sabt.notification.delivery.Deliveries;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions", description = "Agencies' webhooks (Standard Webhooks): signed, retried, parked, replayed")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.ADMIN)
public class SubscriptionResource {

    private final Subscriptions subscriptions;
    private final Deliveries delivery;
    private final CurrentCaller caller;

    SubscriptionResource(Subscriptions subscriptions, Deliveries delivery, CurrentCaller caller) {
        this.subscriptions = subscriptions;
        this.delivery = delivery;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSubscription", summary = "Subscribe an agency's endpoint to events",
            description = "Each delivery is a POST of {type, timestamp, data} with the headers webhook-id (the same on every "
                    + "retry: deduplicate by it), webhook-timestamp and webhook-signature (v1, HMAC-SHA256 over "
                    + "id.timestamp.body with the secret's base64 part; two signatures during a rotation). Anything but a "
                    + "2xx within 15 s is retried on the Standard Webhooks schedule (immediately, 5 s, 5 min, 30 min, 2 h, "
                    + "5 h, 10 h, 14 h, 20 h, 24 h, plus jitter; Retry-After honoured on 429 and 503), then parked; 410 "
                    + "disables the subscription, as do 5 days of failures. The agency profile sets which event types may "
                    + "be subscribed to, and whether names are sent (statistics: anonymised facts only). The secret is "
                    + "shown in this answer only.")
    @APIResponse(responseCode = "201", description = "Subscribed; the answer holds the secret")
    @APIResponse(responseCode = "400", description = "WEBHOOK_URL_INVALID, WEBHOOK_URL_NOT_HTTPS, WEBHOOK_URL_FORBIDDEN "
            + "(a private, loopback or link-local address), VALIDATION_FAILED")
    @APIResponse(responseCode = "422", description = "AGENCY_UNKNOWN, EVENT_TYPE_UNKNOWN, EVENT_TYPE_NOT_ENTITLED")
    public RestResponse<Subscriptions.View> create(@NotNull @Valid Subscriptions.Request request) {
        return RestResponse.status(RestResponse.Status.CREATED, subscriptions.create(caller.get(), request));
    }

    @GET
    @Operation(operationId = "listSubscriptions", summary = "The subscriptions, of one client or all (no secrets)")
    @APIResponse(responseCode = "200", description = "The subscriptions")
    public List<Subscriptions.View> list(@QueryParam("clientId") String clientId) {
        return subscriptions.list(clientId);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSubscription", summary = "One subscription (no secret)")
    @APIResponse(responseCode = "200", description = "The subscription")
    @APIResponse(responseCode = "404", description = "SUBSCRIPTION_NOT_FOUND")
    public Subscriptions.View get(@PathParam("id") UUID id) {
        return subscriptions.get(id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteSubscription", summary = "Unsubscribe: nothing more is sent, what waits is cancelled")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "SUBSCRIPTION_NOT_FOUND")
    public void delete(@PathParam("id") UUID id) {
        subscriptions.delete(id);
    }

    @POST
    @Path("/{id}/secret")
    @Operation(operationId = "rotateSubscriptionSecret", summary = "A new secret (shown once); the old one also signs for 24 h")
    @APIResponse(responseCode = "200", description = "The subscription with its new secret")
    @APIResponse(responseCode = "404", description = "SUBSCRIPTION_NOT_FOUND")
    public Subscriptions.View rotate(@PathParam("id") UUID id) {
        return subscriptions.rotate(id);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(operationId = "enableSubscription", summary = "Enable a disabled subscription again (its parked messages wait for a replay)")
    @APIResponse(responseCode = "200", description = "Active again")
    @APIResponse(responseCode = "404", description = "SUBSCRIPTION_NOT_FOUND")
    public Subscriptions.View enable(@PathParam("id") UUID id) {
        Subscriptions.View enabled = subscriptions.enable(id);
        delivery.retryNow(id.toString());
        return enabled;
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replaySubscription", summary = "Send again its parked and failed messages made since a time",
            description = "Each goes out now with its own webhook-id, as the first attempt of a new schedule.")
    @APIResponse(responseCode = "200", description = "How many were queued again: {\"replayed\": n}")
    @APIResponse(responseCode = "400", description = "SINCE_INVALID (an ISO-8601 instant is required)")
    @APIResponse(responseCode = "404", description = "SUBSCRIPTION_NOT_FOUND")
    public Map<String, Integer> replay(@PathParam("id") UUID id, @QueryParam("since") String since) {
        Instant from;
        try {
            from = Instant.parse(since == null ? "" : since);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("SINCE_INVALID", since);
        }
        int replayed = subscriptions.replay(id, from);
        delivery.retryNow(id.toString()); // committed: they go now, the endpoint's breaker closed
        return Map.of("replayed", replayed);
    }
}
