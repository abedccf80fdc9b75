package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * One request through the whole architecture, the way a portal and a registry office use it:
 * tokens from the real Keycloak, the packaged services behind the gateway, PostgreSQL, the outbox,
 * Kafka and the consumers.
 */
@ExtendWith(SystemStack.class)
class WalkingSkeletonTest {

    static RequestSpecification as(String username) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(username));
    }

    static Map<String, Object> birth(String certificate) {
        return Map.of("type", "BIRTH", "office", "KHT02",
                "child", Map.of("surname", "Шарифзода", "givenName", "Нигина", "sex", "FEMALE",
                        "birthDate", LocalDate.now().minusDays(3).toString(), "placeOfBirth", "Кӯлоб"),
                "mother", Map.of("surname", "Шарифзода", "givenName", "Зарина", "sex", "FEMALE", "birthDate", "1997-05-01"),
                "medicalCertificateNumber", certificate);
    }

    @Test
    void a_registrar_registers_a_birth_reads_it_back_and_document_service_projects_it() {
        var registrar = as("registrar.kulob");
        var registered = registrar.contentType(ContentType.JSON).body(birth("MBC-" + UUID.randomUUID()))
                .when().post("/api/v1/acts")
                .then().statusCode(201).header("X-Request-Id", org.hamcrest.Matchers.notNullValue())
                .body("registrationNumber", matchesPattern("BIR-KHT02-\\d{4}-\\d{6}"))
                .extract().jsonPath();
        String id = registered.getString("id");
        String number = registered.getString("registrationNumber");

        as("registrar.kulob").header("X-Reason", "system test").when().get("/api/v1/acts/" + id)
                .then().statusCode(200).body("registrationNumber", equalTo(number))
                .body("details.child.givenName", equalTo("Нигина"));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("documents",
                "SELECT count(*) FROM act_snapshot WHERE registration_number = '" + number + "'") == 1);
    }

    @Test
    void a_citizens_application_is_in_their_own_list_and_not_in_another_citizens() {
        String id = as("citizen.madina").contentType(ContentType.JSON)
                .body(Map.of("service", "REGISTER_BIRTH", "office", "KHT02", "form", Map.of(
                        "child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс", "sex", "MALE",
                                "birthDate", java.time.LocalDate.now().minusDays(1).toString()),
                        "mother", Map.of("surname", "Раҳимзода", "givenName", "Мадина", "sex", "FEMALE",
                                "nationalId", "1000000001"))))
                .when().post("/api/v1/applications").then().statusCode(201).extract().path("id");
        as("citizen.madina").when().get("/api/v1/applications").then().statusCode(200).body("items.id", hasItem(id));
        as("citizen.rustam").when().get("/api/v1/applications").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        as("citizen.rustam").when().get("/api/v1/applications/" + id).then().statusCode(404);

        String portal = Keycloak.clientToken("sabt-demo-portal", "demo-portal-secret-DEV-ONLY");
        RestAssured.given().auth().oauth2(portal).header("X-Citizen-Id", "1000000001").when().get("/api/v1/applications")
                .then().statusCode(200).body("items.id", hasItem(id));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("auditor").queryParam("subject", "1000000001")
                .when().get("/api/v1/messages").then().statusCode(200)
                .body("items.eventType", hasItem("sabt.application.submitted")));
    }

    @Test
    void no_token_is_401_a_wrong_role_is_403_and_malformed_json_is_400_writing_nothing() {
        long acts = count("registry", "SELECT count(*) FROM act");
        RestAssured.given().contentType(ContentType.JSON).body(birth("MBC-" + UUID.randomUUID()))
                .when().post("/api/v1/acts").then().statusCode(401).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAUTHENTICATED"));
        as("citizen.madina").contentType(ContentType.JSON).body(birth("MBC-" + UUID.randomUUID()))
                .when().post("/api/v1/acts").then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("FORBIDDEN"));
        as("registrar.kulob").contentType(ContentType.JSON).body("{\"type\": \"BIRTH\", \"office\": \"KHT02\", ")
                .when().post("/api/v1/acts").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("MALFORMED_JSON"));
        assertThat(count("registry", "SELECT count(*) FROM act")).isEqualTo(acts);
    }

    @Test
    void the_gateway_serves_one_openapi_document_for_the_whole_system() {
        List<String> paths = RestAssured.given().when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths").keySet().stream().map(Object::toString).toList();
        assertThat(paths).contains("/api/v1/acts", "/api/v1/applications", "/api/v1/messages");
    }

    static long count(String database, String sql) {
        return SystemStack.count(database, sql);
    }
}
