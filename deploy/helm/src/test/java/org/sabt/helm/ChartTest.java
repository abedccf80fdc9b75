package org.sabt.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Helm chart, validated offline: Helm's lint and rendering, the Kubernetes and operator models, its contracts. */
class ChartTest {

    private static final List<String> SERVICES = List.of("registry-service", "application-service", "document-service",
            "notification-service", "api-gateway");

    @Test
    void lintsStrictlyWithTheDefaultValuesEverythingOnAndTheInfrastructureOff() throws IOException {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        for (Map<String, Object> values : List.of(Chart.EVERYTHING_ON, Chart.INFRASTRUCTURE_OFF)) {
            LintResult withValues = new Helm(Chart.copy(values)).lint().strict().call();
            assertThat(withValues.isFailed()).as(values + "\n" + String.join("\n", withValues.getMessages())).isFalse();
        }
        LintResult wrong = new Helm(Chart.copy(Map.of("global.service.replicaCount", 0))).lint().strict().call();
        assertThat(wrong.isFailed()).as("a wrong value fails the lint").isTrue();
    }

    @Test
    void defaultValuesRenderValidObjects() throws Exception {
        List<JsonNode> objects = Chart.renderWithHooks(Map.of());
        assertValid(objects);
        assertThat(kinds(objects)).contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Pod", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser",
                "Cluster", "Database", "Keycloak", "KeycloakRealmImport");
        assertThat(Chart.ofKind(objects, "Deployment")).hasSize(5);
        // Clients reach Keycloak by the public issuer; the services by the cluster's address
        assertThat(settings(objects, "api-gateway")).containsEntry("SABT_PUBLIC_OIDC_URL", "https://id.sabt.example.gov/realms/sabt")
                .containsEntry("SABT_OIDC_URL", "http://sabt-keycloak-service:8080/realms/sabt");
        assertThat(Chart.named(objects, "Keycloak", "sabt-keycloak").orElseThrow().path("spec").path("hostname")
                .path("hostname").asText()).isEqualTo("https://id.sabt.example.gov");
        assertThat(Chart.named(objects, "Deployment", "sabt-registry-service").orElseThrow().path("spec").path("template")
                .path("spec").path("containers").get(0).path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");
        assertThat(Chart.named(objects, "Deployment", "sabt-document-service").orElseThrow().path("spec").path("template")
                .path("spec").path("containers").get(0).path("resources").path("limits").path("memory").asText()).isEqualTo("768Mi");
        // The images ./sabt images builds carry the build's version, which the chart pulls by default
        Chart.ofKind(objects, "Deployment").forEach(d -> assertThat(d.path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText()).endsWith(":" + System.getProperty("sabt.version")));
        assertThat(Chart.ofKind(objects, "KafkaTopic").map(t -> t.path("spec").path("topicName").asText()))
                .containsExactlyInAnyOrder("sabt.registry.acts", "sabt.registry.persons", "sabt.applications", "sabt.documents",
                        "sabt.notifications", "sabt.dlq.application-service", "sabt.dlq.document-service",
                        "sabt.dlq.notification-service");
    }

    @Test
    void everythingOnRendersValidObjects() throws Exception {
        List<JsonNode> objects = Chart.render(Chart.EVERYTHING_ON);
        assertValid(objects);
        assertThat(Chart.ofKind(objects, "ServiceMonitor")).hasSize(5);
        assertThat(Chart.ofKind(objects, "ScheduledBackup")).hasSize(1);
        JsonNode document = Chart.named(objects, "Deployment", "sabt-document-service").orElseThrow();
        assertThat(document.toString()).contains("sabt-signing-keys", "SABT_SIGNING_KEYSTORE_PASSWORD");
    }

