package org.sabt.kubernetes;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart's README lists every value as the values files have it (generated, never edited by hand). */
class ChartReadmeTest {

    private static final Path CHART = Path.of(System.getProperty("sabt.repo", "../..")).resolve("deploy/helm/sabt");

    @Test
    void theReadmeIsGeneratedFromTheValues() throws IOException {
        String generated = ChartReadme.generate(CHART);
        Path written = Path.of("target/chart-README.md");
        Files.writeString(written, generated);
        assertThat(Files.readString(CHART.resolve("README.md")))
                .as("deploy/helm/sabt/README.md is stale; regenerate it: java -cp deploy/helm/target/classes:$(cat deploy/helm/target/classpath.txt) org.sabt.kubernetes.ChartReadme deploy/helm/sabt (or copy deploy/helm/%s)", written)
                .isEqualTo(generated);
        assertThat(generated).contains("| `global.image.registry` |", "| `kafka.topics` |", "| `registry-service.database.secret` |",
                "| `api-gateway.ingress.host` |", "| `postgres.owners` |");
    }
}
