package org.sabt.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rendered objects checked against the Kubernetes models, strictly: fabric8's models for the built-in kinds and the
 * Prometheus operator's, Strimzi's own typed API for its kinds, and the Keycloak operator's CRD schemas (from
 * ../shared/k8s/crds) for its kinds. A field the model does not know, or a value of the wrong type, is a problem
 * (Kubernetes would prune or refuse it).
 */
final class StrictModels {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/Pod", io.fabric8.kubernetes.api.model.Pod.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    /** The Keycloak operator's kinds, by their CRD file in ../shared/k8s/crds. */
    private static final Map<String, String> CRDS = Map.of(
            "k8s.keycloak.org/v2alpha1/Keycloak", "keycloaks.k8s.keycloak.org-v1.yml",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "keycloakrealmimports.k8s.keycloak.org-v1.yml");

    /** Checked elsewhere: CloudNativePG's kinds by its npm models (see {@link NodeModels}). */
    private static final Set<String> ELSEWHERE = Set.of("postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database",
            "postgresql.cnpg.io/v1/ScheduledBackup");

    private static final Map<String, JsonSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private StrictModels() {
    }

    /** The problems of each object, "Kind/name: problem"; empty when every object is what its model allows. */
    static List<String> problems(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            String where = object.path("kind").asText() + "/" + Chart.name(object);
            if (MODELS.containsKey(type)) {
                try {
                    Object model = STRICT.treeToValue(object, MODELS.get(type));
                    unknownFields(model, "", Collections.newSetFromMap(new IdentityHashMap<>()))
                            .forEach(f -> problems.add(where + ": unknown field " + f));
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            } else if (CRDS.containsKey(type)) {
                for (ValidationMessage m : schema(type).validate(object.path("spec"))) {
                    problems.add(where + ": " + m.getMessage());
                }
            } else if (!ELSEWHERE.contains(type)) {
                problems.add(where + ": no model for " + type);
            }
        }
        return problems;
    }

    /** Fields the typed models kept aside as unknown (fabric8 and Strimzi keep them in additionalProperties). */
    private static List<String> unknownFields(Object model, String path, Set<Object> seen) {
        List<String> unknown = new ArrayList<>();
        if (model == null || !seen.add(model)) {
            return unknown;
        }
        if (model instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (model instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k, seen)));
            return unknown;
        }
        String pkg = model.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return unknown;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String field = path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> unknown.add(path + "." + k));
            } else {
                unknown.addAll(unknownFields(value, field, seen));
            }
        }
        return unknown;
    }

    private static JsonSchema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            Path file = Chart.REPO.resolve("../shared/k8s/crds").resolve(CRDS.get(t)).normalize();
            try {
                JsonNode crd = Chart.YAML.readTree(Files.readString(file));
                String version = t.split("/")[1];
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (version.equals(v.path("name").asText())) {
                        JsonNode spec = v.path("schema").path("openAPIV3Schema").path("properties").path("spec").deepCopy();
                        closed(spec);
                        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(spec);
                    }
                }
                throw new IllegalStateException("no version " + version + " in " + file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A structural schema made strict: an object with properties takes no other field (the API server would prune it). */
    private static void closed(JsonNode schema) {
        if (schema instanceof com.fasterxml.jackson.databind.node.ObjectNode node) {
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
            node.forEach(StrictModels::closed);
        } else if (schema != null && schema.isArray()) {
            schema.forEach(StrictModels::closed);
        }
    }
}
