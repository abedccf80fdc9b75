package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The one window as the counter, the back office, the health ministry and a portal work it: through the gateway,
 * with tokens from the real Keycloak, against the real registry, which registers the acts.
 */
@ExtendWith(SystemStack.class)
class OneWindowStoryTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final String PORTAL_SECRET = "demo-portal-secret-DEV-ONLY";
    private static final String HEALTH_SECRET = "health-ministry-secret-DEV-ONLY";
    static final List<String> MARRIAGE_DOCUMENTS = List.of("JOINT_APPLICATION", "SPOUSE1_ID", "SPOUSE2_ID",
            "MEDICAL_EXAMINATION", "FEE_RECEIPT");

    static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(user)).contentType(ContentType.JSON)
                .header("X-Reason", "one window story").log().ifValidationFails();
    }

    static RequestSpecification portalFor(String nationalId) {
        return RestAssured.given().auth().oauth2(Keycloak.clientToken("sabt-demo-portal", PORTAL_SECRET))
                .header("X-Citizen-Id", nationalId).contentType(ContentType.JSON).log().ifValidationFails();
    }

    static String nationalId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> person(String nationalId, String surname, String givenName, String sex, LocalDate born) {
        return new HashMap<>(Map.of("nationalId", nationalId, "surname", surname, "givenName", givenName, "sex", sex,
                "birthDate", born.toString()));
    }

    /** The archivist restores someone's paper birth record, so that the registry knows them by national id. */
    static void inRegistry(Map<String, Object> someone) {
        LocalDate born = LocalDate.parse((String) someone.get("birthDate"));
        Map<String, Object> act = Map.of("type", "BIRTH", "office", "KHT02", "child", someone,
                // Each person's mother is someone else: her own national id keeps the duplicate check from taking
                // two mothers of the same name and birth date for one.
                "mother", Map.of("surname", "Раҳимова", "givenName", "Гулнора", "sex", "FEMALE",
                        "birthDate", born.minusYears(24).toString(), "nationalId", nationalId()));
        as("archivist").body(Map.of("paperRegistrationNumber", unique("P"), "registrationDate", born.plusDays(3).toString(),
                "act", act)).post("/api/v1/acts/restorations").then().statusCode(201);
    }

    static JsonPath read(String user, String id) {
        return as(user).get("/api/v1/applications/" + id).then().statusCode(200).extract().jsonPath();
    }

    static ValidatableResponse act(RequestSpecification who, JsonPath current, String action, Object body) {
        RequestSpecification r = who.header("If-Match", "\"" + current.getInt("version") + "\"");
        return (body == null ? r : r.body(body)).post("/api/v1/applications/" + current.getString("id") + "/" + action).then();
    }

    static ValidatableResponse act(String user, String id, String action, Object body) {
        return act(as(user), read(user, id), action, body);
    }

    static Map<String, Object> marriageForm(Map<String, Object> one, Map<String, Object> two) {
        return Map.of("spouse1", one, "spouse2", two, "marriageDate", TODAY.toString(),
                "surnameAfterMarriage2", one.get("surname"),
                "jointApplication", Map.of("number", unique("ЗА"), "date", TODAY.minusDays(35).toString()));
    }

    static Map<String, Object> application(String service, Object form) {
        return new HashMap<>(Map.of("service", service, "office", "KHT02", "form", form,
                "contact", Map.of("phone", "+992900000123", "email", "applicant@example.tj", "language", "tg")));
    }

    /** Accepted at the counter, claimed and reviewed by the back office; the registry's checks answered. */
    static JsonPath intoReview(String id, List<String> documents) {
        act("registrar.kulob", id, "acceptance", Map.of("documentsSeen", documents)).statusCode(200);
        as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
        return act("backoffice.kulob", id, "review", null).statusCode(200).body("status", equalTo("IN_REVIEW"))
                .extract().jsonPath();
    }

    @Test
    void a_walk_in_birth_at_the_kulob_counter_is_registered_once_however_often_it_is_approved() {
        Map<String, Object> mother = person(nationalId(), "Раҳимова", "Мадина", "FEMALE", TODAY.minusYears(27));
        inRegistry(mother);
        String certificate = unique("MBC");
        Map<String, Object> form = Map.of("child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс", "sex", "MALE",
                "birthDate", TODAY.minusDays(2).toString(), "placeOfBirth", "Кӯлоб"), "mother", mother,
                "medicalCertificateNumber", certificate);
        Map<String, Object> walkIn = application("REGISTER_BIRTH", form);
        walkIn.put("applicant", Map.of("nationalId", mother.get("nationalId"), "name", "Раҳимова Мадина"));
        String id = as("registrar.kulob").body(walkIn).post("/api/v1/applications").then().statusCode(201)
                .body("applicant.walkIn", equalTo(true)).extract().path("id");

        JsonPath review = intoReview(id, List.of("MOTHER_ID", "MEDICAL_BIRTH_CERTIFICATE"));
        assertThat(review.getString("tasks.find { it.code == 'MOTHER_IN_REGISTRY' }.status")).isEqualTo("PASSED");
        assertThat(review.getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_NOT_USED' }.status")).isEqualTo("PASSED");

        // the health ministry's own system confirms the certificate it issued
        String ministry = Keycloak.clientToken("sabt-health-ministry", HEALTH_SECRET);
        JsonPath tasks = RestAssured.given().auth().oauth2(ministry).get("/api/v1/tasks?assignee=me&limit=100").then()
                .statusCode(200).extract().jsonPath();
        String task = tasks.getString("items.find { it.applicationId == '" + id + "' }.id");
        assertThat(tasks.getString("items.find { it.applicationId == '" + id + "' }.subject['/medicalCertificateNumber']"))
                .isEqualTo(certificate);
        RestAssured.given().auth().oauth2(ministry).contentType(ContentType.JSON)
                .body(Map.of("outcome", "PASSED", "reference", "MOH-" + certificate))
                .post("/api/v1/applications/" + id + "/tasks/" + task + "/result").then().statusCode(200);

        JsonPath before = read("backoffice.kulob", id);
        String number = act(as("backoffice.kulob"), before, "approval", null).statusCode(200)
                .body("status", equalTo("REGISTERED")).extract().path("registration.registrationNumber");
        assertThat(number).startsWith("BIR-KHT02-");
        act(as("backoffice.kulob"), before, "approval", null).statusCode(412);
        act("backoffice.kulob", id, "approval", null).statusCode(409).body("code", equalTo("APPROVE_NOT_ALLOWED_WHEN_REGISTERED"));

        as("registrar.kulob").queryParam("registrationNumber", number).get("/api/v1/acts").then().statusCode(200)
                .body("details.child.givenName", equalTo("Фирдавс")).body("details.medicalCertificateNumber", equalTo(certificate))
                .body("details.mother.nationalId", equalTo(mother.get("nationalId")));
        assertThat(SystemStack.count("registry", "SELECT count(*) FROM act WHERE basis_document = '" + certificate + "'")).isEqualTo(1);
        // then CERTIFICATE_ISSUED, once the office has a blank (CertificateStoryTest follows that part)
        assertThat(read("registrar.kulob", id).getList("history.status", String.class))
                .startsWith("SUBMITTED", "ACCEPTED", "IN_REVIEW", "APPROVED", "REGISTERED");
    }

    @Test
    void a_marriage_returned_for_a_missing_document_waits_for_the_citizen_with_its_clock_stopped() {
        Map<String, Object> groom = person(nationalId(), "Каримов", "Рустам", "MALE", TODAY.minusYears(29));
        Map<String, Object> bride = person(nationalId(), "Назарова", "Нигина", "FEMALE", TODAY.minusYears(26));
        inRegistry(groom);
        inRegistry(bride);
        String citizen = (String) groom.get("nationalId");
        String id = portalFor(citizen).body(application("REGISTER_MARRIAGE", marriageForm(groom, bride)))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        act("registrar.kulob", id, "acceptance", Map.of("documentsSeen", MARRIAGE_DOCUMENTS)).statusCode(200);
        LocalDate deadline = LocalDate.parse(read("registrar.kulob", id).getString("deadline"));
        as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
        act("backoffice.kulob", id, "return", Map.of("reason", "The medical examination certificate has expired",
                "missingDocuments", List.of("MEDICAL_EXAMINATION"))).statusCode(200).body("status", equalTo("RETURNED"));
        JsonPath returned = portalFor(citizen).get("/api/v1/applications/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(returned.getString("nextStep")).contains("The medical examination certificate has expired");
        assertThat(returned.getList("actions", String.class)).contains("RESUBMIT", "CANCEL");

        // the citizen takes four days to bring the new certificate (the return is dated back; services keep real time)
        SystemStack.execute("applications", "UPDATE application SET returned_on = returned_on - 4 WHERE id = '" + id + "'");
        JsonPath resubmitted = act(portalFor(citizen), returned, "resubmission", Map.of("comment", "New certificate brought"))
                .statusCode(200).body("status", equalTo("ACCEPTED")).extract().jsonPath();
        int paused = resubmitted.getInt("pausedWorkingDays");
        assertThat(paused).isBetween(2, 4);
        assertThat(LocalDate.parse(resubmitted.getString("deadline"))).isAfter(deadline);
        assertThat(resubmitted.getBoolean("overdue")).isFalse();

        as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
        JsonPath review = act("backoffice.kulob", id, "review", null).statusCode(200).extract().jsonPath();
        assertThat(review.getList("tasks.status", String.class)).containsOnly("PASSED");
        act("backoffice.kulob", id, "approval", null).statusCode(200).body("status", equalTo("REGISTERED"))
                .body("registration.registrationNumber", startsWith("MAR-KHT02-"));
        portalFor(citizen).get("/api/v1/applications").then().statusCode(200).body("items.id", hasItem(id));
        portalFor((String) bride.get("nationalId")).get("/api/v1/applications/" + id).then().statusCode(200)
                .body("status", equalTo("REGISTERED"));
    }

    @Test
    void an_approval_the_registry_refuses_shows_its_code_and_stays_in_review() {
        Map<String, Object> groom = person(nationalId(), "Каримов", "Фаррух", "MALE", TODAY.minusYears(31));
        Map<String, Object> bride = person(nationalId(), "Назарова", "Зарина", "FEMALE", TODAY.minusYears(28));
        Map<String, Object> other = person(nationalId(), "Раҳимова", "Дилноза", "FEMALE", TODAY.minusYears(30));
        inRegistry(groom);
        inRegistry(bride);
        inRegistry(other);
        String id = portalFor((String) groom.get("nationalId")).body(application("REGISTER_MARRIAGE", marriageForm(groom, bride)))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        assertThat(intoReview(id, MARRIAGE_DOCUMENTS).getList("tasks.status", String.class)).containsOnly("PASSED");

        // meanwhile, at another counter, the groom marries someone else
        Map<String, Object> elsewhere = new HashMap<>(marriageForm(groom, other));
        elsewhere.put("type", "MARRIAGE");
        elsewhere.put("office", "KHT02");
        as("registrar.kulob").body(elsewhere).post("/api/v1/acts").then().statusCode(201);

        act("backoffice.kulob", id, "approval", null).statusCode(422).body("code", equalTo("MARRIAGE_SPOUSE_ALREADY_MARRIED"));
        JsonPath a = read("backoffice.kulob", id);
        assertThat(a.getString("status")).isEqualTo("IN_REVIEW");
        assertThat(a.getString("registryRefusal.code")).isEqualTo("MARRIAGE_SPOUSE_ALREADY_MARRIED");
        assertThat(a.getString("registryRefusal.detail")).isNotBlank();
    }

    @Test
    void with_the_registry_stopped_an_approved_marriage_is_registered_once_it_is_back() {
        Map<String, Object> groom = person(nationalId(), "Сафаров", "Бахтиёр", "MALE", TODAY.minusYears(33));
        Map<String, Object> bride = person(nationalId(), "Ҳакимова", "Шабнам", "FEMALE", TODAY.minusYears(30));
        inRegistry(groom);
        inRegistry(bride);
        String id = portalFor((String) groom.get("nationalId")).body(application("REGISTER_MARRIAGE", marriageForm(groom, bride)))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id");
        assertThat(intoReview(id, MARRIAGE_DOCUMENTS).getList("tasks.status", String.class)).containsOnly("PASSED");

        SystemStack.launcher().stopService("registry-service");
        try {
            act("backoffice.kulob", id, "approval", null).statusCode(202).body("status", equalTo("APPROVED"))
                    .body("registration.state", equalTo("PENDING"));
        } finally {
            SystemStack.launcher().startService("registry-service");
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(read("backoffice.kulob", id).getString("status")).isIn("REGISTERED", "CERTIFICATE_ISSUED"));
        JsonPath a = read("backoffice.kulob", id);
        assertThat(a.getInt("registration.attempts")).isGreaterThan(1);
        assertThat(SystemStack.count("registry", "SELECT count(*) FROM act_party p JOIN person s ON s.id = p.person_id "
                + "WHERE s.national_id = '" + groom.get("nationalId") + "' AND p.role = 'SPOUSE'")).isEqualTo(1);
    }
}
