package org.sabt.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rendered objects checked by the npm packages kubernetes-models (the Kubernetes API's schemas: required fields,
 * types, formats) and @kubernetes-models/cloudnative-pg (CloudNativePG's CRDs), installed by ./sabt test into
 * .sabt/tools.
 */
final class NodeModels {

    static final Path TOOLS = Path.of(System.getProperty("sabt.tools", Chart.REPO.resolve(".sabt/tools").toString()));

    private NodeModels() {
    }

    /** What the validator printed; throws when an object fails or the validator cannot run. */
    static String validate(List<JsonNode> objects) throws IOException, InterruptedException {
        if (!Files.isDirectory(TOOLS.resolve("node_modules/kubernetes-models"))
                || !Files.isDirectory(TOOLS.resolve("node_modules/@kubernetes-models/cloudnative-pg"))) {
            throw new IllegalStateException("kubernetes-models are not installed in " + TOOLS
                    + " (./sabt test installs them: npm install --prefix .sabt/tools kubernetes-models @kubernetes-models/cloudnative-pg)");
        }
        // ES modules resolve packages from the script's own folder: the script runs from the tools folder.
        Path script = TOOLS.resolve("validate-k8s.mjs");
        Files.copy(Chart.REPO.resolve("deploy/helm/src/test/js/validate.mjs"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path input = Files.createTempFile("sabt-objects", ".json");
        try {
            Files.writeString(input, new ObjectMapper().writeValueAsString(objects));
            Process node = new ProcessBuilder("node", script.toString(), input.toString()).redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new AssertionError("kubernetes-models refused objects:\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
