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
 * operationId (unique) and a summary, and every tag it uses is defined at the top.
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
}
