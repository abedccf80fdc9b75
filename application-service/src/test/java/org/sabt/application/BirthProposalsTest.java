package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.sabt.application.Desk.BACK_OFFICE;
import static org.sabt.application.Desk.HEALTH;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.RUSTAM;
import static org.sabt.application.Desk.as;

/**
 * The birth that starts itself: a live-birth notice whose mother the registry knows becomes an application proposed
 * to her, pre-filled from the notice and the registry, with her husband presumed the father; she completes it and
 * consents, and it is accepted with no visit, its medical check passing by itself in review. Refusals change nothing.
 */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class BirthProposalsTest {

    @Inject
    Database db;
    @Inject
    MovableClock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterEach
    void reset() {
        clock.reset();
        FakeRegistry.reset();
    }

    private static Map<String, Object> notice(String kind, String certificate, String motherId) {
        Map<String, Object> mother = new HashMap<>(Map.of("nationalId", motherId, "surname", "Раҳимзода", "givenName", "Мадина",
                "phone", "+992931234567", "language", "ru"));
        return new HashMap<>(Map.of("noticeId", Desk.unique("MOH"), "kind", kind, "medicalCertificateNumber", certificate,
                "facility", Map.of("code", "KHT-RB1", "name", "Роддоми шаҳри Кӯлоб"), "office", "KHT02",
                "date", LocalDate.now().minusDays(1).toString(), "mother", mother,
                "child", Map.of("sex", "MALE", "weightGrams", 3300)));
    }

    private static String proposalOf(Map<String, Object> notice) {
        return as(HEALTH).body(notice).post("/api/v1/medical-notices").then().statusCode(201)
                .extract().path("notice.proposedApplicationId");
    }

    private static io.restassured.response.ValidatableResponse consent(String user, String id, int version, Object body) {
        return as(user).header("If-Match", "\"" + version + "\"").body(body).post("/api/v1/applications/" + id + "/consent").then();
    }

    @Test
    void a_notified_birth_is_proposed_to_the_mother_who_completes_it_and_consents_with_no_visit() throws Exception {
        String certificate = Desk.unique("MBC");
        String id = proposalOf(notice("LIVE_BIRTH", certificate, MADINA_ID));
        assertThat(id).isNotNull();

        // Hers, pre-filled: the child from the notice, she from the registry by person id, her husband presumed the father.
        JsonPath proposed = Desk.read(MADINA, id);
        assertThat(proposed.getString("status")).isEqualTo("PROPOSED");
        assertThat(proposed.getString("service")).isEqualTo("REGISTER_BIRTH");
        assertThat(proposed.getString("office")).isEqualTo("KHT02");
        assertThat(proposed.getString("form.mother.personId")).isEqualTo(FakeRegistry.personId(MADINA_ID).toString());
        assertThat(proposed.getString("form.mother.birthDate")).isEqualTo("1998-03-14");
        assertThat(proposed.getString("form.child.sex")).isEqualTo("MALE");
        assertThat(proposed.getString("form.child.birthDate")).isEqualTo(LocalDate.now().minusDays(1).toString());
        assertThat(proposed.getString("form.medicalCertificateNumber")).isEqualTo(certificate);
        assertThat(proposed.getString("proposal.presumedFather.personId")).isEqualTo(FakeRegistry.MADINA_HUSBAND.toString());
        assertThat(proposed.getString("proposal.presumedFather.fullName")).isEqualTo("Раҳимзода Фаррух");
        assertThat(proposed.getString("contact.phone")).isEqualTo("+992931234567");
        assertThat(proposed.getString("contact.language")).isEqualTo("ru");
        assertThat(proposed.getList("actions", String.class)).containsExactlyInAnyOrder("CONSENT", "CANCEL");
        // Told of it: sabt.application.submitted with status PROPOSED, to her phone in her language.
        String submitted = db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.application.submitted'", id).get(0);
        assertThat(EventSchemas.problems("sabt.application.submitted", submitted)).isEmpty();
        JsonPath event = JsonPath.from(submitted);
        assertThat(event.getString("status")).isEqualTo("PROPOSED");
        assertThat(event.getString("contact.phone")).isEqualTo("+992931234567");
        assertThat(event.getString("contact.language")).isEqualTo("ru");
        // Nobody else's.
        as(RUSTAM).get("/api/v1/applications/" + id).then().statusCode(404);
        consent(RUSTAM, id, 1, Map.of("form", Map.of(), "presumedFatherConfirmed", true)).statusCode(404);

        // Refusals change nothing: the father unconfirmed, a certified fact changed, the child unnamed.
        Map<String, Object> named = Map.of("child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс"));
        consent(MADINA, id, 1, Map.of("form", named)).statusCode(422).body("code", equalTo("PRESUMED_FATHER_NOT_CONFIRMED"));
        consent(MADINA, id, 1, Map.of("form", Map.of("child", Map.of("givenName", "Фирдавс", "sex", "FEMALE")),
                "presumedFatherConfirmed", true)).statusCode(422).body("code", equalTo("PROPOSAL_FACT_CHANGED"));
        consent(MADINA, id, 1, Map.of("form", Map.of("child", Map.of("surname", "Раҳимзода")), "presumedFatherConfirmed", true))
                .statusCode(400).body("code", equalTo("FORM_INVALID"));
        consent(MADINA, id, 1, Map.of("form", Map.of("child", Map.of("givenName", 7)), "presumedFatherConfirmed", true))
                .statusCode(400).body("code", equalTo("FORM_INVALID"));
        consent(MADINA, id, 9, Map.of("form", named, "presumedFatherConfirmed", true)).statusCode(412);
        assertThat(Desk.read(MADINA, id).getInt("version")).isEqualTo(1);

        // She consents: submitted, and accepted by Sabt at once, the notice and the registry standing for the documents.
        JsonPath accepted = consent(MADINA, id, 1, Map.of("form", named, "presumedFatherConfirmed", true,
                "contact", Map.of("email", "madina@example.tj"))).statusCode(200).extract().jsonPath();
        assertThat(accepted.getString("status")).isEqualTo("ACCEPTED");
        assertThat(accepted.getString("form.child.givenName")).isEqualTo("Фирдавс");
        assertThat(accepted.getString("form.child.sex")).isEqualTo("MALE");
        assertThat(accepted.getList("documentsSeen", String.class)).contains("MEDICAL_BIRTH_CERTIFICATE", "MOTHER_ID");
        assertThat(accepted.getString("contact.email")).isEqualTo("madina@example.tj");
        assertThat(accepted.getList("history.status", String.class)).containsExactly("PROPOSED", "SUBMITTED", "ACCEPTED");
        assertThat(accepted.getList("history.by", String.class)).contains("sabt");
        consent(MADINA, id, accepted.getInt("version"), Map.of("form", named, "presumedFatherConfirmed", true))
                .statusCode(409).body("code", equalTo("CONSENT_NOT_ALLOWED_WHEN_ACCEPTED"));

        // Applied for: never on the outreach list; in review, the ministry's check has already passed.
        clock.advance(Duration.ofDays(8));
        as(BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.medicalCertificateNumber", not(hasItem(certificate)));
        Desk.claim(BACK_OFFICE, id).statusCode(200);
        JsonPath review = Desk.act(BACK_OFFICE, id, "review", null).statusCode(200).extract().jsonPath();
        assertThat(review.getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }.status")).isEqualTo("PASSED");
    }

    @Test
    void a_proposal_not_consented_stays_on_the_outreach_list_and_is_withdrawn_once_the_birth_is_applied_for_at_the_counter() {
        String certificate = Desk.unique("MBC");
        String id = proposalOf(notice("LIVE_BIRTH", certificate, MADINA_ID));
        clock.advance(Duration.ofDays(8));
        as(BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.proposedApplicationId", hasItem(id));

        String walkIn = Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, certificate), MADINA_ID);
        JsonPath withdrawn = Desk.read(MADINA, id);
        assertThat(withdrawn.getString("status")).isEqualTo("CANCELLED");
        assertThat(withdrawn.getString("history[1].reason")).contains(walkIn);
        as(BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.proposedApplicationId", not(hasItem(id)));
    }

    @Test
    void a_birth_registered_otherwise_matches_its_notice_whichever_came_first_and_withdraws_the_proposal() throws Exception {
        // The notice first: proposed; then the registry registers the birth at its own counter, citing the certificate.
        String certificate = Desk.unique("MBC");
        String id = proposalOf(notice("LIVE_BIRTH", certificate, MADINA_ID));
        String actId = UUID.randomUUID().toString();
        registered(actId, certificate);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Desk.read(MADINA, id).getString("status")).isEqualTo("CANCELLED"));
        assertThat(Desk.read(MADINA, id).getString("history[1].reason")).contains("BIR-KHT02-2026-");
        clock.advance(Duration.ofDays(8));
        as(BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.medicalCertificateNumber", not(hasItem(certificate)));
        clock.reset();

        // The act first (a birth registered before the hospital's system sent its notice): matched at once, nothing proposed.
        String later = Desk.unique("MBC");
        String laterAct = UUID.randomUUID().toString();
        registered(laterAct, later);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                "SELECT count(*) FROM registered_certificate WHERE medical_certificate_number = ?1", later) == 1);
        as(HEALTH).body(notice("LIVE_BIRTH", later, MADINA_ID)).post("/api/v1/medical-notices").then().statusCode(201)
                .body("notice.actId", equalTo(laterAct)).body("notice.proposedApplicationId", nullValue());
    }

    /** sabt.act.registered of a birth citing the certificate, on the real broker as registry-service publishes it (twice). */
    private void registered(String actId, String certificate) throws Exception {
        String payload = """
                {"version":1,"act":{"id":"%s","type":"BIRTH","registrationNumber":"BIR-KHT02-2026-%06d","office":"KHT02",
                 "registrationDate":"%s","status":"REGISTERED","version":1,"restored":false,"registeredBy":"registrar.kulob",
                 "registeredAt":"2026-12-02T09:00:00Z",
                 "details":{"type":"BIRTH","office":"KHT02",
                  "child":{"personId":"%s","surname":"Раҳимзода","givenName":"Фирдавс","patronymic":null,"latin":null,"sex":"MALE",
                           "birthDate":"%s","placeOfBirth":"Кӯлоб","citizenship":"TJK","nationalId":null},
                  "mother":{"personId":"%s","surname":"Раҳимзода","givenName":"Мадина","patronymic":null,"latin":null,"sex":"FEMALE",
                           "birthDate":"1998-03-14","placeOfBirth":null,"citizenship":"TJK","nationalId":"1000000001"},
                  "father":null,"fatherBasis":null,"liveBorn":true,"childrenBorn":1,"medicalCertificateNumber":"%s"}}}"""
                .formatted(actId, ThreadLocalRandom.current().nextInt(1_000_000), LocalDate.now(),
                        UUID.randomUUID(), LocalDate.now().minusDays(1), UUID.randomUUID(), certificate);
        Broker.publish(bootstrap, Broker.topic("acts"), actId, "sabt.act.registered", "/sabt/registry-service", payload, 2);
    }

    @Test
    void no_proposal_for_a_stillbirth_an_unknown_mother_or_when_the_registry_does_not_answer() {
        as(HEALTH).body(notice("STILLBIRTH", Desk.unique("MBC"), MADINA_ID)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.proposedApplicationId", nullValue());
        as(HEALTH).body(notice("LIVE_BIRTH", Desk.unique("MBC"), "4000000001")).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.subjectKnown", equalTo(false)).body("notice.proposedApplicationId", nullValue());
        FakeRegistry.mode = FakeRegistry.Mode.DOWN;
        as(HEALTH).body(notice("LIVE_BIRTH", Desk.unique("MBC"), MADINA_ID)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.proposedApplicationId", nullValue());
    }
}
