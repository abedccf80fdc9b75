package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.sabt.application.Desk.BACK_OFFICE;
import static org.sabt.application.Desk.HEALTH;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.as;

/**
 * Hand-offs: a registered birth is handed to the ID service, social protection and the polyclinic (a ledger row and a
 * published request each); each agency, with its own client's token, acknowledges and answers only its own; the
 * mother sees every hand-off on her application in her language; the office lists those overdue.
 */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class HandoffsTest {

    @Inject
    Database db;
    @Inject
    MovableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        FakeRegistry.reset();
    }

    private static RequestSpecification agency(String clientId) {
        return given().auth().oauth2(Tokens.client(clientId)).contentType(ContentType.JSON).log().ifValidationFails();
    }

    /** A birth notified, proposed to Madina, consented, reviewed and approved: registered. */
    private static String registeredBirth() {
        String certificate = Desk.unique("MBC");
        Map<String, Object> notice = Map.of("noticeId", Desk.unique("MOH"), "kind", "LIVE_BIRTH",
                "medicalCertificateNumber", certificate, "office", "KHT02", "date", LocalDate.now().minusDays(1).toString(),
                "mother", Map.of("nationalId", MADINA_ID, "surname", "Раҳимзода", "givenName", "Мадина", "phone", "+992931234567"),
                "child", Map.of("sex", "FEMALE", "weightGrams", 3100));
        String id = as(HEALTH).body(notice).post("/api/v1/medical-notices").then().statusCode(201)
                .extract().path("notice.proposedApplicationId");
        Desk.act(MADINA, id, "consent", Map.of("form", Map.of("child", Map.of("surname", "Раҳимзода", "givenName", "Зарина")),
                "presumedFatherConfirmed", true)).statusCode(200);
        Desk.claim(BACK_OFFICE, id).statusCode(200);
        Desk.act(BACK_OFFICE, id, "review", null).statusCode(200);
        Desk.act(BACK_OFFICE, id, "approval", null).statusCode(200).body("status", equalTo("REGISTERED"));
        return id;
    }

    private static String handoffOf(JsonPath application, String agency) {
        return application.getString("handoffs.find { it.agency == '" + agency + "' }.id");
    }

    @Test
    void a_registered_birth_is_handed_to_each_entitled_agency_which_answers_only_its_own() throws Exception {
        String id = registeredBirth();
        JsonPath registered = as(MADINA).header("Accept-Language", "tg").get("/api/v1/applications/" + id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(registered.getList("handoffs.agency", String.class))
                .containsExactlyInAnyOrder("civil-id", "polyclinic", "social-protection");
        assertThat(registered.getList("handoffs.status", String.class)).containsOnly("SENT");
        assertThat(registered.getString("handoffs.find { it.agency == 'civil-id' }.agencyName"))
                .isEqualTo("Хадамоти шиносномавӣ (рақами шахсӣ)");
        // Each published for its agency's webhook, with the child and the URLs to answer at.
        List<String> requests = db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.handoff.requested'", id);
        assertThat(requests).hasSize(3);
        for (String payload : requests) {
            assertThat(EventSchemas.problems("sabt.handoff.requested", payload)).as(payload).isEmpty();
            assertThat(JsonPath.from(payload).getString("child.givenName")).isEqualTo("Зарина");
        }
        String civil = handoffOf(registered, "civil-id");
        String social = handoffOf(registered, "social-protection");
        String polyclinic = handoffOf(registered, "polyclinic");

        // Only the addressee answers; staff cannot answer for it.
        agency("sabt-social-protection").post("/api/v1/handoffs/" + civil + "/acknowledgement").then().statusCode(403)
                .body("code", equalTo("HANDOFF_NOT_YOURS"));
        as(REGISTRAR).post("/api/v1/handoffs/" + civil + "/acknowledgement").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        agency("sabt-social-protection").get("/api/v1/handoffs/" + civil).then().statusCode(404);
        agency("sabt-civil-id").post("/api/v1/handoffs/" + UUID.randomUUID() + "/acknowledgement").then()
                .statusCode(404).body("code", equalTo("HANDOFF_NOT_FOUND"));

        // The ID service acknowledges (twice is once) and assigns a personal number; that is final.
        agency("sabt-civil-id").post("/api/v1/handoffs/" + civil + "/acknowledgement").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        agency("sabt-civil-id").post("/api/v1/handoffs/" + civil + "/acknowledgement").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"));
        agency("sabt-civil-id").body(Map.of("outcome", "DONE", "reference", "20261202000017"))
                .post("/api/v1/handoffs/" + civil + "/result").then().statusCode(200).body("status", equalTo("DONE"))
                .body("reference", equalTo("20261202000017"));
        agency("sabt-civil-id").body(Map.of("outcome", "DONE", "reference", "20261202000017"))
                .post("/api/v1/handoffs/" + civil + "/result").then().statusCode(200);
        agency("sabt-civil-id").body(Map.of("outcome", "FAILED", "reason", "changed our mind"))
                .post("/api/v1/handoffs/" + civil + "/result").then().statusCode(409).body("code", equalTo("HANDOFF_ALREADY_DONE"));
        agency("sabt-civil-id").post("/api/v1/handoffs/" + civil + "/acknowledgement").then().statusCode(409)
                .body("code", equalTo("HANDOFF_ALREADY_ANSWERED"));

        // Social protection fails once (with its reason), then succeeds.
        agency("sabt-social-protection").body(Map.of("outcome", "FAILED")).post("/api/v1/handoffs/" + social + "/result")
                .then().statusCode(422).body("code", equalTo("HANDOFF_REASON_REQUIRED"));
        agency("sabt-social-protection").body(Map.of("outcome", "MAYBE")).post("/api/v1/handoffs/" + social + "/result")
                .then().statusCode(400);
        agency("sabt-social-protection").body(Map.of("outcome", "FAILED", "reason", "benefit register offline"))
                .post("/api/v1/handoffs/" + social + "/result").then().statusCode(200).body("status", equalTo("FAILED"))
                .body("failures", equalTo(1));
        agency("sabt-social-protection").body(Map.of("outcome", "DONE", "reference", "CB-7781"))
                .post("/api/v1/handoffs/" + social + "/result").then().statusCode(200).body("status", equalTo("DONE"));

        // Each change published with the applicant's contact; two are done.
        List<String> changes = db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.handoff.status-changed'", id);
        assertThat(changes).hasSize(4);
        for (String payload : changes) {
            assertThat(EventSchemas.problems("sabt.handoff.status-changed", payload)).as(payload).isEmpty();
        }
        assertThat(changes.stream().map(c -> JsonPath.from(c).getString("status")).filter("DONE"::equals)).hasSize(2);

        // The mother sees where each stands; the agency lists its own.
        JsonPath seen = Desk.read(MADINA, id);
        assertThat(seen.getString("handoffs.find { it.agency == 'civil-id' }.status")).isEqualTo("DONE");
        assertThat(seen.getString("handoffs.find { it.agency == 'civil-id' }.reference")).isEqualTo("20261202000017");
        assertThat(seen.getString("handoffs.find { it.agency == 'social-protection' }.status")).isEqualTo("DONE");
        assertThat(seen.getString("handoffs.find { it.agency == 'polyclinic' }.status")).isEqualTo("SENT");
        agency("sabt-polyclinic").queryParam("status", "SENT").queryParam("limit", 100).get("/api/v1/handoffs").then()
                .statusCode(200).body("items.id", hasItem(polyclinic)).body("items.agency", everyItem(equalTo("polyclinic")));

        // Three days on, the polyclinic's is overdue for the office; the done ones are not.
        clock.advance(Duration.ofDays(4));
        as(BACK_OFFICE).queryParam("overdue", true).queryParam("limit", 100).get("/api/v1/handoffs").then().statusCode(200)
                .body("items.id", hasItem(polyclinic)).body("items.id", not(hasItem(civil))).body("items.id", not(hasItem(social)));
        as(Desk.OTHER_OFFICE_BACK_OFFICE).queryParam("overdue", true).queryParam("office", "KHT02").get("/api/v1/handoffs")
                .then().statusCode(403).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        as(Desk.OTHER_OFFICE_BACK_OFFICE).get("/api/v1/handoffs/" + polyclinic).then().statusCode(404);
        as(BACK_OFFICE).get("/api/v1/handoffs/" + polyclinic).then().statusCode(200).body("overdue", equalTo(true));
    }
}
