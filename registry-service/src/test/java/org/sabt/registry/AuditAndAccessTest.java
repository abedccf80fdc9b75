package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.person.Person;
import org.sabt.registry.person.PersonIndex;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** Who may read what: the audit API for auditors, a person's record for staff (audited) and for the citizen it is about. */
@QuarkusTest
class AuditAndAccessTest {

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    PersonIndex index;

    /** A person restored directly (as an archivist would), with a national id, and a read of them by staff. */
    private String personWithNationalId(String nationalId) {
        var created = given().contentType("application/json").body(Map.of("paperRegistrationNumber", "P-" + UUID.randomUUID(),
                        "registrationDate", "1995-07-10", "act", Map.of("type", "BIRTH", "office", "KHT02",
                                "child", Map.of("surname", "Раҳимов", "givenName", "Рустам", "sex", "MALE", "birthDate", "1995-07-02",
                                        "nationalId", nationalId),
                                "mother", Registry.person("Раҳимова", "Гулнора", "FEMALE", LocalDate.parse("1971-01-15")))))
                .when().post("/api/v1/acts/restorations").then().statusCode(201);
        return created.extract().path("details.child.personId");
    }

    @Test
    @TestSecurity(user = "archivist", roles = {"archivist"}, attributes = @SecurityAttribute(key = "office", value = "*"))
    void a_staff_read_of_a_person_is_audited_with_office_reason_request_and_x_road() {
        String person = personWithNationalId(nationalId());
        given().header("X-Reason", "checking a marriage application").header("X-Request-Id", "req-audit-1")
                .header("X-Road-Client", "TJ/GOV/70000001/portal")
                .when().get("/api/v1/persons/" + person).then().statusCode(200).body("status", equalTo("ALIVE"));
        var rows = QuarkusTransaction.requiringNew().call(() -> audit.forRecord(person, null, 10));
        org.assertj.core.api.Assertions.assertThat(rows).anySatisfy(r -> {
            org.assertj.core.api.Assertions.assertThat(r.action()).isEqualTo("READ");
            org.assertj.core.api.Assertions.assertThat(r.actor()).isEqualTo("archivist");
            org.assertj.core.api.Assertions.assertThat(r.actorOffice()).isEqualTo("*");
            org.assertj.core.api.Assertions.assertThat(r.reason()).isEqualTo("checking a marriage application");
            org.assertj.core.api.Assertions.assertThat(r.requestId()).isEqualTo("req-audit-1");
            org.assertj.core.api.Assertions.assertThat(r.xRoad()).contains("X-Road-Client=TJ/GOV/70000001/portal");
        });
    }

    @Test
    @TestSecurity(user = "auditor", roles = "auditor", attributes = @SecurityAttribute(key = "office", value = "*"))
    void an_auditor_reads_who_did_what_to_a_record() {
        String record = UUID.randomUUID().toString();
        Caller registrar = new Caller("s", "registrar.kulob", Caller.Kind.USER, Set.of("registrar"), "KHT02", null);
        QuarkusTransaction.requiringNew().run(() -> {
            audit.append(registrar, new AuditLog.Entry("REGISTER", "ACT", record, "counter"));
            audit.append(registrar, new AuditLog.Entry("READ", "ACT", record, "check"));
            audit.append(registrar, new AuditLog.Entry("AMEND", "ACT", record, "typo"));
        });
        // Written without a lock, chained by the sealer after commit: the hash shows within moments.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().queryParam("recordId", record).queryParam("limit", 2).when().get("/api/v1/audit").then()
                        .statusCode(200).body("items[0].hash", notNullValue()).body("items[0].prevHash", notNullValue()));
        String next = given().queryParam("recordId", record).queryParam("limit", 2).when().get("/api/v1/audit").then()
                .statusCode(200).body("items.size()", equalTo(2)).body("items[0].action", equalTo("AMEND"))
                .body("items[0].actorOffice", equalTo("KHT02")).body("items[0].hash", notNullValue())
                .extract().path("nextCursor");
        given().queryParam("recordId", record).queryParam("cursor", next).when().get("/api/v1/audit").then()
                .statusCode(200).body("items.action", hasItems("REGISTER")).body("items.size()", equalTo(1));
        given().when().get("/api/v1/audit").then().statusCode(400).body("code", equalTo("RECORD_ID_REQUIRED"));
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_registrar_cannot_read_the_audit() {
        given().queryParam("recordId", "x").when().get("/api/v1/audit").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    @TestSecurity(user = "citizen.rustam", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "1000000002"))
    void a_citizen_reads_only_their_own_record() {
        String own = QuarkusTransaction.requiringNew().call(() -> Person.findByNationalId("1000000002")
                .orElseGet(() -> index.enter(new PersonDetails(null, "Раҳимов", "Рустам", null, null, Sex.MALE,
                        LocalDate.parse("1995-07-02"), null, "TJK", "1000000002"), null)).id.toString());
        String someoneElse = QuarkusTransaction.requiringNew().call(() -> index.enter(new PersonDetails(null, "Шарифзода",
                "Нигина", null, null, Sex.FEMALE, LocalDate.parse("1999-02-11"), null, "TJK", null), null).id.toString());
        given().when().get("/api/v1/persons/" + own).then().statusCode(200).body("nationalId", equalTo("1000000002"));
        given().when().get("/api/v1/persons/" + someoneElse).then().statusCode(404).body("code", equalTo("PERSON_NOT_FOUND"));
    }

    private static String nationalId() {
        return String.valueOf(1_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 8_999_999_999L));
    }
}
