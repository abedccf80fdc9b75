package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.as;

/** Whatever a client sends, a 4xx problem+json with a stable code, and nothing written. */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class BadInputTest {

    @Inject
    Database db;

    /** What a submission writes: the application, and its event. */
    private long applications() {
        return db.count("SELECT count(*) FROM application")
                + db.count("SELECT count(*) FROM outbox WHERE event_type = 'sabt.application.submitted'");
    }

    private void refused(String user, Object body, int status, String code) {
        long before = applications();
        as(user).body(body).post("/api/v1/applications").then().statusCode(status)
                .contentType("application/problem+json").body("code", equalTo(code));
        assertThat(applications()).isEqualTo(before);
    }

    @Test
    void forms_that_break_their_schema_are_refused_field_by_field_and_nothing_is_stored() {
        Map<String, Object> form = new HashMap<>(Desk.birthForm(MADINA_ID, "MBC-1"));
        form.remove("mother");
        form.put("childrenBorn", "two");
        form.put("colour", "blue");
        form.put("child", Map.of("surname", "Раҳимзода", "givenName", "x".repeat(1_000), "sex", "MALE", "birthDate", "2026-13-45"));
        long before = applications();
        as(MADINA).body(Desk.newApplication("REGISTER_BIRTH", "KHT02", form)).post("/api/v1/applications").then()
                .statusCode(400).body("code", equalTo("FORM_INVALID"))
                .body("errors.field", hasItems("form.mother", "form.childrenBorn", "form.child.givenName", "form.child.birthDate", "form"))
                .body("errors.code", hasItems("FORM_REQUIRED", "FORM_TYPE", "FORM_MAXLENGTH", "FORM_FORMAT", "FORM_ADDITIONALPROPERTIES"));
        assertThat(applications()).isEqualTo(before);

        // Text that cannot be stored is refused as the body is read, before the form's schema is consulted.
        Map<String, Object> nul = new HashMap<>(Desk.birthForm(MADINA_ID, "MBC-\u0000-1"));
        as(MADINA).body(Desk.newApplication("REGISTER_BIRTH", "KHT02", nul)).post("/api/v1/applications").then()
                .statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER"))
                .body("errors[0].field", equalTo("form.medicalCertificateNumber"));
        refused(MADINA, Desk.newApplication("REGISTER_BIRTH", "KHT02", List.of(1, 2)), 400, "FORM_INVALID");
        assertThat(applications()).isEqualTo(before);
    }

    @Test
    void wrong_types_unknown_services_and_offices_and_broken_json_are_refused() {
        refused(MADINA, Desk.newApplication("BUY_A_HOUSE", "KHT02", Map.of()), 400, "INVALID_FIELD_VALUE");
        refused(MADINA, Desk.newApplication("REGISTER_BIRTH", "XYZ99", Desk.birthForm(MADINA_ID, null)), 422, "OFFICE_UNKNOWN");
        refused(MADINA, Map.of("service", "REGISTER_BIRTH", "office", "KHT02"), 400, "VALIDATION_FAILED");
        refused(MADINA, Map.of("service", "REGISTER_BIRTH", "office", List.of(), "form", "x"), 400, "INVALID_FIELD_TYPE");
        refused(MADINA, Desk.newApplication("REGISTER_BIRTH", "K".repeat(500), Desk.birthForm(MADINA_ID, null)), 400, "VALIDATION_FAILED");
        refused(MADINA, Desk.newApplication("REGISTER_BIRTH", "K".repeat(5000), Desk.birthForm(MADINA_ID, null)), 400, "STRING_TOO_LONG");
        Map<String, Object> badContact = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        badContact.put("contact", Map.of("phone", "call me", "language", "fr"));
        refused(MADINA, badContact, 400, "VALIDATION_FAILED");
        Map<String, Object> seen = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        seen.put("documentsSeen", List.of("MOTHER_ID"));
        refused(MADINA, seen, 400, "DOCUMENTS_SEEN_BY_FRONT_OFFICE_ONLY");

        long before = applications();
        for (String body : new String[]{"{", "[]", "", "null", "{\"service\":", "\"text\""}) {
            as(MADINA).body(body).post("/api/v1/applications").then().statusCode(400).contentType("application/problem+json");
        }
        as(MADINA).contentType(ContentType.JSON).body(new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})
                .post("/api/v1/applications").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        as(MADINA).contentType(ContentType.TEXT).body("hello").post("/api/v1/applications").then().statusCode(415);
        assertThat(applications()).isEqualTo(before);
    }

    @Test
    void an_action_needs_no_body_and_no_content_type() {
        String id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        io.restassured.RestAssured.given().auth().oauth2(Tokens.of(MADINA)).header("If-Match", "\"1\"")
                .post("/api/v1/applications/" + id + "/cancellation").then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void text_postgresql_cannot_store_is_refused_wherever_it_is_sent() {
        Map<String, Object> named = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        named.put("applicant", Map.of("name", "Мадина\u0000"));
        refused(MADINA, named, 400, "UNSTORABLE_CHARACTER");
        String id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        Desk.act(REGISTRAR, id, "return", Map.of("reason", "a\u0000b")).statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER"))
                .body("errors[0].field", equalTo("reason"));
        Desk.act(MADINA, id, "cancellation", Map.of("comment", "\u0000")).statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER"));
        assertThat(Desk.read(MADINA, id).getString("status")).isEqualTo("SUBMITTED");
    }

    @Test
    void a_walk_in_needs_the_applicant_and_the_registrar_own_office() {
        Map<String, Object> noApplicant = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        refused(REGISTRAR, noApplicant, 400, "APPLICANT_NATIONAL_ID_REQUIRED");
        Map<String, Object> elsewhere = Desk.newApplication("REGISTER_BIRTH", "DSH01", Desk.birthForm(MADINA_ID, null));
        elsewhere.put("applicant", Map.of("nationalId", MADINA_ID));
        refused(REGISTRAR, elsewhere, 403, "OFFICE_NOT_ALLOWED");
        Map<String, Object> unknownDocument = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        unknownDocument.put("applicant", Map.of("nationalId", MADINA_ID));
        unknownDocument.put("documentsSeen", List.of("MOTHER_ID", "A_PHOTO_OF_THE_CAT"));
        refused(REGISTRAR, unknownDocument, 400, "DOCUMENT_UNKNOWN");
        Desk.as("portal.operator").body(Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null)))
                .post("/api/v1/applications").then().statusCode(400).body("code", equalTo("CITIZEN_ID_REQUIRED"));
    }

    @Test
    void actions_need_the_current_version_and_a_complete_checklist() {
        String id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        String path = "/api/v1/applications/" + id + "/acceptance";
        Map<String, Object> body = Map.of("documentsSeen", List.of("MOTHER_ID"));
        as(REGISTRAR).body(body).post(path).then().statusCode(428).body("code", equalTo("IF_MATCH_REQUIRED"));
        as(REGISTRAR).header("If-Match", "\"v1\"").body(body).post(path).then().statusCode(400).body("code", equalTo("IF_MATCH_INVALID"));
        as(REGISTRAR).header("If-Match", "\"7\"").body(body).post(path).then().statusCode(412).body("code", equalTo("VERSION_MISMATCH"));
        as(REGISTRAR).header("If-Match", "\"1\"").body(Map.of("documentsSeen", List.of())).post(path).then().statusCode(422)
                .body("code", equalTo("DOCUMENTS_MISSING")).body("errors.message", hasItem("MOTHER_ID"));
        as(REGISTRAR).header("If-Match", "\"1\"").body(body).post("/api/v1/applications/" + id + "/completion").then()
                .statusCode(409).body("code", equalTo("COMPLETE_NOT_ALLOWED_WHEN_SUBMITTED"));
        as(REGISTRAR).get("/api/v1/applications/not-a-uuid").then().statusCode(404);
        as(REGISTRAR).get("/api/v1/work-queue?queue=EVERYTHING").then().statusCode(400).body("code", equalTo("QUEUE_UNKNOWN"));
        as(REGISTRAR).get("/api/v1/work-queue?queue=TO_ACCEPT&cursor=rubbish").then().statusCode(400).body("code", equalTo("CURSOR_INVALID"));
        assertThat(Desk.read(MADINA, id).getInt("version")).isEqualTo(1);
        assertThat(Desk.read(MADINA, id).getString("status")).isEqualTo("SUBMITTED");
    }
}