    @Test
    void infrastructureOffRendersOnlySabt() throws Exception {
        List<JsonNode> objects = Chart.render(Chart.INFRASTRUCTURE_OFF);
        assertValid(objects);
        assertThat(kinds(objects)).doesNotContain("Kafka", "KafkaTopic", "KafkaUser", "Cluster", "Database", "Keycloak",
                "KeycloakRealmImport");
        Map<String, String> registry = settings(objects, "registry-service");
        assertThat(registry).containsEntry("SABT_DB_HOST", "postgres.data.svc")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.data.svc:9093")
                .containsEntry("SABT_OIDC_URL", "https://id.example.gov/realms/sabt");
    }

    @Test
    void theValuesSchemaRefusesWrongValues() {
        for (Map<String, Object> wrong : List.<Map<String, Object>>of(
                Map.of("global.service.replicaCount", 0),
                Map.of("registry-service.replicaCount", 0),
                Map.of("registry-service.database.secret", ""),
                Map.of("global.clientSecrets", ""),
                Map.of("keycloak.databaseSecret", ""),
                Map.of("global.service.autoscaling.minReplicas", 0),
                Map.of("global.image.pullPolicy", "Sometimes"),
                Map.of("kafka.replicas", "three"),
                Map.of("global.oidc.issuer", "https://id.example.gov"),
                Map.of("global.unknownSetting", true))) {
            assertThatThrownBy(() -> Chart.render(wrong)).as(wrong.toString()).hasMessageContaining("values don't meet the specifications of the schema");
        }
    }

    /** Each service's environment is what its application.properties (and the chassis's defaults) read, nothing else. */
    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() throws IOException {
        for (Map<String, Object> values : List.of(Map.<String, Object>of(), Chart.EVERYTHING_ON, Chart.INFRASTRUCTURE_OFF)) {
            List<JsonNode> objects = Chart.render(values);
            Set<String> chassis = readVariables(Chart.REPO.resolve("chassis/src/main/resources/META-INF/microprofile-config.properties"));
            for (String service : SERVICES) {
                Set<String> reads = new TreeSet<>(chassis);
                reads.addAll(readVariables(Chart.REPO.resolve(service).resolve("src/main/resources/application.properties")));
                Set<String> given = new TreeSet<>(settings(objects, service).keySet());
                JsonNode container = deployment(objects, service).path("spec").path("template").path("spec").path("containers").get(0);
                container.path("env").forEach(e -> given.add(e.path("name").asText()));
                given.remove("JAVA_TOOL_OPTIONS"); // read by the JVM itself
                assertThat(reads).as(service + " reads").containsAll(given);
                assertThat(given).as(service).contains("SABT_OIDC_URL");
                if (!service.equals("api-gateway")) {
                    assertThat(given).as(service).contains("SABT_DB_HOST", "SABT_DB_USER", "SABT_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                            "SABT_KAFKA_SASL_JAAS_CONFIG");
                }
            }
        }
    }

    /**
     * The NetworkPolicies allow exactly the flows of ARCHITECTURE.md: the ingress controller (and the chart's test) to
     * the gateway; the gateway to the four services; application-service to registry-service (it registers the act);
     * every service to its database, Kafka and Keycloak; the gateway to Keycloak; notification-service to the outside
     * (SMTP, SMSC, agencies' webhooks); DNS for all.
     */
    @Test
    void networkPoliciesAllowExactlyTheArchitecturesFlows() throws IOException {
        Set<String> expected = new TreeSet<>(Set.of(
                "ingress-controller -> api-gateway", "helm-test -> api-gateway",
                "api-gateway -> registry-service", "api-gateway -> application-service", "api-gateway -> document-service",
                "api-gateway -> notification-service", "application-service -> registry-service",
                "api-gateway -> keycloak", "notification-service -> outside:443,25,587,2775"));
        for (String service : SERVICES) {
            expected.add(service + " -> dns");
            if (!service.equals("api-gateway")) {
                expected.addAll(Set.of(service + " -> postgres", service + " -> kafka", service + " -> keycloak"));
            }
        }
        assertFlows(Chart.render(Map.of()), expected);
        Set<String> monitored = new TreeSet<>(expected);
        SERVICES.forEach(s -> monitored.add("monitoring -> " + s));
        assertFlows(Chart.render(Map.of("global.serviceMonitor.enabled", true)), monitored);
        // A service nobody calls lets nobody in (a rule without peers would let everyone in)
        List<JsonNode> uncalled = Chart.render(Chart.copy(Map.of("document-service.networkPolicy.calledBy", List.of())), Map.of());
        JsonNode policy = Chart.named(uncalled, "NetworkPolicy", "sabt-document-service").orElseThrow();
        assertThat(policy.path("spec").path("ingress").isArray()).isTrue();
        assertThat(policy.path("spec").path("ingress")).isEmpty();
    }

    /** Each service's KafkaUser may read exactly the topics its application.properties consumes, and write its own. */
    @Test
    void kafkaUsersMayDoWhatTheServicesDo() throws IOException {
        List<JsonNode> objects = Chart.render(Map.of());
        Map<String, String> ownTopic = Map.of("registry-service", "sabt.registry.acts,sabt.registry.persons",
                "application-service", "sabt.applications", "document-service", "sabt.documents",
                "notification-service", "sabt.notifications");
        for (String service : ownTopic.keySet()) {
            JsonNode user = Chart.named(objects, "KafkaUser", "sabt-" + service).orElseThrow();
            Set<String> reads = new TreeSet<>(), writes = new TreeSet<>(), groups = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                String resource = acl.path("resource").path("name").asText();
                String operations = acl.path("operations").toString();
                if (acl.path("resource").path("type").asText().equals("group")) {
                    groups.add(resource);
                } else if (operations.contains("Write")) {
                    writes.add(resource);
                } else if (operations.contains("Read")) {
                    reads.add(resource);
                }
            }
            String properties = Files.readString(Chart.REPO.resolve(service).resolve("src/main/resources/application.properties"));
            Set<String> consumed = matches(properties, "(?m)^mp\\.messaging\\.incoming\\.[^.]+\\.topic=(.+)$");
            Set<String> deadLetters = matches(properties, "(?m)^mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic=(.+)$");
            Set<String> published = new TreeSet<>(Set.of(ownTopic.get(service).split(",")));
            published.addAll(deadLetters);
            assertThat(reads).as(service + " reads").isEqualTo(consumed);
            assertThat(writes).as(service + " writes").isEqualTo(published);
            assertThat(groups).as(service + " groups").isEqualTo(consumed.isEmpty() ? Set.of() : Set.of(service));
        }
    }

