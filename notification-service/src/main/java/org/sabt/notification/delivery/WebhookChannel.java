package org.sabt.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.notification.webhook.EndpointPolicy;
import org.sabt.notification.webhook.Subscription;
import org.sabt.notification.webhook.WebhookConfig;
import org.sabt.notification.webhook.WebhookSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Standard Webhooks: a POST of the message's body signed with the subscription's secret(s), to its URL checked again
 * (a name may resolve elsewhere since it was subscribed). 2xx delivers, 410 is gone, anything else or no answer in
 * time fails; Retry-After is read on 429 and 503.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    public static final String NAME = "WEBHOOK";
    private static final int ANSWER_KEPT = 4096;

    private final EntityManager em;
    private final WebhookConfig config;
    private final EndpointPolicy endpoints;
    private final Clock clock;
    private final HttpClient http;

    WebhookChannel(EntityManager em, WebhookConfig config, EndpointPolicy endpoints, Clock clock) {
        this.em = em;
        this.config = config;
        this.endpoints = endpoints;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Duration> schedule() {
        return config.schedule();
    }

    @Override
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public Outcome send(Message message) {
        Subscription s = QuarkusTransaction.requiringNew().call(() -> em.find(Subscription.class, message.subscriptionId()));
        Instant now = clock.instant();
        try {
            URI url = endpoints.check(s.url);
            long timestamp = now.getEpochSecond();
            String id = "msg_" + message.id();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(config.timeout())
                            .header("Content-Type", "application/json")
                            .header("User-Agent", "Sabt-Webhooks/1")
                            .header("webhook-id", id)
                            .header("webhook-timestamp", Long.toString(timestamp))
                            .header("webhook-signature", WebhookSignature.sign(s.signingSecrets(now), id, timestamp, message.body()))
                            .POST(HttpRequest.BodyPublishers.ofString(message.body(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            String answer = r.body() == null ? null : r.body().substring(0, Math.min(ANSWER_KEPT, r.body().length()));
            Duration retryAfter = status == 429 || status == 503
                    ? r.headers().firstValue("Retry-After").map(WebhookChannel::retryAfter).orElse(null) : null;
            return new Outcome(status >= 200 && status < 300, status == 410, false, status, answer, null, retryAfter);
        } catch (HttpTimeoutException e) {
            return failure("TIMEOUT");
        } catch (ProblemException e) {
            return failure("ENDPOINT_FORBIDDEN");
        } catch (IOException e) {
            return failure("CONNECTION_FAILED: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("INTERRUPTED");
        }
    }

    private static Outcome failure(String error) {
        return Outcome.failed(error);
    }

    /** Retry-After in seconds or as an HTTP date; capped at a day. */
    static Duration retryAfter(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return Duration.ofSeconds(Math.max(0, Math.min(seconds, 86_400)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), OffsetDateTime.parse(value.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
