package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.sabt.system.OneWindowStoryTest.act;
import static org.sabt.system.OneWindowStoryTest.as;
import static org.sabt.system.OneWindowStoryTest.nationalId;
import static org.sabt.system.OneWindowStoryTest.read;

/**
 * Issue 10's notices through the gateway with real tokens: the health ministry's client (client credentials) sends a
 * FHIR birth document (built with HAPI FHIR); nobody applies, so it is on Kulob's outreach list; the mother comes to
 * the counter, and the review's check that the ministry confirmed the certificate has passed by itself.
 */
@ExtendWith(SystemStack.class)
class MedicalNoticeStoryTest {

    private static final String HEALTH_SECRET = "health-ministry-secret-DEV-ONLY";

    @Test
    void a_fhir_birth_notice_reaches_the_outreach_list_and_confirms_the_application_that_follows() {
        String motherId = nationalId();
        String certificate = "MBC-" + UUID.randomUUID();
        String noticeId = "MOH-" + UUID.randomUUID();
        LocalDate born = LocalDate.now().minusDays(3);
        String ministry = Keycloak.clientToken("sabt-health-ministry", HEALTH_SECRET);
        RestAssured.given().auth().oauth2(ministry).contentType("application/fhir+json; charset=UTF-8")
                .body(FhirBirthNotice.of(noticeId, certificate, motherId, "Назарова", "Шаҳло", born, 2950, null)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.kind", equalTo("LIVE_BIRTH")).body("notice.format", equalTo("FHIR"))
                .body("notice.weightGrams", equalTo(2950)).body("notice.subjectKnown", equalTo(false));
        // The registry has never seen this mother: the notice is kept and flagged for the office.
        as("backoffice.kulob").queryParam("unknownSubject", true).queryParam("limit", 100)
                .get("/api/v1/medical-notices").then().statusCode(200).body("items.noticeId", hasItem(noticeId));

        // Nobody has applied: Kulob's outreach list shows it (olderThan=P0D: a test cannot wait the configured week).
        as("backoffice.kulob").queryParam("unmatched", true).queryParam("olderThan", "P0D").queryParam("limit", 100)
                .get("/api/v1/medical-notices").then().statusCode(200).body("items.noticeId", hasItem(noticeId));

        // The mother comes to the counter; the review finds the ministry's confirmation there already.
        Map<String, Object> mother = Map.of("surname", "Назарова", "givenName", "Шаҳло", "sex", "FEMALE",
                "birthDate", "1996-04-12", "nationalId", motherId);
        Map<String, Object> walkIn = Map.of("service", "REGISTER_BIRTH", "office", "KHT02",
                "form", Map.of("child", Map.of("surname", "Назаров", "givenName", "Сино", "sex", "MALE",
                                "birthDate", born.toString(), "placeOfBirth", "Кӯлоб"),
                        "mother", mother, "medicalCertificateNumber", certificate),
                "contact", Map.of("phone", "+992900000321", "language", "tg"),
                "applicant", Map.of("nationalId", motherId, "name", "Назарова Шаҳло"));
        String id = as("registrar.kulob").body(walkIn).post("/api/v1/applications").then().statusCode(201).extract().path("id");
        as("backoffice.kulob").queryParam("unmatched", true).queryParam("olderThan", "P0D").queryParam("limit", 100)
                .get("/api/v1/medical-notices").then().statusCode(200).body("items.noticeId", not(hasItem(noticeId)));
        act("registrar.kulob", id, "acceptance", Map.of("documentsSeen", List.of("MOTHER_ID", "MEDICAL_BIRTH_CERTIFICATE")))
                .statusCode(200);
        as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
        act("backoffice.kulob", id, "review", null).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var a = read("backoffice.kulob", id);
            assertThat(a.getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }.status")).isEqualTo("PASSED");
            assertThat(a.getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }.reference")).isEqualTo(noticeId);
        });
        RestAssured.given().auth().oauth2(ministry).contentType(ContentType.JSON).body(Map.of("noticeId", noticeId))
                .post("/api/v1/medical-notices").then().statusCode(400);
    }
}