    /** Without demo.enabled the realm has no demo users and no development secret; brute force is detected. */
    @Test
    void theProductionRealmHasNoDemoUsersOrSecrets() {
        List<JsonNode> production = Chart.render(Map.of());
        JsonNode realm = Chart.named(production, "KeycloakRealmImport", "sabt-keycloak-realm").orElseThrow().path("spec");
        assertThat(realm.path("realm").has("users")).isFalse();
        assertThat(realm.path("realm").path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("realm").path("passwordPolicy").asText()).contains("length(12)");
        assertThat(realm.toString()).doesNotContain("DEV-ONLY", "sabt-demo-portal");
        iterable(realm.path("realm").path("clients")).stream().filter(c -> c.has("secret"))
                .forEach(c -> assertThat(c.path("secret").asText()).startsWith("${CLIENT_SECRET_"));
        assertThat(realm.path("placeholders").path("CLIENT_SECRET_SABT_API_GATEWAY").path("secret").path("key").asText())
                .isEqualTo("sabt-api-gateway");
        assertThat(Chart.render(Map.of()).toString()).doesNotContain("DEV-ONLY");

        List<JsonNode> demo = Chart.render(Map.of("demo.enabled", true));
        JsonNode demoRealm = Chart.named(demo, "KeycloakRealmImport", "sabt-keycloak-realm").orElseThrow().path("spec").path("realm");
        assertThat(demoRealm.path("users").size()).isPositive();
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static void assertValid(List<JsonNode> objects) throws Exception {
        assertThat(StrictModels.problems(objects)).isEmpty();
        assertThat(NodeModels.validate(objects)).contains("failed 0");
        for (JsonNode o : objects) {
            JsonNode labels = o.path("metadata").path("labels");
            assertThat(labels.path("app.kubernetes.io/name").asText()).as(o.path("kind") + "/" + Chart.name(o)).isNotEmpty();
            assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(Chart.RELEASE);
            assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("sabt");
        }
        for (JsonNode d : Chart.ofKind(objects, "Deployment").toList()) {
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).contains("ALL");
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(d.path("spec").path("template").path("metadata").path("annotations").has("checksum/config")).isTrue();
            assertThat(pod.path("topologySpreadConstraints").size()).isPositive();
            // Secrets come only from Secrets: no value in the environment looks like one.
            container.path("env").forEach(e -> assertThat(e.has("value") && e.path("name").asText().matches(".*(SECRET|PASSWORD|JAAS).*")).isFalse());
        }
    }

