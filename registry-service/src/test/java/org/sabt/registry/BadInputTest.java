package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.sabt.registry.Registry.birth;
import static org.sabt.registry.Registry.person;
import static org.sabt.registry.Registry.today;

/** What a client can send wrong gets a 4xx problem+json with a stable code, and writes nothing; never a 500. */
@QuarkusTest
@TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
class BadInputTest {

    @Inject
    EntityManager em;

    private long actsBefore;

    @BeforeEach
    void count() {
        actsBefore = acts();
    }

    @AfterEach
    void nothing_was_written() {
        assertThat(acts()).isEqualTo(actsBefore);
    }

    private long acts() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM act").getSingleResult()).longValue());
    }

    private static Map<String, Object> validBirth() {
        return birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(28)), today().minusDays(1));
    }

    private static void problem(Object body, int status, String code) {
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/acts")
                .then().statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void a_wrong_type_is_invalid_field_type() {
        Map<String, Object> act = validBirth();
        act.put("childrenBorn", Map.of("many", true));
        problem(act, 400, "INVALID_FIELD_TYPE");
    }

    @Test
    void missing_fields_fail_validation() {
        Map<String, Object> act = validBirth();
        act.remove("mother");
        problem(act, 400, "VALIDATION_FAILED");
        problem(Map.of("type", "BIRTH"), 400, "VALIDATION_FAILED");
    }

    @Test
    void an_unknown_act_type_is_refused() {
        Map<String, Object> act = validBirth();
        act.put("type", "CORONATION");
        problem(act, 400, "UNKNOWN_TYPE");
        act.remove("type");
        problem(act, 400, "UNKNOWN_TYPE");
    }

    @Test
    void an_impossible_date_is_an_invalid_value() {
        String body = "{\"type\":\"DEATH\",\"office\":\"KHT02\",\"deceased\":{\"personId\":\"6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11\"},"
                + "\"dateOfDeath\":\"2026-02-30\",\"medicalCertificateNumber\":\"MDC-1\"}";
        problem(body, 400, "INVALID_FIELD_VALUE");
        problem(body.replace("2026-02-30", "yesterday"), 400, "INVALID_FIELD_VALUE");
        problem(body.replace("\"6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11\"", "\"not-a-uuid\"").replace("2026-02-30", "2026-02-01"),
                400, "INVALID_FIELD_VALUE");
    }

    @Test
    void an_unknown_office_is_refused() {
        Map<String, Object> act = validBirth();
        act.put("office", "ZZZ99");
        problem(act, 422, "OFFICE_UNKNOWN");
    }

    @Test
    void an_unknown_person_is_refused() {
        Map<String, Object> act = validBirth();
        act.put("mother", Map.of("personId", "6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11"));
        problem(act, 422, "PERSON_NOT_FOUND");
    }

    @Test
    void a_string_of_ten_thousand_characters_is_refused_naming_the_field() {
        Map<String, Object> act = validBirth();
        Map<String, Object> child = new HashMap<>(Map.of("surname", "Р".repeat(10_000), "givenName", "Фирдавс", "sex", "MALE",
                "birthDate", today().minusDays(1).toString()));
        act.put("child", child);
        given().contentType(ContentType.JSON).body(act).when().post("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("STRING_TOO_LONG")).body("errors[0].field", equalTo("child.surname"));
        // Shorter than any body's string may be, but longer than a surname: the field's own limit.
        child.put("surname", "Р".repeat(1_000));
        problem(act, 400, "VALIDATION_FAILED");
    }

    @Test
    void a_nul_in_a_surname_or_a_query_is_refused_naming_the_field_not_a_conflict() {
        Map<String, Object> act = validBirth();
        act.put("child", new HashMap<>(Map.of("surname", "Раҳим\u0000зода", "givenName", "Фирдавс", "sex", "MALE",
                "birthDate", today().minusDays(1).toString(), "placeOfBirth", "Кӯ\u0000лоб")));
        given().contentType(ContentType.JSON).body(act).when().post("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER"))
                .body("errors[0].field", org.hamcrest.Matchers.oneOf("child.surname", "child.placeOfBirth"));
        given().urlEncodingEnabled(false).when().get("/api/v1/acts?registrationNumber=a%00b")
                .then().statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER"))
                .body("errors[0].field", equalTo("registrationNumber"));
    }

    @Test
    void invalid_utf8_is_malformed_json() {
        byte[] start = "{\"type\":\"BIRTH\",\"office\":\"KHT02\",\"child\":{\"surname\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        byte[] end = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(start, start.length + bad.length + end.length);
        System.arraycopy(bad, 0, body, start.length, bad.length);
        System.arraycopy(end, 0, body, start.length + bad.length, end.length);
        given().contentType("application/json").body(new java.io.ByteArrayInputStream(body)).when().post("/api/v1/acts")
                .then().statusCode(400).contentType(startsWith("application/problem+json")).body("code", equalTo("MALFORMED_JSON"));
    }

    @Test
    void a_body_of_ten_megabytes_is_too_large() {
        String huge = "{\"type\":\"BIRTH\",\"office\":\"KHT02\",\"padding\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(huge).when().post("/api/v1/acts")
                .then().statusCode(413).contentType(startsWith("application/problem+json")).body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void json_that_is_not_an_object_is_refused() {
        problem("[1,2,3]", 400, "UNKNOWN_TYPE");
        problem("\"BIRTH\"", 400, "UNKNOWN_TYPE");
        problem("", 400, "VALIDATION_FAILED");
    }

    @Test
    void a_bad_if_match_is_refused() {
        given().contentType(ContentType.JSON).header("If-Match", "\"v-seven\"")
                .body(Map.of("reason", "x", "basisDocument", Registry.basis("OTHER", "1"), "details", validBirth()))
                .when().post("/api/v1/acts/6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11/amendments")
                .then().statusCode(400).body("code", equalTo("IF_MATCH_INVALID"));
    }

    @Test
    void a_malformed_id_in_the_path_is_not_a_500() {
        given().when().get("/api/v1/acts/not-a-uuid").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }
}
