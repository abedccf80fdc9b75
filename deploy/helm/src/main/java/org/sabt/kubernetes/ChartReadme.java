package org.sabt.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/helm/sabt/README.md, generated from the chart's values files: every value with its default and the comment
 * above it ("# -- text", or the comment lines right above the key). A test holds the README to what this writes.
 *
 * <p>Usage: ChartReadme CHART_DIR (writes CHART_DIR/README.md)
 */
public final class ChartReadme {

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+):(.*)$");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChartReadme() {
    }

    public static void main(String[] args) throws IOException {
        Path chart = Path.of(args[0]);
        Files.writeString(chart.resolve("README.md"), generate(chart));
    }

    public static String generate(Path chart) throws IOException {
        StringBuilder md = new StringBuilder("""
                # The Sabt Helm chart

                Generated from `values.yaml` and the services' `charts/*/values.yaml` by `ChartReadme` (deploy/helm);
                do not edit by hand. How to install, the operators to install first and the Secrets to create are in the
                repository's README, "Deploying on Kubernetes". `values.schema.json` refuses values outside what is
                described here.

                ## Values of the chart (`values.yaml`)

                """);
        table(md, chart.resolve("values.yaml"), "");
        md.append("""

                ## Each service's values

                Set under the service's name (e.g. `registry-service.replicaCount`). Any value of `global.service` can be
                set per service; these are each service's own.
                """);
        try (var dirs = Files.list(chart.resolve("charts"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path values = dir.resolve("values.yaml");
                if (Files.isRegularFile(values) && !dir.getFileName().toString().equals("sabt-service")) {
                    md.append("\n### ").append(dir.getFileName()).append("\n\n");
                    table(md, values, dir.getFileName() + ".");
                }
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Path values, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(values);
        JsonNode tree = YAML.readTree(values.toFile());
        md.append("| value | default | description |\n|---|---|---|\n");
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        boolean dashes = false;
        int list = Integer.MAX_VALUE;
        int documentedDepth = Integer.MAX_VALUE;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                String text = trimmed.replaceFirst("^#\\s?", "");
                if (text.startsWith("-- ")) {
                    comment.clear();
                    dashes = true;
                    text = text.substring(3);
                }
                comment.add(text);
                continue;
            }
            int lineIndent = line.length() - line.stripLeading().length();
            if (trimmed.startsWith("-") && lineIndent < list) {
                list = lineIndent; // the items of a list value belong to its key's row
            }
            if (!trimmed.isEmpty() && lineIndent >= list) {
                continue;
            }
            list = Integer.MAX_VALUE;
            Matcher m = KEY.matcher(line);
            if (!m.matches()) {
                if (trimmed.isEmpty()) {
                    comment.clear();
                    dashes = false;
                }
                continue;
            }
            int indent = m.group(1).length();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                path.removeLast();
            }
            if (path.size() < documentedDepth) {
                documentedDepth = Integer.MAX_VALUE;
            }
            indents.push(new int[]{indent});
            path.addLast(m.group(2));
            boolean leaf = !m.group(3).isBlank();
            // A "# --" comment on a map documents it as a whole; a plain one only heads the section below it.
            boolean whole = dashes && !leaf;
            if (path.size() > documentedDepth) {
                comment.clear();
                dashes = false;
                continue; // inside a value documented as a whole
            }
            if (whole || leaf) {
                JsonNode value = tree;
                for (String key : path) {
                    value = value.path(key);
                }
                md.append("| `").append(prefix).append(String.join(".", path)).append("` | `")
                        .append(JSON.writeValueAsString(value).replace("|", "\\|")).append("` | ")
                        .append(String.join(" ", comment).replace("|", "\\|")).append(" |\n");
                if (whole) {
                    documentedDepth = path.size();
                }
            }
            comment.clear();
            dashes = false;
        }
    }
}
