package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.person.Person;
import org.sabt.registry.person.PersonIndex;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.sabt.registry.Registry.person;

/**
 * Finding people by any spelling, refusing details that contradict the index, holding potential duplicates for the
 * back office, and the citizen's view of who looked at their record. Each test makes people of its own (a birth date
 * no other test uses), so the suite can run on a registry that already holds many people of the same names.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchAndDuplicatesTest {

    /** A birth date no other run of this test has used: the test's people are then the only ones born that day. */
    private static final LocalDate BORN = LocalDate.of(1960, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 14_000L));
    private static final String NATIONAL_ID = Registry.nationalId();
    private static String mehrangez;
    /** The citizen whose access log is read (a fixed id: the test identity's claim is a constant). */
    static final String WATCHED = "1000000077";

    @Inject
    PersonIndex index;

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static Map<String, Object> birth(Map<String, Object> child, Map<String, Object> mother, String certificate) {
        return Map.of("type", "BIRTH", "office", Registry.OFFICE, "child", child, "mother", mother,
                "medicalCertificateNumber", certificate);
    }

    @Test
    @Order(1)
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "registrar"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_person_is_found_by_national_id_and_by_name_in_any_script_and_spelling() {
        Map<String, Object> her = person("Ҳасанзода", "Меҳрангез", "FEMALE", BORN);
        her.put("patronymic", "Ҷамшедовна");
        her.put("nationalId", NATIONAL_ID);
        her.put("placeOfBirth", "Кӯлоб");
        mehrangez = Registry.restoreBirth(her, person("Ҳасанова", "Ҷамила", "FEMALE", BORN.minusYears(24)), null)
                .statusCode(201).extract().path("details.child.personId");

        given().queryParam("nationalId", NATIONAL_ID).header("X-Reason", "counter").when().get("/api/v1/persons")
                .then().statusCode(200).body("items[0].personId", equalTo(mehrangez))
                .body("items[0].parents", hasItem("Ҳасанова Ҷамила"))
                .body("items[0].fields[0].field", equalTo("NATIONAL_ID"));

        for (String spelling : List.of("Ҳасанзода Меҳрангез", "Hasanzoda Mehrangez", "Khasanzade Mekhrangez",
                "Хасанова Мехрангез", "Меҳрангез Ҳасанӣ", "Mehrangez Hasanzoda Jamshedovna", "Ҳасанзода Меҳрангзе",
                "Хасанзода Мехрангез Джамшедовна", "Ҳасназода Меҳрагнез", "Меҳрангез Ҷамшедовна")) {
            given().queryParam("q", spelling).queryParam("birthYear", BORN.getYear()).when().get("/api/v1/persons")
                    .then().statusCode(200).body("items.personId", hasItem(mehrangez));
        }
        given().queryParam("q", "Mehrangez Hasanzoda").queryParam("birthDate", BORN.plusDays(2).toString())
                .when().get("/api/v1/persons").then().statusCode(200)
                .body("items[0].personId", equalTo(mehrangez))
                .body("items[0].fields.field", hasItems("SURNAME", "GIVEN_NAME", "BIRTH_DATE"))
                .body("items[0].latin.surname", equalTo("Hasanzoda"));
        given().queryParam("q", "Назарова Мунира").queryParam("birthDate", BORN.toString())
                .when().get("/api/v1/persons").then().statusCode(200).body("items.personId", not(hasItem(mehrangez)));
    }

    /** A name no one had: its keys join the vocabulary with the registration, so its misspellings find it at once. */
    @Test
    @Order(2)
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "registrar"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_name_new_to_the_registry_is_found_by_its_misspellings_at_once() {
        String surname = "Зарафшонзода" + Registry.nationalId().substring(4, 8).chars()
                .mapToObj(c -> String.valueOf((char) ('а' + c - '0'))).reduce("", String::concat);
        Map<String, Object> child = person(surname, "Гулбаҳоршо", "FEMALE", BORN);
        child.put("patronymic", "Фирдавсовна");
        String id = Registry.restoreBirth(child, person("Зарафшонова", "Гулчеҳра", "FEMALE", BORN.minusYears(22)), null)
                .statusCode(201).extract().path("details.child.personId");
        String misspelt = surname.substring(0, 3) + surname.charAt(4) + surname.charAt(3) + surname.substring(5);
        for (String spelling : List.of(misspelt + " Гулбаҳрошо", "Гулбахоршо Фирдавсовна", misspelt)) {
            given().queryParam("q", spelling).queryParam("birthDate", BORN.toString()).when().get("/api/v1/persons")
                    .then().statusCode(200).body("items.personId", hasItem(id));
        }
    }

    @Test
    @Order(3)
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_search_needs_a_query_and_pages_by_its_cursor() {
        given().when().get("/api/v1/persons").then().statusCode(400).body("code", equalTo("SEARCH_QUERY_REQUIRED"));
        given().queryParam("nationalId", "12ab").when().get("/api/v1/persons").then().statusCode(400)
                .body("code", equalTo("NATIONAL_ID_INVALID"));
        given().queryParam("q", "Ҳасанзода").queryParam("cursor", "nonsense").when().get("/api/v1/persons")
                .then().statusCode(400).body("code", equalTo("CURSOR_INVALID"));
        String cursor = given().queryParam("q", "Ҳасанзода").queryParam("limit", 1).when().get("/api/v1/persons")
                .then().statusCode(200).body("items.size()", equalTo(1)).extract().path("nextCursor");
        if (cursor != null) {
            String first = given().queryParam("q", "Ҳасанзода").queryParam("limit", 1).when().get("/api/v1/persons")
                    .then().extract().path("items[0].personId");
            given().queryParam("q", "Ҳасанзода").queryParam("limit", 1).queryParam("cursor", cursor)
                    .when().get("/api/v1/persons").then().statusCode(200).body("items.personId", not(hasItem(first)));
        }
    }

    @Test
    @Order(4)
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_person_named_by_national_id_with_other_details_is_refused_field_by_field() {
        Map<String, Object> someoneElse = person("Алиева", "Нилуфар", "FEMALE", LocalDate.of(1990, 4, 4));
        someoneElse.put("nationalId", NATIONAL_ID);
        Map<String, Object> child = person("Алиев", "Далер", "MALE", Registry.today().minusDays(3));
        child.remove("nationalId");
        post("/api/v1/acts", birth(child, someoneElse, "MBC-" + UUID.randomUUID())).statusCode(422)
                .body("code", equalTo("PERSON_DETAILS_CONTRADICT_INDEX"))
                .body("errors.field", hasItems("mother.surname", "mother.givenName", "mother.birthDate"));

        // The same woman written in Russian letters and another surname form is no contradiction.
        Map<String, Object> sameWoman = new HashMap<>(Map.of("nationalId", NATIONAL_ID, "surname", "Хасанова",
                "givenName", "Мехрангез", "sex", "FEMALE", "birthDate", BORN.toString()));
        post("/api/v1/acts", birth(child, sameWoman, "MBC-" + UUID.randomUUID())).statusCode(201)
                .body("details.mother.personId", equalTo(mehrangez))
                .body("details.mother.surname", equalTo("Ҳасанзода"));
    }

    @Test
    @Order(5)
    @TestSecurity(user = "registrar.kulob", roles = {"registrar", "back-office"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void the_same_birth_again_is_held_as_a_potential_duplicate_until_the_back_office_decides() {
        Map<String, Object> child = person("Ҳасанзода", "Сино", "MALE", Registry.today().minusDays(4));
        child.remove("nationalId");
        Map<String, Object> mother = Map.of("personId", mehrangez);
        post("/api/v1/acts", birth(child, mother, "MBC-" + UUID.randomUUID())).statusCode(201);

        // The same child, a day off and in Russian letters, with another certificate number.
        Map<String, Object> again = new HashMap<>(Map.of("surname", "Хасанзода", "givenName", "Сино", "sex", "MALE",
                "birthDate", Registry.today().minusDays(5).toString()));
        Map<String, Object> repeated = birth(again, mother, "MBC-" + UUID.randomUUID());
        String review = post("/api/v1/acts", repeated).statusCode(409)
                .body("code", equalTo("POTENTIAL_DUPLICATE"))
                .body("details.candidates[0].kind", equalTo("BIRTH"))
                .body("details.candidates[0].score", notNullValue())
                .body("details.candidates[0].fields.field", hasItems("SURNAME", "GIVEN_NAME", "BIRTH_DATE", "MOTHER"))
                .extract().path("details.reviewId");

        given().when().get("/api/v1/duplicate-reviews").then().statusCode(200).body("items.id", hasItem(review));
        post("/api/v1/acts", repeated).statusCode(409).body("details.reviewId", equalTo(review));

        post("/api/v1/duplicate-reviews/" + review + "/decision", Map.of("decision", "NOT_DUPLICATE",
                "reason", "Twins: the hospital confirmed two certificates")).statusCode(200)
                .body("status", equalTo("NOT_DUPLICATE")).body("decidedBy", equalTo("registrar.kulob"));
        post("/api/v1/duplicate-reviews/" + review + "/decision", Map.of("decision", "DUPLICATE", "reason", "again"))
                .statusCode(409).body("code", equalTo("DUPLICATE_REVIEW_DECIDED"));
        post("/api/v1/acts", repeated).statusCode(201);
        given().when().get("/api/v1/duplicate-reviews").then().statusCode(200).body("items.id", not(hasItem(review)));
    }

    @Test
    @Order(6)
    @TestSecurity(user = "registrar.kulob", roles = {"registrar", "back-office", "archivist"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_person_entered_anew_who_is_in_the_index_is_held_and_a_duplicate_decision_refuses_it() {
        // Mehrangez named anew (no id) as a bride, in Latin letters: the index already has her.
        Map<String, Object> bride = new HashMap<>(Map.of("surname", "Hasanzoda", "givenName", "Mehrangez",
                "patronymic", "Jamshedovna", "sex", "FEMALE", "birthDate", BORN.toString()));
        String groom = Registry.adult("Исфандиёр", "MALE", BORN.minusYears(2));
        Map<String, Object> marriage = Map.of("type", "MARRIAGE", "office", Registry.OFFICE, "spouse1", Map.of("personId", groom),
                "spouse2", bride, "marriageDate", Registry.today().toString(),
                "jointApplication", Registry.document("JA-" + UUID.randomUUID(), Registry.today().minusMonths(2)));
        String review = post("/api/v1/acts", marriage).statusCode(409)
                .body("code", equalTo("POTENTIAL_DUPLICATE"))
                .body("details.candidates.personId", hasItem(mehrangez))
                .body("details.candidates[0].kind", equalTo("PERSON"))
                .extract().path("details.reviewId");
        post("/api/v1/duplicate-reviews/" + review + "/decision", Map.of("decision", "DUPLICATE",
                "reason", "She is in the registry: name her by her national id", "duplicateOf", UUID.randomUUID().toString()))
                .statusCode(422).body("code", equalTo("DUPLICATE_OF_NOT_A_CANDIDATE"));
        post("/api/v1/duplicate-reviews/" + review + "/decision", Map.of("decision", "DUPLICATE",
                "reason", "She is in the registry: name her by her national id")).statusCode(200)
                .body("duplicateOf", equalTo(mehrangez));
        post("/api/v1/acts", marriage).statusCode(422).body("code", equalTo("REGISTRATION_IS_DUPLICATE"));
    }

    /**
     * The clerk swapped day and month: the registration's check reads the transposed date's blocks for a date that has
     * one, and only then (a date with its day over 12 is its own transposition, within the first blocks' days).
     */
    @Test
    @Order(6)
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "registrar"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_person_entered_anew_with_day_and_month_swapped_is_held() {
        // A day of 12 or less, not the month's number (a date that has a transposition), as rare as BORN itself.
        int day = BORN.getDayOfMonth() % 12 + 1 == BORN.getMonthValue() ? (BORN.getDayOfMonth() + 1) % 12 + 1 : BORN.getDayOfMonth() % 12 + 1;
        LocalDate born = LocalDate.of(BORN.getYear(), BORN.getMonthValue(), day);
        LocalDate written = LocalDate.of(BORN.getYear(), day, BORN.getMonthValue()); // day and month swapped
        Map<String, Object> her = person("Раҳмонова", "Гулбаҳор", "FEMALE", born);
        her.put("patronymic", "Саидовна");
        her.put("placeOfBirth", "Кӯлоб");
        String gulbahor = Registry.restoreBirth(her, person("Раҳмонова", "Зарина", "FEMALE", born.minusYears(25)), null)
                .statusCode(201).extract().path("details.child.personId");
        String groom = Registry.adult("Фаридун", "MALE", born.minusYears(2));
        Map<String, Object> bride = new HashMap<>(Map.of("surname", "Раҳмонова", "givenName", "Гулбаҳор",
                "patronymic", "Саидовна", "sex", "FEMALE", "birthDate", written.toString(),
                "placeOfBirth", "Кӯлоб"));
        post("/api/v1/acts", Map.of("type", "MARRIAGE", "office", Registry.OFFICE, "spouse1", Map.of("personId", groom),
                "spouse2", bride, "marriageDate", Registry.today().toString(),
                "jointApplication", Registry.document("JA-" + UUID.randomUUID(), Registry.today().minusMonths(2))))
                .statusCode(409).body("code", equalTo("POTENTIAL_DUPLICATE"))
                .body("details.candidates.personId", hasItem(gulbahor));
    }

    @Test
    @Order(7)
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void acts_are_found_by_the_names_of_any_party() {
        given().queryParam("q", "Хасанзода Мехрангез").queryParam("type", "BIRTH").header("X-Reason", "certificate")
                .when().get("/api/v1/acts").then().statusCode(200)
                .body("items.parties.flatten().personId", hasItem(mehrangez))
                .body("items.type", everyItem(equalTo("BIRTH")))
                .body("items[0].score", notNullValue());
        given().queryParam("office", Registry.OFFICE).queryParam("from", Registry.today().minusDays(6).toString())
                .queryParam("limit", 2).when().get("/api/v1/acts").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("items[0].score", nullValue());
        given().queryParam("from", "2020-01-02").queryParam("to", "2020-01-01").when().get("/api/v1/acts")
                .then().statusCode(400).body("code", equalTo("DATE_RANGE_INVALID"));
    }

    @Test
    @Order(8)
    @TestSecurity(user = "citizen", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "0"))
    void a_citizen_unknown_to_the_registry_has_no_access_log() {
        given().when().get("/api/v1/persons/me/access-log").then().statusCode(404).body("code", equalTo("PERSON_NOT_FOUND"));
        given().queryParam("q", "Ҳасанзода").when().get("/api/v1/persons").then().statusCode(403);
    }

    @Test
    @Order(9)
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "registrar"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void staff_read_and_find_a_citizen() {
        String id = QuarkusTransaction.requiringNew().call(() -> Person.findByNationalId(WATCHED)
                .orElseGet(() -> index.enter(new PersonDetails(null, "Юсуфзода", "Ситора", null, null, Sex.FEMALE,
                        LocalDate.parse("1993-03-08"), null, "TJK", WATCHED), null)).id.toString());
        given().header("X-Reason", "checking her claim").when().get("/api/v1/persons/" + id).then().statusCode(200);
        given().queryParam("q", "Yusufzoda Sitora").queryParam("birthYear", 1993).header("X-Reason", "looking for the bride")
                .when().get("/api/v1/persons").then().statusCode(200).body("items.personId", hasItem(id));
    }

    @Test
    @Order(10)
    @TestSecurity(user = "citizen.sitora", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = WATCHED))
    void a_citizen_sees_who_looked_at_their_record() {
        given().when().get("/api/v1/persons/me/access-log").then().statusCode(200)
                .body("items.find { it.reason == 'checking her claim' }.action", equalTo("READ"))
                .body("items.find { it.reason == 'checking her claim' }.office", equalTo("KHT02"))
                .body("items.find { it.reason == 'checking her claim' }.role", equalTo("archivist"))
                .body("items.find { it.reason == 'looking for the bride' }.action", equalTo("SEARCH"))
                .body("items[0].at", notNullValue())
                .body("items.actor", everyItem(nullValue()));
    }

    @Inject
    jakarta.persistence.EntityManager em;

    /** Persons loaded straight into PostgreSQL (a migration, the benchmark's million) are keyed in the background. */
    @Test
    @Order(11)
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_person_loaded_straight_into_postgresql_is_found_by_name_once_keyed_in_the_background() {
        UUID loaded = UUID.randomUUID();
        LocalDate born = BORN.plusDays(3);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO person (id, surname, given_name, sex, birth_date, status, marital_status, created_at)
                        VALUES (?1, 'Шарипова', 'Гулрухсор', 'FEMALE', ?2, 'ALIVE', 'SINGLE', now())""")
                .setParameter(1, loaded).setParameter(2, born).executeUpdate());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("q", "Sharipova Gulrukhsor").queryParam("birthDate", born.toString())
                        .header("X-Reason", "counter").when().get("/api/v1/persons")
                        .then().statusCode(200).body("items.personId", hasItem(loaded.toString())));
    }
}