    private static Set<String> kinds(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode deployment(List<JsonNode> objects, String service) {
        return Chart.named(objects, "Deployment", Chart.RELEASE + "-" + service).orElseThrow();
    }

    private static Map<String, String> settings(List<JsonNode> objects, String service) {
        Map<String, String> data = new HashMap<>();
        Chart.named(objects, "ConfigMap", Chart.RELEASE + "-" + service).orElseThrow().path("data")
                .properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Set<String> readVariables(Path properties) throws IOException {
        return matches(Files.readString(properties), "\\$\\{([A-Z][A-Z0-9_]*)");
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found;
    }

    /**
     * The flows a set of NetworkPolicies allows are the expected ones, on both ends: what reaches a service is allowed in
     * by its own policy's ingress, and what leaves a service is allowed out by its own policy's egress.
     */
    private static void assertFlows(List<JsonNode> objects, Set<String> expected) {
        Set<String> in = expected.stream().filter(f -> SERVICES.contains(f.substring(f.indexOf(" -> ") + 4)))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> out = expected.stream().filter(f -> SERVICES.contains(f.substring(0, f.indexOf(" -> "))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(flows(objects, "ingress")).as("allowed in").isEqualTo(in);
        assertThat(flows(objects, "egress")).as("allowed out").isEqualTo(out);
    }

    /** "from -> to" for each flow the NetworkPolicies' ingress or egress rules allow, named by the peers' labels. */
    private static Set<String> flows(List<JsonNode> objects, String direction) {
        Set<String> flows = new TreeSet<>();
        for (JsonNode policy : Chart.ofKind(objects, "NetworkPolicy").toList()) {
            String self = policy.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText();
            for (JsonNode rule : policy.path("spec").path(direction)) {
                if (direction.equals("ingress")) {
                    rule.path("from").forEach(peer -> flows.add(peer(peer) + " -> " + self));
                    continue;
                }
                for (JsonNode peer : rule.path("to")) {
                    String to = peer(peer);
                    if (to.equals("outside")) {
                        to += ":" + iterable(rule.path("ports")).stream().map(p -> p.path("port").asText()).collect(Collectors.joining(","));
                    }
                    flows.add(self + " -> " + to);
                }
            }
        }
        return flows;
    }

    private static String peer(JsonNode peer) {
        JsonNode labels = peer.path("podSelector").path("matchLabels");
        if (peer.has("ipBlock")) {
            return "outside";
        }
        if (labels.path("k8s-app").asText().equals("kube-dns")) {
            return "dns";
        }
        if (labels.has("cnpg.io/cluster")) {
            return "postgres";
        }
        if (labels.has("strimzi.io/cluster")) {
            return "kafka";
        }
        if (labels.path("app").asText().equals("keycloak")) {
            return "keycloak";
        }
        if (labels.path("app.kubernetes.io/component").asText().equals("test")) {
            return "helm-test";
        }
        if (labels.has("app.kubernetes.io/name")) {
            return labels.path("app.kubernetes.io/name").asText();
        }
        String namespace = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText();
        return namespace.equals("ingress-nginx") ? "ingress-controller" : namespace.equals("monitoring") ? "monitoring" : peer.toString();
    }
}
