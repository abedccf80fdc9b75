package org.sabt.notification.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Agencies' webhook subscriptions: made, listed, rotated, removed and replayed by an admin. */
@ApplicationScoped
public class Subscriptions {

    @Schema(name = "SubscriptionRequest", description = "A webhook endpoint of an agency's client")
    public record Request(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+")
            @Schema(description = "The agency's OIDC client id", example = "sabt-statistics") String clientId,
            @NotBlank @Size(max = 50)
            @Schema(description = "Its agency profile (configuration: sabt.webhooks.agencies), which sets the events it may "
                    + "receive and how much of them", example = "statistics") String agency,
            @NotBlank @Size(max = 2000) @Schema(description = "HTTPS, to a public address", example = "https://stat.example.tj/sabt")
            String url,
            @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 100) String> eventTypes,
            @Schema(description = "Deliver one key's events (one act's) in order: a later one waits for an earlier one "
                    + "until that is delivered or parked. Otherwise best effort, in parallel.") Boolean ordered,
            @Email @Size(max = 254) @Schema(description = "The agency admin's e-mail address, told when the endpoint is "
                    + "disabled (410, or failing for 5 days)", example = "it@stat.example.tj") String contactEmail) {
    }

    @Schema(name = "Subscription")
    public record View(UUID id, String clientId, String agency, String url, List<String> eventTypes, boolean ordered,
                       @Schema(enumeration = {"ACTIVE", "DISABLED"}) String status,
                       @Schema(description = "ENDPOINT_GONE (it answered 410), FAILING_FOR_5_DAYS") String disabledReason,
                       Instant failingSince, String createdBy, Instant createdAt, String contactEmail,
                       @Schema(description = "Shown once, when made or rotated: whsec_ and 32 random bytes in base64")
                       String secret,
                       @Schema(description = "Until when the previous secret also signs, after a rotation") Instant previousSecretUntil) {

        static View of(Subscription s, boolean withSecret) {
            return new View(s.id, s.clientId, s.agency, s.url, List.of(s.eventTypes), s.ordered, s.status, s.disabledReason,
                    s.failingSince, s.createdBy, s.createdAt, s.contactEmail, withSecret ? s.secret : null, s.previousSecretUntil);
        }
    }

    private final EntityManager em;
    private final WebhookConfig config;
    private final EndpointPolicy endpoints;
    private final Clock clock;

    Subscriptions(EntityManager em, WebhookConfig config, EndpointPolicy endpoints, Clock clock) {
        this.em = em;
        this.config = config;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * A new subscription, with its secret. 422 {@code AGENCY_UNKNOWN}, {@code EVENT_TYPE_UNKNOWN},
     * {@code EVENT_TYPE_NOT_ENTITLED}; 400 for a URL the {@link EndpointPolicy} refuses.
     */
    @Transactional
    public View create(Caller caller, Request r) {
        WebhookConfig.Agency agency = config.agencies().get(r.agency());
        if (agency == null) {
            throw ProblemException.unprocessable("AGENCY_UNKNOWN", r.agency());
        }
        List<String> known = config.agencies().values().stream().flatMap(a -> a.events().stream()).distinct().toList();
        for (String type : r.eventTypes()) {
            if (!known.contains(type)) {
                throw ProblemException.unprocessable("EVENT_TYPE_UNKNOWN", type);
            }
            if (!agency.events().contains(type)) {
                throw ProblemException.unprocessable("EVENT_TYPE_NOT_ENTITLED", type, r.agency());
            }
        }
        endpoints.check(r.url());
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.clientId = r.clientId();
        s.agency = r.agency();
        s.url = r.url();
        s.eventTypes = new LinkedHashSet<>(r.eventTypes()).toArray(String[]::new);
        s.ordered = Boolean.TRUE.equals(r.ordered());
        s.secret = WebhookSignature.newSecret();
        s.status = Subscription.ACTIVE;
        s.createdBy = caller.username();
        s.contactEmail = r.contactEmail();
        s.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        s.persist();
        return View.of(s, true);
    }

    @Transactional
    public List<View> list(String clientId) {
        return em.createQuery("from Subscription where status <> :deleted and (:client is null or clientId = :client) "
                        + "order by createdAt, id", Subscription.class)
                .setParameter("deleted", Subscription.DELETED).setParameter("client", clientId)
                .getResultList().stream().map(s -> View.of(s, false)).toList();
    }

    @Transactional
    public View get(UUID id) {
        return View.of(find(id), false);
    }

    /** Removed: nothing more is queued for it, and what waits is cancelled. */
    @Transactional
    public void delete(UUID id) {
        Subscription s = find(id);
        s.status = Subscription.DELETED;
        em.createNativeQuery("UPDATE message SET status = 'CANCELLED', next_attempt_at = NULL, updated_at = ?2 "
                        + "WHERE subscription_id = ?1 AND status IN ('QUEUED', 'FAILED')")
                .setParameter(1, id).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** A new secret; the old one keeps signing beside it for the configured overlap. */
    @Transactional
    public View rotate(UUID id) {
        Subscription s = find(id);
        s.previousSecret = s.secret;
        s.previousSecretUntil = clock.instant().plus(config.rotationOverlap()).truncatedTo(ChronoUnit.MICROS);
        s.secret = WebhookSignature.newSecret();
        return View.of(s, true);
    }

    /** Enabled again (after the agency fixed its endpoint); its parked messages wait for a replay. */
    @Transactional
    public View enable(UUID id) {
        Subscription s = find(id);
        s.status = Subscription.ACTIVE;
        s.disabledReason = null;
        s.failingSince = null;
        return View.of(s, false);
    }

    /** Parked and failed messages of the subscription made since {@code since} are sent again now; answers how many. */
    @Transactional
    public int replay(UUID id, Instant since) {
        find(id);
        return em.createNativeQuery("""
                        UPDATE message SET status = 'QUEUED', attempts = 0, next_attempt_at = ?2, updated_at = ?2
                        WHERE subscription_id = ?1 AND status IN ('PARKED', 'FAILED') AND created_at >= ?3""")
                .setParameter(1, id).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC))
                .setParameter(3, since.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    private Subscription find(UUID id) {
        Subscription s = em.find(Subscription.class, id);
        if (s == null || Subscription.DELETED.equals(s.status)) {
            throw ProblemException.notFound("SUBSCRIPTION_NOT_FOUND", id);
        }
        return s;
    }
}
