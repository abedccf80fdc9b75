package org.sabt.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * registry-service's image, built as ./sabt images builds it, read back from its tarball: the OCI layout, the
 * manifest, the config (user, entrypoint, port, labels) and the layers, each checked against its digest.
 */
class ImagesTest {

    private static final Path REPO = Path.of(System.getProperty("sabt.repo", "../..")).toAbsolutePath().normalize();
    private static final Path WORK = REPO.resolve("deploy/helm/target/images");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, byte[]> files;
    private static Path tar;

    @BeforeAll
    static void build() throws Exception {
        tar = new Images(REPO, WORK, "0.1.0-test", "0123456789abcdef").build("registry-service");
        files = read(tar);
    }

    @Test
    void isAnOciImageWhoseBlobsMatchTheirDigests() throws Exception {
        JsonNode index = JSON.readTree(files.get("index.json"));
        assertThat(JSON.readTree(files.get("oci-layout")).path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            assertThat(blob(layer.path("digest").asText())).hasSize(layer.path("size").asInt());
        }
        assertThat(manifest.path("layers")).hasSize(5);
    }

    @Test
    void runsAsANonRootUserWithTheVersionAndCommitInItsLabels() throws Exception {
        JsonNode config = config();
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(c.path("Entrypoint").toString()).contains("/opt/java/bin/java", "/deployments/quarkus-run.jar");
        assertThat(c.path("ExposedPorts").has("8081/tcp")).isTrue();
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(c.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo("0.1.0-test");
        assertThat(c.path("Labels").path("org.opencontainers.image.revision").asText()).isEqualTo("0123456789abcdef");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    }

    /** Runtime, dependencies, Quarkus, the code and the settings apart: a code change rebuilds only the top layers. */
    @Test
    void keepsTheRuntimeDependenciesCodeAndConfigInLayersOfTheirOwn() throws Exception {
        List<List<String>> layers = new ArrayList<>();
        List<Map<String, TarArchiveEntry>> entries = new ArrayList<>();
        for (JsonNode layer : manifest().path("layers")) {
            Map<String, TarArchiveEntry> content = layer(blob(layer.path("digest").asText()));
            entries.add(content);
            layers.add(List.copyOf(content.keySet()));
        }
        assertThat(layers.get(0)).contains("opt/java/bin/java").allMatch(p -> p.equals("opt") || p.startsWith("opt/java"));
        assertThat(layers.get(1)).allMatch(p -> p.equals("deployments") || p.startsWith("deployments/lib"));
        assertThat(layers.get(1)).anyMatch(p -> p.startsWith("deployments/lib/main/io.quarkus.quarkus-core-"));
        assertThat(layers.get(2)).contains("deployments/quarkus-run.jar").anyMatch(p -> p.startsWith("deployments/quarkus/"));
        assertThat(layers.get(3)).contains("deployments/app/registry-service-0.1.0-SNAPSHOT.jar");
        assertThat(layers.get(4)).contains("deployments/config/application.properties");
        // Executable by the image's user; nothing writable but by root
        TarArchiveEntry java = entries.get(0).get("opt/java/bin/java");
        assertThat(java.getMode() & 0_005).isEqualTo(0_005);
        entries.forEach(layer -> layer.values().forEach(e -> assertThat(e.getMode() & 0_022).as(e.getName()).isZero()));
        // The same inputs give the same layers: the runtime and dependency layers are shared between builds
        String before = manifest().path("layers").get(0).path("digest").asText();
        Map<String, byte[]> again = read(new Images(REPO, WORK, "0.1.0-test", "fedcba9876543210").build("registry-service"));
        JsonNode index = JSON.readTree(again.get("index.json"));
        JsonNode manifest = JSON.readTree(again.get("blobs/" + index.path("manifests").get(0).path("digest").asText().replace(':', '/')));
        assertThat(manifest.path("layers").get(0).path("digest").asText()).isEqualTo(before);
        assertThat(manifest.path("config").path("digest").asText()).isNotEqualTo(manifest().path("config").path("digest").asText());
    }

    /** Each service's plain Dockerfile describes the image ./sabt images builds: its port, its user, its JVM options. */
    @Test
    void eachServiceHasADockerfileLikeItsImage() throws IOException {
        for (Map.Entry<String, Integer> service : Images.SERVICES.entrySet()) {
            String dockerfile = Files.readString(REPO.resolve(service.getKey()).resolve("Dockerfile"));
            assertThat(dockerfile).as(service.getKey())
                    .contains("EXPOSE " + service.getValue() + "\n", "USER 10001:10001\n", Images.JAVA_OPTIONS,
                            "COPY target/quarkus-app/app/ /deployments/app/", "/deployments/quarkus-run.jar")
                    .containsPattern("(?m)^FROM eclipse-temurin:21-jre$");
            assertThat(dockerfile.indexOf("quarkus-app/lib/")).isLessThan(dockerfile.indexOf("quarkus-app/app/"));
        }
        // The chart runs the images with the same JVM options by default (three places, one value)
        assertThat(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(REPO.resolve("deploy/helm/sabt/values.yaml").toFile()).path("global").path("service")
                .path("jvmOptions").asText()).isEqualTo(Images.JAVA_OPTIONS);
    }

    private static JsonNode manifest() throws IOException {
        JsonNode index = JSON.readTree(files.get("index.json"));
        return JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
    }

    private static JsonNode config() throws IOException {
        return JSON.readTree(blob(manifest().path("config").path("digest").asText()));
    }

    /** A blob by its digest, checked against it. */
    private static byte[] blob(String digest) {
        byte[] bytes = files.get("blobs/" + digest.replace(':', '/'));
        assertThat(bytes).as(digest).isNotNull();
        try {
            String actual = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(actual).isEqualTo(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return bytes;
    }

    private static Map<String, byte[]> read(Path tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), archive.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Map<String, TarArchiveEntry> layer(byte[] gzipped) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream archive = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzipped)))) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                entries.put(entry.getName().replaceFirst("^/", "").replaceFirst("/$", ""), entry);
            }
        }
        return entries;
    }
}
