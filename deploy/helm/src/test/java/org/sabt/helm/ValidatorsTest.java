package org.sabt.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart's validators catch what they are there for: each is shown a rendered object spoilt one way. */
class ValidatorsTest {

    private static final List<JsonNode> OBJECTS = Chart.render(Chart.EVERYTHING_ON);

    private static ObjectNode copyOf(String kind, String name) {
        return (ObjectNode) Chart.named(OBJECTS, kind, name).orElseThrow().deepCopy();
    }

    @Test
    void theRenderedObjectsAreValidAsTheyAre() throws Exception {
        assertThat(StrictModels.problems(OBJECTS)).isEmpty();
        assertThat(NodeModels.validate(OBJECTS)).contains("failed 0");
    }

    @Test
    void anUnknownFieldIsFoundInEveryKindOfModel() {
        ObjectNode deployment = copyOf("Deployment", "sabt-registry-service");
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)).put("imagePolicy", "x");
        ObjectNode kafka = copyOf("Kafka", "sabt-kafka");
        ((ObjectNode) kafka.path("spec").path("kafka")).put("brokers", 3);
        ObjectNode keycloak = copyOf("Keycloak", "sabt-keycloak");
        ((ObjectNode) keycloak.path("spec").path("http")).put("port", 8080);
        ObjectNode monitor = copyOf("ServiceMonitor", "sabt-registry-service");
        ((ObjectNode) monitor.path("spec")).put("scrapeEvery", "30s");
        assertThat(StrictModels.problems(List.of(deployment, kafka, keycloak, monitor)))
                .anySatisfy(p -> assertThat(p).startsWith("Deployment/sabt-registry-service").contains("imagePolicy"))
                .anySatisfy(p -> assertThat(p).startsWith("Kafka/sabt-kafka").contains("brokers"))
                .anySatisfy(p -> assertThat(p).startsWith("Keycloak/sabt-keycloak").contains("port"))
                .anySatisfy(p -> assertThat(p).startsWith("ServiceMonitor/sabt-registry-service").contains("scrapeEvery"));
    }

    @Test
    void aWrongTypeIsFound() {
        ObjectNode hpa = copyOf("HorizontalPodAutoscaler", "sabt-registry-service");
        ((ObjectNode) hpa.path("spec")).put("minReplicas", "two");
        ObjectNode user = copyOf("KafkaUser", "sabt-registry-service");
        ((ObjectNode) user.path("spec").path("authentication")).put("type", 512);
        ObjectNode realm = copyOf("KeycloakRealmImport", "sabt-keycloak-realm");
        ((ObjectNode) realm.path("spec")).put("keycloakCRName", 7);
        assertThat(StrictModels.problems(List.of(hpa, user, realm))).hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(p -> assertThat(p).startsWith("HorizontalPodAutoscaler/"))
                .anySatisfy(p -> assertThat(p).startsWith("KafkaUser/"))
                .anySatisfy(p -> assertThat(p).startsWith("KeycloakRealmImport/"));
    }

    @Test
    void aMissingRequiredFieldOrAWrongCloudNativePgValueIsRefusedByKubernetesModels() {
        ObjectNode deployment = copyOf("Deployment", "sabt-registry-service");
        ((ObjectNode) deployment.path("spec")).remove("selector");
        assertThatThrownBy(() -> NodeModels.validate(List.of(deployment))).hasMessageContaining("selector");
        ObjectNode cluster = copyOf("Cluster", "sabt-postgres");
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        assertThatThrownBy(() -> NodeModels.validate(List.of(cluster))).hasMessageContaining("Cluster/sabt-postgres");
        ObjectNode database = copyOf("Database", "sabt-postgres-document");
        ((ObjectNode) database.path("spec")).remove("owner");
        assertThatThrownBy(() -> NodeModels.validate(List.of(database))).hasMessageContaining("owner");
    }

    @Test
    void aKindWithoutAModelIsAProblem() {
        ObjectNode unknown = copyOf("Service", "sabt-registry-service");
        unknown.put("apiVersion", "example.org/v1");
        assertThat(StrictModels.problems(List.of(unknown))).singleElement().asString().contains("no model");
    }
}
