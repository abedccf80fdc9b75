package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ActResourceTest {

    @Inject
    EntityManager em;

    static Map<String, Object> birth(String office, LocalDate born, String certificate) {
        return Map.of("type", "BIRTH", "office", office,
                "child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс", "sex", "MALE", "birthDate", born.toString()),
                "mother", Map.of("surname", "Раҳимзода", "givenName", "Мадина", "sex", "FEMALE", "birthDate", "1998-03-14",
                        "nationalId", Registry.nationalId()),
                "medicalCertificateNumber", certificate);
    }

    static String certificate() {
        return "MBC-" + UUID.randomUUID();
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_registrar_registers_a_birth_in_their_office_and_reads_it_back() {
        String id = given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().minusDays(2), certificate()))
                .when().post("/api/v1/acts")
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", startsWith("http"))
                .body("registrationNumber", matchesPattern("BIR-KHT02-\\d{4}-\\d{6}"))
                .body("version", equalTo(1))
                .body("status", equalTo("REGISTERED"))
                .body("registeredBy", equalTo("registrar.kulob"))
                .body("details.child.givenName", equalTo("Фирдавс"))
                .extract().path("id");

        given().header("X-Reason", "checking the record").when().get("/api/v1/acts/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("details.type", equalTo("BIRTH"));

        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND event_type = 'sabt.act.registered'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE record_id = ?1 AND action = 'READ' AND reason = 'checking the record'", id))
                .isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "service-account-sabt-application-service", roles = "back-office",
            attributes = @SecurityAttribute(key = "office", value = "*"))
    void a_service_account_registers_for_the_office_it_names() {
        for (String office : List.of("DSH01", "GBA01")) {
            given().contentType(ContentType.JSON).body(birth(office, LocalDate.now().minusDays(1), certificate()))
                    .when().post("/api/v1/acts").then().statusCode(201)
                    .body("office", equalTo(office)).body("registrationNumber", startsWith("BIR-" + office + "-"));
        }
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_registrar_cannot_register_in_another_office() {
        String cert = certificate();
        given().contentType(ContentType.JSON).body(birth("DSH01", LocalDate.now().minusDays(1), cert))
                .when().post("/api/v1/acts")
                .then().statusCode(403).contentType(startsWith("application/problem+json")).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        assertThat(count("SELECT count(*) FROM act WHERE basis_document = ?1", cert)).isZero();
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_birth_in_the_future_is_refused() {
        String cert = certificate();
        given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().plusDays(3), cert))
                .when().post("/api/v1/acts")
                .then().statusCode(422).body("code", equalTo("EVENT_DATE_IN_FUTURE"));
        assertThat(count("SELECT count(*) FROM act WHERE basis_document = ?1", cert)).isZero();
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void one_medical_certificate_registers_one_birth() {
        String cert = certificate();
        given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().minusDays(1), cert))
                .when().post("/api/v1/acts").then().statusCode(201);
        given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().minusDays(1), cert))
                .when().post("/api/v1/acts").then().statusCode(422).body("code", equalTo("BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED"));
        assertThat(count("SELECT count(*) FROM act WHERE basis_document = ?1", cert)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "registrar.ghafurov", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "SUG05"))
    void registration_numbers_have_no_gaps_and_no_duplicates_under_concurrency() throws Exception {
        // SUG05 is this test's own office: no other test registers there, so its numbers this year are the
        // counter's last value + 1 .. + N, exactly, whatever the order in which 8 threads got them.
        int year = LocalDate.now().getYear();
        long last = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT last_value FROM number_sequence WHERE office = 'SUG05' AND act_type = 'BIRTH' AND year = ?1")
                .setParameter(1, year).getResultList().stream().mapToLong(v -> ((Number) v).longValue()).findFirst().orElse(0));
        int n = 40;
        List<Callable<String>> registrations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            registrations.add(() -> given().contentType(ContentType.JSON)
                    .body(birth("SUG05", LocalDate.now().minusDays(1), certificate()))
                    .when().post("/api/v1/acts").then().statusCode(201).extract().path("registrationNumber"));
        }
        List<Integer> sequences = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Future<String> f : pool.invokeAll(registrations)) {
                assertThat(f.get()).startsWith("BIR-SUG05-" + year + "-");
                sequences.add(Integer.parseInt(f.get().substring(f.get().lastIndexOf('-') + 1)));
            }
        }
        sequences.sort(Integer::compare);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add((int) last + i);
        }
        assertThat(sequences).containsExactlyElementsOf(expected);
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void the_openapi_document_has_an_example_of_every_act_type_and_the_error_codes() {
        Map<String, Map<String, Object>> examples = given().queryParam("format", "json").when().get("/q/openapi").then()
                .extract().path("paths.'/api/v1/acts'.post.requestBody.content.'application/json'.examples");
        examples.forEach((name, example) -> given().contentType(ContentType.JSON).body(example.get("value"))
                .when().post("/api/v1/acts").then().statusCode(org.hamcrest.Matchers.oneOf(201, 403, 422)));
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/acts'.post.requestBody.content.'application/json'.examples.keySet()",
                        org.hamcrest.Matchers.containsInAnyOrder("birth", "death", "marriage", "divorce", "adoption",
                                "paternity", "name change"))
                .body("paths.'/api/v1/acts'.post.responses.'422'.description",
                        org.hamcrest.Matchers.containsString("MARRIAGE_SPOUSE_ALREADY_MARRIED"))
                .body("paths.'/api/v1/acts/{id}/amendments'.post.responses.'412'.description",
                        org.hamcrest.Matchers.containsString("VERSION_MISMATCH"))
                .body("paths.'/api/v1/persons/{id}'.get", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/audit'.get", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void bad_input_gets_a_problem_and_writes_nothing() {
        long before = count("SELECT count(*) FROM act", null);
        given().contentType(ContentType.JSON).body("{\"type\": \"BIRTH\", \"office\": ").when().post("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().contentType(ContentType.JSON).body(Map.of("type", "CORONATION", "office", "KHT02")).when().post("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("UNKNOWN_TYPE"));
        given().contentType(ContentType.JSON).body(Map.of("type", "BIRTH", "office", "KHT02")).when().post("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("{\"type\":\"BIRTH\",\"office\":\"KHT02\",\"child\":{\"surname\":\"А\",\"givenName\":\"Б\",\"sex\":\"MALE\",\"birthDate\":\"2026-02-31\"}}")
                .when().post("/api/v1/acts").then().statusCode(400).body("code", equalTo("INVALID_FIELD_VALUE"));
        given().contentType(ContentType.JSON).body(birth("XXX99", LocalDate.now().minusDays(1), certificate()))
                .when().post("/api/v1/acts").then().statusCode(422).body("code", equalTo("OFFICE_UNKNOWN"));
        assertThat(count("SELECT count(*) FROM act", null)).isEqualTo(before);
    }

    @Test
    @TestSecurity(user = "citizen.madina", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "1000000001"))
    void a_citizen_cannot_register_acts() {
        given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().minusDays(1), certificate()))
                .when().post("/api/v1/acts").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void no_token_is_401() {
        given().contentType(ContentType.JSON).body(birth("KHT02", LocalDate.now().minusDays(1), certificate()))
                .when().post("/api/v1/acts").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    private long count(String sql, String param) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            if (param != null) {
                q.setParameter(1, param);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }
}
