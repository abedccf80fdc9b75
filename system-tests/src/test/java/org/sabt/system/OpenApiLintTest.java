package org.sabt.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merged OpenAPI document the gateway serves, as a client generator meets it: Spectral's own `spectral:oas`
 * ruleset (the npm CLI that ./sabt test installs into .sabt/tools) finds no error in it; every operation has an
 * operationId (unique), a summary and an example of its body, and every tag it uses is defined at the top.
 */
@ExtendWith(SystemStack.class)
class OpenApiLintTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_merged_openapi_has_no_spectral_error_and_names_every_operation() throws Exception {
        String document = RestAssured.given().get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode api = JSON.readTree(document);
        assertThat(api.has("x-sabt-missing")).as("every service's document is merged").isFalse();

        Set<String> tags = new HashSet<>();
        api.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!Set.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                return;
            }
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            String id = op.getValue().path("operationId").asText("");
            if (id.isEmpty() || !ids.add(id)) {
                problems.add(name + ": operationId missing or repeated (" + id + ")");
            }
            if (op.getValue().path("summary").asText("").isBlank()) {
                problems.add(name + ": no summary");
            }
            op.getValue().path("requestBody").path("content").fields().forEachRemaining(media -> {
                if (!media.getValue().has("example") && !media.getValue().has("examples")
                        && !exemplified(media.getValue().path("schema"), api.path("components").path("schemas"), new HashSet<>(), 0)) {
                    problems.add(name + ": no example of its " + media.getKey() + " body");
                }
            });
            op.getValue().path("tags").forEach(t -> {
                if (!tags.contains(t.asText())) {
                    problems.add(name + ": tag " + t.asText() + " not defined");
                }
            });
        }));
        assertThat(problems).isEmpty();

        // Spectral's own rules (errors; warnings are printed, not counted).
        Path spectral = SystemStack.config().repo().resolve(".sabt/tools/node_modules/.bin/spectral");
        assertThat(Files.isExecutable(spectral)).as("Spectral installed by ./sabt test at " + spectral).isTrue();
        Path dir = Files.createTempDirectory("sabt-openapi");
        Path file = dir.resolve("openapi.json");
        Files.writeString(file, document);
        Path ruleset = dir.resolve(".spectral.yaml");
        Files.writeString(ruleset, "extends: [\"spectral:oas\"]\n");
        Process lint = new ProcessBuilder(spectral.toString(), "lint", file.toString(), "--ruleset", ruleset.toString(),
                "--format", "json", "--quiet").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("spectral finished").isTrue();
        JsonNode results = JSON.readTree(out.isBlank() ? "[]" : out);
        List<String> errors = new ArrayList<>();
        int warnings = 0;
        for (JsonNode r : results) {
            if (r.path("severity").asInt() == 0) {
                errors.add(r.path("code").asText() + " at " + r.path("path") + ": " + r.path("message").asText());
            } else {
                warnings++;
            }
        }
        System.out.println("spectral:oas: " + errors.size() + " errors, " + warnings + " warnings");
        assertThat(errors).isEmpty();
    }

    @Test
    void every_protected_operation_takes_a_bearer_token_or_a_client_credentials_token_from_keycloak() throws Exception {
        JsonNode api = JSON.readTree(RestAssured.given().get("/q/openapi").then().statusCode(200).extract().asString());
        JsonNode schemes = api.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        String tokenUrl = schemes.path("clientCredentials").path("flows").path("clientCredentials").path("tokenUrl").asText();
        assertThat(tokenUrl).isEqualTo(SystemStack.config().oidcUrl() + "/protocol/openid-connect/token");
        List<String> problems = new ArrayList<>();
        int secured = 0;
        for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) api.path("paths")::fields) {
            for (var op : (Iterable<java.util.Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                JsonNode security = op.getValue().path("security");
                if (security.isEmpty()) {
                    continue; // public: certificate verification needs no token (security: [])
                }
                secured++;
                List<String> alternatives = new ArrayList<>();
                security.forEach(requirement -> requirement.fieldNames().forEachRemaining(alternatives::add));
                if (!alternatives.containsAll(List.of("bearer", "clientCredentials"))) {
                    problems.add(op.getKey().toUpperCase() + " " + path.getKey() + ": " + alternatives);
                }
            }
        }
        assertThat(secured).as("operations asking for a token").isGreaterThan(60);
        assertThat(problems).isEmpty();
        // The token URL gives a portal its token, which the gateway takes.
        String portal = RestAssured.given().formParam("grant_type", "client_credentials").formParam("client_id", "sabt-demo-portal")
                .formParam("client_secret", "demo-portal-secret-DEV-ONLY").post(tokenUrl).then().statusCode(200)
                .extract().path("access_token");
        RestAssured.given().auth().oauth2(portal).get("/api/v1/services").then().statusCode(200);
    }

    /**
     * docs/openapi/sabt-v1.json is the published contract (the portal client of GeneratedClientStoryTest is generated
     * from it in the build): it must be what the gateway serves, but for the token URL, which follows the stack.
     */
    @Test
    void the_published_document_is_the_one_the_gateway_serves() throws Exception {
        String live = RestAssured.given().get("/q/openapi").then().statusCode(200).extract().asString()
                .replace(SystemStack.config().oidcUrl(), PUBLISHED_REALM);
        Path published = SystemStack.config().repo().resolve("docs/openapi/sabt-v1.json");
        if (!JSON.readTree(live).equals(JSON.readTree(Files.readString(published)))) {
            Path served = SystemStack.config().repo().resolve("system-tests/target/sabt-v1.json");
            Files.writeString(served, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(live)) + "\n");
            throw new AssertionError(published + " is not what the gateway serves (" + served + "): if the change of the "
                    + "API is meant, copy that file over it (clients are generated from it)");
        }
    }

    /** Whether a schema, or a schema it refers to or is made of, or one of its properties, has an example. */
    private static boolean exemplified(JsonNode schema, JsonNode schemas, Set<String> seen, int depth) {
        if (depth > 5 || !schema.isObject()) {
            return false;
        }
        if (schema.has("example") || schema.has("examples")) {
            return true;
        }
        String ref = schema.path("$ref").asText("");
        if (!ref.isEmpty() && seen.add(ref) && exemplified(schemas.path(ref.substring(ref.lastIndexOf('/') + 1)), schemas, seen, depth + 1)) {
            return true;
        }
        List<JsonNode> parts = new ArrayList<>();
        schema.path("properties").forEach(parts::add);
        parts.add(schema.path("items"));
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combined).forEach(parts::add);
        }
        return parts.stream().anyMatch(part -> exemplified(part, schemas, seen, depth + 1));
    }

    /** The local stack's realm, as the published document names its token URL. */
    private static final String PUBLISHED_REALM = "http://127.0.0.1:8180/realms/sabt";
}
