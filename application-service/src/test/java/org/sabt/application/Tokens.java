package org.sabt.application;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real tokens of the demo realm's users from the test infrastructure's Keycloak, kept while they are fresh. */
final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map.Entry<String, Instant>> CACHE = new ConcurrentHashMap<>();

    static String of(String username) {
        return token(username, "client_id=sabt-cli&grant_type=password&password=sabt-demo&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8));
    }

    /** A service account's token (client credentials), e.g. an agency's client; the realm's secret is the client id's. */
    static String client(String clientId) {
        String secret = clientId.substring("sabt-".length()) + "-secret-DEV-ONLY";
        return token("client:" + clientId, "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret);
    }

    private static String token(String username, String form) {
        Map.Entry<String, Instant> cached = CACHE.get(username);
        if (cached != null && cached.getValue().isAfter(Instant.now())) {
            return cached.getKey();
        }
        String url = System.getenv().getOrDefault("SABT_OIDC_URL", "http://127.0.0.1:8180/realms/sabt")
                + "/protocol/openid-connect/token";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("no token for " + username + ": " + r.statusCode() + " " + r.body());
            }
            String token = JSON.readTree(r.body()).path("access_token").asText();
            CACHE.put(username, Map.entry(token, Instant.now().plus(Duration.ofMinutes(3))));
            return token;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Tokens() {
    }
}
