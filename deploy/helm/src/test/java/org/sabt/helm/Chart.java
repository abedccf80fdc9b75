package org.sabt.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart in deploy/helm/sabt, rendered by Helm itself (helm-java) into the objects it would apply. */
final class Chart {

    static final Path REPO = Path.of(System.getProperty("sabt.repo", "../..")).toAbsolutePath().normalize();
    static final Path DIR = REPO.resolve("deploy/helm/sabt");
    static final String RELEASE = "sabt";
    static final ObjectMapper YAML = new YAMLMapper();

    /** Values that switch everything on: monitoring, backups, TLS, Keycloak's own certificate. */
    static final Map<String, Object> EVERYTHING_ON = Map.of(
            "global.serviceMonitor.enabled", true,
            "postgres.backup.retentionPolicy", "30d",
            "postgres.backup.barmanObjectStore.destinationPath", "s3://sabt-backups/",
            "postgres.backup.barmanObjectStore.s3Credentials.accessKeyId.name", "sabt-backup-s3",
            "postgres.backup.barmanObjectStore.s3Credentials.accessKeyId.key", "ACCESS_KEY_ID",
            "postgres.backup.barmanObjectStore.s3Credentials.secretAccessKey.name", "sabt-backup-s3",
            "postgres.backup.barmanObjectStore.s3Credentials.secretAccessKey.key", "SECRET_ACCESS_KEY",
            "keycloak.tlsSecret", "sabt-keycloak-tls",
            "api-gateway.ingress.tls.secretName", "sabt-gateway-tls",
            "document-service.signing.secret", "sabt-signing-keys");

    /** Values for a cluster that already has Kafka, PostgreSQL and Keycloak. */
    static final Map<String, Object> INFRASTRUCTURE_OFF = Map.of(
            "kafka.enabled", false,
            "postgres.enabled", false,
            "keycloak.enabled", false,
            "global.database.host", "postgres.data.svc",
            "global.kafka.bootstrapServers", "kafka.data.svc:9093",
            "global.kafka.caSecret", "kafka-ca",
            "global.oidc.url", "https://id.example.gov/realms/sabt");

    private Chart() {
    }

    static List<JsonNode> render(Map<String, Object> values) {
        return render(DIR, values);
    }

    /**
     * Rendered with the chart's hooks too: helm-java's template prints the release's manifest without its hooks, so the
     * chart is copied and its test hook rendered as a plain object (its hook annotations left out).
     */
    static List<JsonNode> renderWithHooks(Map<String, Object> values) throws IOException {
        Path copy = copy(Map.of());
        Path hook = copy.resolve("templates/tests/gateway-health.yaml");
        Files.writeString(hook, Files.readString(hook).lines().filter(l -> !l.contains("helm.sh/hook"))
                .collect(java.util.stream.Collectors.joining("\n")));
        return render(copy, values);
    }

    /**
     * A copy of the chart whose values.yaml has these values set (dotted paths), for what takes no values of its own
     * (helm-java's lint); a symbolic link is copied as its content, as Helm reads it.
     */
    static Path copy(Map<String, Object> values) throws IOException {
        Path copy = Files.createTempDirectory("sabt-chart");
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        if (!values.isEmpty()) {
            ObjectNode tree = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
            values.forEach((path, value) -> {
                String[] keys = path.split("\\.");
                ObjectNode node = tree;
                for (int i = 0; i < keys.length - 1; i++) {
                    node = node.has(keys[i]) ? (ObjectNode) node.get(keys[i]) : node.putObject(keys[i]);
                }
                node.set(keys[keys.length - 1], YAML.valueToTree(value));
            });
            YAML.writeValue(copy.resolve("values.yaml").toFile(), tree);
        }
        return copy;
    }

    static List<JsonNode> render(Path chart, Map<String, Object> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace("sabt").withKubeVersion("1.31.0");
        values.forEach(template::set);
        return parse(template.call());
    }

    static List<JsonNode> parse(String manifests) {
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifests)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode node = documents.next();
                if (node != null && node.isObject() && node.has("kind")) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    static Optional<JsonNode> named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
