package org.sabt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Tokens from the real Keycloak of the running stack (the demo realm's development clients). */
public final class Keycloak {

    public static final String DEMO_PASSWORD = "sabt-demo";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user's access token (password grant through the development client sabt-cli). */
    public static String userToken(String username) {
        return token(Map.of("client_id", "sabt-cli", "grant_type", "password", "username", username,
                "password", DEMO_PASSWORD));
    }

    /** A service account's access token (client credentials). */
    public static String clientToken(String clientId, String secret) {
        return token(Map.of("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials"));
    }

    /** The Keycloak administrator's token, from the master realm (the development stack's admin / admin). */
    public static String adminToken() {
        return token(Map.of("client_id", "admin-cli", "grant_type", "password", "username", "admin", "password", "admin"),
                realmUrl().replaceFirst("/realms/[^/]+$", "/realms/master"));
    }

    private static String realmUrl() {
        return System.getenv().getOrDefault("SABT_OIDC_URL", "http://127.0.0.1:8180/realms/sabt");
    }

    private static String token(Map<String, String> form) {
        return token(form, realmUrl());
    }

    private static String token(Map<String, String> form, String realm) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String url = realm + "/protocol/openid-connect/token";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + form.get("username") + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Keycloak() {
    }
}
