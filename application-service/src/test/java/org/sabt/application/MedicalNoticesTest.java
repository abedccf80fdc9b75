package org.sabt.application;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sabt.application.health.FhirNotices;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.sabt.application.Desk.BIRTH_DOCUMENTS;
import static org.sabt.application.Desk.HEALTH;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.as;
import static org.sabt.application.Desk.intoReview;

/**
 * The health ministry's notices, in our JSON and as FHIR R4 documents built and read with HAPI FHIR: received once,
 * corrected, matched to the applications that cite their certificate (whose check passes by itself), refused with a
 * code when they are not FHIR, lack what they need or contradict themselves, and listed for outreach when nobody
 * applies.
 */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class MedicalNoticesTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String FHIR_JSON = "application/fhir+json; charset=UTF-8";

    @Inject
    Database db;
    @Inject
    MovableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        FakeRegistry.reset();
    }

    private static Map<String, Object> jsonBirth(String noticeId, String certificate, String motherId, int grams) {
        return new HashMap<>(Map.of("noticeId", noticeId, "kind", "LIVE_BIRTH", "medicalCertificateNumber", certificate,
                "facility", Map.of("code", "KHT-RB1", "name", "Роддоми шаҳри Кӯлоб"), "office", "KHT02",
                "date", LocalDate.now().minusDays(1).toString(),
                "mother", Map.of("nationalId", motherId, "surname", "Раҳимзода", "givenName", "Мадина"),
                "child", Map.of("sex", "MALE", "weightGrams", grams)));
    }

    /** A FHIR birth document as a ministry's system makes it, built with HAPI's model and serialised by HAPI. */
    private static String fhirBirth(String noticeId, String certificate, String motherId, Bundle.BundleType type,
                                    boolean withMother, boolean deadChild) {
        Bundle bundle = new Bundle().setType(type).setIdentifier(new Identifier().setSystem("https://moh.tj/notices").setValue(noticeId));
        Organization facility = new Organization().setName("Роддоми шаҳри Кӯлоб");
        facility.setId("facility");
        facility.addIdentifier().setSystem(FhirNotices.FACILITY).setValue("KHT-RB1");
        facility.addIdentifier().setSystem(FhirNotices.OFFICE).setValue("KHT02");
        Patient child = new Patient().setGender(Enumerations.AdministrativeGender.FEMALE)
                .setBirthDateElement(new DateType(LocalDate.now().minusDays(2).toString()));
        child.setId("child");
        if (deadChild) {
            child.setDeceased(new BooleanType(true));
        }
        RelatedPerson mother = new RelatedPerson().setPatient(new Reference("Patient/child"));
        mother.setId("mother");
        mother.addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("MTH");
        mother.addIdentifier().setSystem(FhirNotices.NATIONAL_ID).setValue(motherId);
        mother.addName().setFamily("Раҳимзода").addGiven("Мадина").addGiven("Каримовна");
        Observation weight = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/child"))
                .setValue(new Quantity().setValue(3150).setUnit("g").setSystem("http://unitsofmeasure.org").setCode("g"));
        weight.setId("weight");
        weight.getCode().addCoding().setSystem("http://loinc.org").setCode("8339-4");
        Composition composition = new Composition().setStatus(Composition.CompositionStatus.FINAL).setDate(new Date())
                .setTitle("Birth notice").setIdentifier(new Identifier().setSystem("https://moh.tj/certificates").setValue(certificate))
                .setCustodian(new Reference("Organization/facility"));
        composition.setId("composition");
        composition.getType().addCoding().setSystem("http://loinc.org").setCode("71230-7");
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(composition);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(facility);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(child);
        if (withMother) {
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(mother);
        }
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(weight);
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    private static String medicalCheck(String applicationId) {
        return Desk.read(REGISTRAR, applicationId).getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }.status");
    }

    @Test
    void a_json_notice_is_received_once_corrected_and_passes_the_check_of_the_application_citing_it() {
        String certificate = Desk.unique("MBC");
        String id = Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, certificate), MADINA_ID);
        intoReview(id, BIRTH_DOCUMENTS);
        assertThat(medicalCheck(id)).isEqualTo("OPEN");

        String noticeId = Desk.unique("MOH");
        as(HEALTH).body(jsonBirth(noticeId, certificate, MADINA_ID, 3400)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("outcome", equalTo("CREATED")).body("notice.applicationId", equalTo(id));
        as(HEALTH).body(jsonBirth(noticeId, certificate, MADINA_ID, 3400)).post("/api/v1/medical-notices").then()
                .statusCode(200).body("outcome", equalTo("UNCHANGED")).body("notice.corrections", equalTo(0));
        assertThat(medicalCheck(id)).isEqualTo("PASSED");
        assertThat(Desk.read(REGISTRAR, id).getString("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }.reference"))
                .isEqualTo(noticeId);

        as(HEALTH).body(jsonBirth(noticeId, certificate, MADINA_ID, 3350)).post("/api/v1/medical-notices").then()
                .statusCode(200).body("outcome", equalTo("CORRECTED")).body("notice.corrections", equalTo(1))
                .body("notice.weightGrams", equalTo(3350));
        assertThat(db.count("SELECT count(*) FROM medical_notice WHERE notice_id = ?1", noticeId)).isEqualTo(1);
    }

    @Test
    void a_fhir_document_read_with_hapi_passes_the_check_of_an_application_reviewed_later() {
        String certificate = Desk.unique("MBC");
        String noticeId = Desk.unique("MOH");
        JsonPath received = as(HEALTH).contentType(FHIR_JSON)
                .body(fhirBirth(noticeId, certificate, MADINA_ID, Bundle.BundleType.DOCUMENT, true, false))
                .post("/api/v1/medical-notices").then().statusCode(201).extract().jsonPath();
        assertThat(received.getString("notice.format")).isEqualTo("FHIR");
        assertThat(received.getString("notice.kind")).isEqualTo("LIVE_BIRTH");
        assertThat(received.getString("notice.medicalCertificateNumber")).isEqualTo(certificate);
        assertThat(received.getString("notice.office")).isEqualTo("KHT02");
        assertThat(received.getString("notice.facilityCode")).isEqualTo("KHT-RB1");
        assertThat(received.getString("notice.subjectNationalId")).isEqualTo(MADINA_ID);
        assertThat(received.getString("notice.subjectName")).isEqualTo("Раҳимзода Мадина Каримовна");
        assertThat(received.getString("notice.childSex")).isEqualTo("FEMALE");
        assertThat(received.getInt("notice.weightGrams")).isEqualTo(3150);

        String id = Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, certificate), MADINA_ID);
        intoReview(id, BIRTH_DOCUMENTS);
        assertThat(medicalCheck(id)).as("passed at once by the notice that came first").isEqualTo("PASSED");
    }

    @Test
    void documents_that_are_not_fhir_lack_what_they_need_or_contradict_themselves_are_refused_and_nothing_is_kept() {
        long before = db.count("SELECT count(*) FROM medical_notice");
        as(HEALTH).contentType(FHIR_JSON).body("{not json").post("/api/v1/medical-notices").then().statusCode(400)
                .body("code", equalTo("FHIR_INVALID"));
        as(HEALTH).contentType(FHIR_JSON).body("{\"resourceType\":\"Patient\",\"gender\":\"female\"}")
                .post("/api/v1/medical-notices").then().statusCode(400).body("code", equalTo("FHIR_INVALID"));
        as(HEALTH).contentType(FHIR_JSON).body(fhirBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID,
                Bundle.BundleType.COLLECTION, true, false)).post("/api/v1/medical-notices").then().statusCode(422)
                .body("code", equalTo("FHIR_NOT_A_DOCUMENT"));
        as(HEALTH).contentType(FHIR_JSON).body(fhirBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID,
                Bundle.BundleType.DOCUMENT, false, false)).post("/api/v1/medical-notices").then().statusCode(422)
                .body("code", equalTo("FHIR_RESOURCE_MISSING"));
        as(HEALTH).contentType(FHIR_JSON).body(fhirBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID,
                Bundle.BundleType.DOCUMENT, true, true)).post("/api/v1/medical-notices").then().statusCode(422)
                .body("code", equalTo("FHIR_CONTRADICTORY"));
        Map<String, Object> future = jsonBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID, 3000);
        future.put("date", LocalDate.now().plusDays(3).toString());
        as(HEALTH).body(future).post("/api/v1/medical-notices").then().statusCode(422).body("code", equalTo("NOTICE_DATE_IN_FUTURE"));
        Map<String, Object> noMother = jsonBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID, 3000);
        noMother.remove("mother");
        as(HEALTH).body(noMother).post("/api/v1/medical-notices").then().statusCode(422).body("code", equalTo("NOTICE_INCOMPLETE"));
        as(REGISTRAR).body(jsonBirth(Desk.unique("MOH"), Desk.unique("MBC"), MADINA_ID, 3000)).post("/api/v1/medical-notices")
                .then().statusCode(403);
        assertThat(db.count("SELECT count(*) FROM medical_notice")).isEqualTo(before);
    }

    @Test
    void a_notice_for_a_mother_the_registry_has_never_seen_is_kept_and_listed_for_the_office() {
        String stranger = String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
        String unknown = Desk.unique("MOH");
        as(HEALTH).body(jsonBirth(unknown, Desk.unique("MBC"), stranger, 3000)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.subjectKnown", equalTo(false));
        String known = Desk.unique("MOH");
        as(HEALTH).body(jsonBirth(known, Desk.unique("MBC"), MADINA_ID, 3000)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.subjectKnown", equalTo(true));
        as(Desk.BACK_OFFICE).queryParam("unknownSubject", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.noticeId", hasItem(unknown)).body("items.noticeId", not(hasItem(known)));
        as(Desk.BACK_OFFICE).get("/api/v1/medical-notices").then().statusCode(400).body("code", equalTo("LIST_REQUIRED"));

        // The registry down: the notice is kept all the same, its mother neither known nor unknown.
        FakeRegistry.mode = FakeRegistry.Mode.DOWN;
        as(HEALTH).body(jsonBirth(Desk.unique("MOH"), Desk.unique("MBC"), stranger, 3000)).post("/api/v1/medical-notices").then()
                .statusCode(201).body("notice.subjectKnown", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void a_birth_nobody_applied_for_reaches_the_office_s_outreach_list_after_a_week_and_leaves_it_once_applied_for() {
        String certificate = Desk.unique("MBC");
        String noticeId = Desk.unique("MOH");
        as(HEALTH).body(jsonBirth(noticeId, certificate, MADINA_ID, 3200)).post("/api/v1/medical-notices").then().statusCode(201);
        as(Desk.BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.noticeId", not(hasItem(noticeId)));

        clock.advance(Duration.ofDays(8));
        as(Desk.BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.noticeId", hasItem(noticeId));
        as(Desk.OTHER_OFFICE_BACK_OFFICE).queryParam("unmatched", true).queryParam("office", "KHT02").get("/api/v1/medical-notices")
                .then().statusCode(403).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        as(Desk.BACK_OFFICE).queryParam("unmatched", true).queryParam("olderThan", "soon").get("/api/v1/medical-notices")
                .then().statusCode(400).body("code", equalTo("OLDER_THAN_INVALID"));

        Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, certificate), MADINA_ID);
        as(Desk.BACK_OFFICE).queryParam("unmatched", true).queryParam("limit", 100).get("/api/v1/medical-notices").then()
                .statusCode(200).body("items.noticeId", not(hasItem(noticeId)));
    }
}
