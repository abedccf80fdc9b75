package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.sabt.registry.Registry.adoption;
import static org.sabt.registry.Registry.adult;
import static org.sabt.registry.Registry.basis;
import static org.sabt.registry.Registry.birth;
import static org.sabt.registry.Registry.death;
import static org.sabt.registry.Registry.divorce;
import static org.sabt.registry.Registry.marry;
import static org.sabt.registry.Registry.nameChange;
import static org.sabt.registry.Registry.paternity;
import static org.sabt.registry.Registry.person;
import static org.sabt.registry.Registry.ref;
import static org.sabt.registry.Registry.register;
import static org.sabt.registry.Registry.today;

/** What acts do to the person index and to other acts, in the same transaction; and how annulment undoes it. */
@QuarkusTest
@TestSecurity(user = "registrar.kulob", roles = {"registrar", "archivist", "supervisor"},
        attributes = @SecurityAttribute(key = "office", value = "KHT02"))
class ConsequencesTest {

    @Inject
    EntityManager em;

    @Test
    void a_death_makes_the_person_deceased_and_widows_the_spouse() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(5));
        String death = register(death(husband)).statusCode(201).extract().path("id");

        person(husband).body("status", equalTo("DECEASED")).body("dateOfDeath", equalTo(today().minusDays(1).toString()));
        person(wife).body("maritalStatus", equalTo("WIDOWED"))
                .body("links.find { it.relation == 'SPOUSE' }.endReason", equalTo("DEATH_OF_SPOUSE"));
        assertThat(events("sabt.person.deceased", husband)).isEqualTo(1);
        assertThat(events("sabt.act.registered", death)).isEqualTo(1);
    }

    @Test
    void a_divorce_dissolves_the_marriage() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(5));
        register(Registry.divorce(husband, wife, "MUTUAL_CONSENT")).statusCode(201)
                .body("details.marriageActId", org.hamcrest.Matchers.notNullValue());
        person(husband).body("maritalStatus", equalTo("DIVORCED"));
        person(wife).body("maritalStatus", equalTo("DIVORCED")).body("links.find { it.relation == 'SPOUSE' }.endReason",
                equalTo("DIVORCE"));
    }

    @Test
    void a_marriage_can_change_a_surname_and_says_so() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        Map<String, Object> marriage = Registry.marriage(husband, wife, today());
        marriage.put("surnameAfterMarriage2", "Шарифзода");
        register(marriage).statusCode(201);
        person(wife).body("surname", equalTo("Шарифзода")).body("latin.surname", equalTo("Sharifzoda"))
                .body("maritalStatus", equalTo("MARRIED"));
        assertThat(events("sabt.person.name-changed", wife)).isEqualTo(1);
    }

    @Test
    void an_adoption_amends_the_birth_record_and_seals_the_original() {
        String mother = adult("Гулнора", "FEMALE");
        String child = Registry.childOf(mother, null, "Фирдавс", today().minusYears(3));
        String birthAct = person(child).extract().path("birthActId");
        String adopter = adult("Фарҳод", "MALE", today().minusYears(40));
        String adoption = register(adoption(child, List.of(adopter))).statusCode(201).extract().path("id");

        given().when().get("/api/v1/acts/" + birthAct).then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("details.child.surname", equalTo("Каримзода"))
                .body("details.father.personId", equalTo(adopter))
                .body("details.fatherBasis", equalTo("ADOPTION"));
        assertThat(events("sabt.act.amended", birthAct)).isEqualTo(1);
        person(child).body("surname", equalTo("Каримзода")).body("links.relation", hasItem("ADOPTER"));

        // An archivist must say why; they see the sealed original, audited as READ_SEALED.
        given().when().get("/api/v1/acts/" + birthAct + "/versions").then().statusCode(400).body("code", equalTo("REASON_REQUIRED"));
        given().header("X-Reason", "court request 2-77/2026").when().get("/api/v1/acts/" + birthAct + "/versions")
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].sealed", equalTo(true)).body("[0].details.mother.personId", equalTo(mother))
                .body("[1].causedByAct", equalTo(adoption)).body("[1].basisDocument.kind", equalTo("COURT_DECISION"));
        assertThat(count("SELECT count(*) FROM audit_log WHERE record_id = ?1 AND action = 'READ_SEALED'", birthAct)).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void no_one_but_an_archivist_reads_a_sealed_version_or_the_sealed_links() {
        var birth = register(birth(person("Раҳимзода", "Гулнора", "FEMALE", today().minusYears(30)), today().minusDays(5)))
                .statusCode(201).extract();
        String birthAct = birth.path("id");
        String child = birth.path("details.child.personId");
        String mother = birth.path("details.mother.personId");
        Map<String, Object> adoption = adoption(child, List.of());
        adoption.put("adopters", List.of(person("Каримзода", "Фарҳод", "MALE", today().minusYears(40))));
        register(adoption).statusCode(201);

        given().when().get("/api/v1/acts/" + birthAct + "/versions").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].version", equalTo(2)).body("[0].sealed", equalTo(false));
        person(child).body("links.personId", not(hasItem(mother)));
        person(mother).body("links.personId", not(hasItem(child)));
    }

    @Test
    void a_paternity_act_amends_the_birth_record() {
        String child = Registry.childOf(adult("Мадина", "FEMALE"), null, "Фирдавс", today().minusYears(1));
        String father = adult("Рустам", "MALE");
        String birthAct = person(child).extract().path("birthActId");
        String paternity = register(paternity(child, father)).statusCode(201).extract().path("id");
        given().when().get("/api/v1/acts/" + birthAct).then().statusCode(200)
                .body("version", equalTo(2))
                .body("details.father.personId", equalTo(father))
                .body("details.fatherBasis", equalTo("PATERNITY_ACT"))
                .body("details.child.patronymic", equalTo("Рустамович"));
        person(child).body("patronymic", equalTo("Рустамович"))
                .body("links.find { it.personId == '%s' }.relation".formatted(father), equalTo("PARENT"));
        person(father).body("acts.actId", hasItem(paternity));
    }

    @Test
    void a_name_change_amends_the_birth_record_and_the_active_marriage_record() {
        String husband = adult("Рустам", "MALE");
        String marriage = marry(husband, adult("Мадина", "FEMALE"), today().minusYears(2));
        String birthAct = person(husband).extract().path("birthActId");
        String change = register(nameChange(husband, "Султонзода")).statusCode(201)
                .body("details.person.surname", equalTo("Раҳимзода")).extract().path("id");

        given().when().get("/api/v1/acts/" + birthAct).then().body("version", equalTo(2))
                .body("details.child.surname", equalTo("Султонзода"))
                .body("details.child.latin.surname", equalTo("Sultonzoda"));
        given().when().get("/api/v1/acts/" + marriage).then().body("version", equalTo(2))
                .body("details.spouse1.surname", equalTo("Султонзода"));
        person(husband).body("surname", equalTo("Султонзода"));
        assertThat(events("sabt.act.amended", birthAct)).isEqualTo(1);
        assertThat(events("sabt.act.amended", marriage)).isEqualTo(1);
        assertThat(events("sabt.person.name-changed", husband)).isEqualTo(1);

        // Annulled: the names come back, both records are reverted by new versions.
        annul(change).statusCode(200).body("status", equalTo("ANNULLED")).body("version", equalTo(2));
        person(husband).body("surname", equalTo("Раҳимзода"));
        given().when().get("/api/v1/acts/" + birthAct).then().body("version", equalTo(3))
                .body("details.child.surname", equalTo("Раҳимзода"));
        assertThat(events("sabt.act.annulled", change)).isEqualTo(1);
    }

    @Test
    void annulling_a_death_brings_the_person_back_and_the_marriage_it_ended() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(5));
        String death = register(death(husband)).statusCode(201).extract().path("id");
        annul(death).statusCode(200);
        person(husband).body("status", equalTo("ALIVE")).body("maritalStatus", equalTo("MARRIED"));
        person(wife).body("maritalStatus", equalTo("MARRIED"));
        annul(death).statusCode(409).body("code", equalTo("ACT_ANNULLED"));
    }

    @Test
    void annulling_a_marriage_leaves_both_single() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        String marriage = marry(husband, wife, today().minusYears(1));
        annul(marriage).statusCode(200);
        person(husband).body("maritalStatus", equalTo("SINGLE"));
        person(wife).body("maritalStatus", equalTo("SINGLE"));
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void only_a_supervisor_annuls() {
        String birthAct = register(birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(28)), today().minusDays(1)))
                .statusCode(201).extract().path("id");
        annul(birthAct).statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void an_amendment_needs_the_version_read_and_a_stale_one_gets_412() {
        Map<String, Object> act = birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(28)), today().minusDays(1));
        var created = register(act).statusCode(201).extract();
        String id = created.path("id");
        Map<String, Object> details = created.path("details");
        @SuppressWarnings("unchecked")
        Map<String, Object> child = new java.util.HashMap<>((Map<String, Object>) details.get("child"));
        child.put("givenName", "Фарҳод");
        Map<String, Object> corrected = new java.util.HashMap<>(details);
        corrected.put("child", child);
        Map<String, Object> amendment = Map.of("reason", "Spelling of the child's name", "basisDocument",
                basis("APPLICATION", "ИЗ-1"), "details", corrected);

        amend(id, null, amendment).statusCode(428).body("code", equalTo("IF_MATCH_REQUIRED"));
        amend(id, "\"1\"", amendment).statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2))
                .body("details.child.givenName", equalTo("Фарҳод"));
        amend(id, "\"1\"", amendment).statusCode(412).body("code", equalTo("VERSION_MISMATCH"));
        person((String) child.get("personId")).body("givenName", equalTo("Фарҳод")).body("latin.givenName", equalTo("Farhod"));

        given().header("X-Reason", "audit").when().get("/api/v1/acts/" + id + "/versions").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].change", equalTo("REGISTERED")).body("[0].details.child.givenName", equalTo("Фирдавс"))
                .body("[1].change", equalTo("AMENDED")).body("[1].reason", equalTo("Spelling of the child's name"))
                .body("[1].changedBy", equalTo("registrar.kulob")).body("[1].basisDocument.number", equalTo("ИЗ-1"));
        assertThat(events("sabt.act.amended", id)).isEqualTo(1);
    }

    @Test
    void an_amendment_keeps_the_persons_of_the_act() {
        var created = register(birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(28)), today().minusDays(1)))
                .statusCode(201).extract();
        Map<String, Object> details = new java.util.HashMap<>(created.path("details"));
        details.put("mother", ref(adult("Нигина", "FEMALE")));
        long before = count("SELECT count(*) FROM act_version WHERE act_id = CAST(?1 AS uuid)", created.path("id"));
        amend(created.path("id"), "\"1\"", Map.of("reason", "swap", "basisDocument", basis("OTHER", "X"), "details", details))
                .statusCode(422).body("code", equalTo("AMENDMENT_CHANGES_PERSONS"));
        assertThat(count("SELECT count(*) FROM act_version WHERE act_id = CAST(?1 AS uuid)", created.path("id"))).isEqualTo(before);
    }

    @Test
    void a_correction_keeps_what_the_registry_derived() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        String marriage = marry(husband, wife, today().minusYears(5));
        var divorce = register(divorce(husband, wife, "COURT_DECISION")).statusCode(201).extract();
        Map<String, Object> corrected = new java.util.HashMap<>(divorce.path("details"));
        corrected.put("marriageActId", java.util.UUID.randomUUID().toString());
        corrected.put("surnameAfterDivorce2", "Шарифзода");
        amend(divorce.path("id"), "\"1\"", Map.of("reason", "surname after divorce omitted", "basisDocument",
                basis("APPLICATION", "ИЗ-2"), "details", corrected))
                .statusCode(200).body("details.marriageActId", equalTo(marriage))
                .body("details.surnameAfterDivorce2", equalTo("Шарифзода"));
    }

    @Test
    void a_birth_record_restored_for_someone_already_in_the_index_becomes_theirs() {
        String nationalId = String.valueOf(2_000_000_000L + Math.floorMod(System.nanoTime(), 999_999_999L));
        Map<String, Object> bride = new java.util.HashMap<>(person("Шарифзода", "Нигина", "FEMALE", today().minusYears(27)));
        bride.put("nationalId", nationalId);
        Map<String, Object> marriage = Registry.marriage(adult("Рустам", "MALE"), adult("Рустам", "MALE"), today());
        marriage.put("spouse2", bride);
        String wife = register(marriage).statusCode(201).extract().path("details.spouse2.personId");
        person(wife).body("birthActId", org.hamcrest.Matchers.nullValue());

        Map<String, Object> child = new java.util.HashMap<>(person("Шарифова", "Нигина", "FEMALE", today().minusYears(27)));
        child.put("nationalId", nationalId);
        String birthAct = Registry.restoreBirth(child, person("Шарифова", "Зарина", "FEMALE", today().minusYears(50)), null)
                .statusCode(201).body("details.child.personId", equalTo(wife))
                .body("details.child.surname", equalTo("Шарифова")).extract().path("id");
        person(wife).body("birthActId", equalTo(birthAct)).body("maritalStatus", equalTo("MARRIED"))
                .body("surname", equalTo("Шарифзода"))
                .body("links.relation", hasItem("PARENT"));
    }

    @Test
    void a_restored_paper_record_keeps_its_number_and_date() {
        String number = "P-" + System.nanoTime();
        String id = Registry.post("/api/v1/acts/restorations", Map.of("paperRegistrationNumber", number,
                        "registrationDate", "1994-05-12", "act", Map.of("type", "BIRTH", "office", "KHT02",
                                "child", person("Раҳимов", "Рустам", "MALE", java.time.LocalDate.parse("1994-05-02")),
                                "mother", person("Раҳимова", "Гулнора", "FEMALE", java.time.LocalDate.parse("1970-01-15")))))
                .statusCode(201)
                .body("registrationNumber", equalTo(number)).body("registrationDate", equalTo("1994-05-12"))
                .body("restored", equalTo(true)).extract().path("id");
        given().queryParam("registrationNumber", number).when().get("/api/v1/acts").then().statusCode(200).body("id", equalTo(id));
        Registry.post("/api/v1/acts/restorations", Map.of("paperRegistrationNumber", number, "registrationDate", "1994-05-12",
                        "act", Map.of("type", "BIRTH", "office", "KHT02",
                                "child", person("Раҳимов", "Фарҳод", "MALE", java.time.LocalDate.parse("1994-05-03")),
                                "mother", person("Раҳимова", "Гулнора", "FEMALE", java.time.LocalDate.parse("1970-01-15")))))
                .statusCode(409).body("code", equalTo("REGISTRATION_NUMBER_TAKEN"));
    }

    @Test
    void a_divorce_annulled_restores_the_marriage_unless_a_spouse_remarried() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(5));
        String divorce = register(divorce(husband, wife, "COURT_DECISION")).statusCode(201).extract().path("id");
        marry(husband, adult("Нигина", "FEMALE"), today());
        annul(divorce).statusCode(409).body("code", equalTo("ANNULMENT_BLOCKED_BY_LATER_MARRIAGE"));
        person(wife).body("maritalStatus", equalTo("DIVORCED"));
    }

    @Test
    void every_event_the_registry_wrote_matches_its_schema() throws Exception {
        // Make at least one of each kind, then check every event of the registry's types written since.
        java.time.Instant since = QuarkusTransaction.requiringNew().call(() ->
                (java.time.Instant) em.createNativeQuery("SELECT now()").getSingleResult());
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        String marriage = marry(husband, wife, today().minusYears(3));
        register(birth(ref(wife), today().minusDays(2))).statusCode(201);
        register(nameChange(wife, "Шарифзода")).statusCode(201);
        register(divorce(husband, wife, "COURT_DECISION")).statusCode(201);
        register(death(husband)).statusCode(201);
        annul(marriage).statusCode(200);
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT event_type, CAST(payload AS text) FROM outbox WHERE event_type IN (?1) AND occurred_at >= ?2")
                .setParameter(1, EventSchemas.types()).setParameter(2, since).getResultList());
        assertThat(rows.stream().map(r -> (String) r[0]).distinct()).containsExactlyInAnyOrderElementsOf(EventSchemas.types());
        for (Object[] row : rows) {
            assertThat(EventSchemas.problems((String) row[0], (String) row[1])).as("%s %s", row[0], row[1]).isEmpty();
        }
    }

    static io.restassured.response.ValidatableResponse annul(String act) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", "declared void by the court",
                "courtDecision", basis("COURT_DECISION", "2-1312/2026"))).when().post("/api/v1/acts/" + act + "/annulment").then();
    }

    static io.restassured.response.ValidatableResponse amend(String act, String ifMatch, Object body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().post("/api/v1/acts/" + act + "/amendments").then();
    }

    private long events(String type, String aggregate) {
        return count("SELECT count(*) FROM outbox WHERE event_type = '" + type + "' AND aggregate_id = ?1", aggregate);
    }

    private long count(String sql, String param) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery(sql).setParameter(1, param).getSingleResult()).longValue());
    }
}
