package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The paper archive in bulk: a file of restorations (JSON Lines or CSV) is staged at once and worked off in the
 * background, each line with the restoration's rules; its outcome is kept per line; the same file again imports
 * nothing twice; an import interrupted after staging is finished by the worker.
 */
@QuarkusTest
class ArchiveImportTest {

    @Inject
    EntityManager em;

    private static String paper() {
        return "IMP-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static String line(String paper, LocalDate registered, String child, String mother) {
        return """
                {"paperRegistrationNumber":"%s","registrationDate":"%s","act":{"type":"BIRTH","office":"KHT02",%s,%s}}"""
                .formatted(paper, registered, child, mother);
    }

    private static String person(String role, String surname, String given, String sex, LocalDate born, String nationalId) {
        return "\"%s\":{\"surname\":\"%s\",\"givenName\":\"%s\",\"sex\":\"%s\",\"birthDate\":\"%s\"%s}".formatted(role,
                surname, given, sex, born, nationalId == null ? "" : ",\"nationalId\":\"" + nationalId + "\"");
    }

    private static String run(String contentType, String file) {
        String id = given().contentType(contentType + "; charset=UTF-8").body(file.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports")
                .then().statusCode(202).body("status", equalTo("RUNNING")).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(given().get("/api/v1/imports/" + id).path("status")));
        return id;
    }

    private static String outcome(String id, int line, String field) {
        return given().queryParam("limit", 100).get("/api/v1/imports/" + id + "/lines").then().statusCode(200)
                .extract().path("items.find { it.line == " + line + " }." + field);
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = "archivist", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void each_line_is_restored_matched_or_refused_and_a_second_import_duplicates_nothing() {
        LocalDate born = LocalDate.of(1961, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String motherId = Registry.nationalId();
        String first = paper(), second = paper(), third = paper();
        String file = String.join("\n",
                // 1: a birth, mother and child new to the index
                line(first, born.plusDays(4), person("child", "Давлатзода", "Парвиз", "MALE", born, Registry.nationalId()),
                        person("mother", "Давлатова", "Ҳилола", "FEMALE", born.minusYears(23), motherId)),
                // 2: her second child; the mother is found by her national id
                line(second, born.plusYears(2).plusDays(3), person("child", "Давлатзода", "Ситора", "FEMALE", born.plusYears(2), null),
                        person("mother", "Давлатова", "Ҳилола", "FEMALE", born.minusYears(23), motherId)),
                // 3: registered before the birth
                line(third, born.minusDays(1), person("child", "Давлатзода", "Умед", "MALE", born, null),
                        person("mother", "Давлатова", "Ҳилола", "FEMALE", born.minusYears(23), motherId)),
                // 4: not JSON
                "{\"paperRegistrationNumber\": oops",
                // 5: a field the restoration lacks
                "{\"registrationDate\":\"" + born + "\",\"act\":{\"type\":\"DEATH\",\"office\":\"KHT02\"}}");
        String id = run("application/jsonl", file);
        given().get("/api/v1/imports/" + id).then().statusCode(200).body("lines", equalTo(5))
                .body("outcomes.IMPORTED", equalTo(1)).body("outcomes.MATCHED", equalTo(1))
                .body("outcomes.REFUSED", equalTo(3)).body("outcomes.PENDING", equalTo(0));
        org.assertj.core.api.Assertions.assertThat(outcome(id, 1, "outcome")).isEqualTo("IMPORTED");
        org.assertj.core.api.Assertions.assertThat(outcome(id, 2, "outcome")).isEqualTo("MATCHED");
        org.assertj.core.api.Assertions.assertThat(outcome(id, 3, "code")).isEqualTo("REGISTRATION_BEFORE_EVENT");
        org.assertj.core.api.Assertions.assertThat(outcome(id, 4, "code")).isEqualTo("LINE_MALFORMED");
        org.assertj.core.api.Assertions.assertThat(outcome(id, 5, "code")).isEqualTo("VALIDATION_FAILED");
        String act = outcome(id, 1, "actId");
        given().header("X-Reason", "import check").get("/api/v1/acts/" + act).then().statusCode(200)
                .body("restored", equalTo(true)).body("registrationNumber", equalTo(first))
                .body("registrationDate", equalTo(born.plusDays(4).toString()));

        // The plain birth went the set-based way (one audit entry for the chunk), the others line by line.
        Object bulk = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT reason FROM audit_log WHERE record_id = ?1 AND action = 'RESTORE'").setParameter(1, id).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(bulk).isEqualTo("1 births restored in bulk");
        given().header("X-Reason", "import check").get("/api/v1/persons/" + given().header("X-Reason", "import check")
                        .get("/api/v1/acts/" + act).path("details.child.personId"))
                .then().statusCode(200).body("links[0].relation", equalTo("PARENT")).body("acts[0].role", equalTo("CHILD"));
        given().queryParam("nationalId", motherId).get("/api/v1/persons").then().statusCode(200)
                .body("items[0].surname", equalTo("Давлатова"));

        String again = run("application/x-ndjson", file);
        given().get("/api/v1/imports/" + again).then().statusCode(200)
                .body("outcomes.ALREADY_IMPORTED", equalTo(2)).body("outcomes.IMPORTED", equalTo(0));
        Number acts = (Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT count(*) FROM act WHERE office = 'KHT02' AND registration_number IN (?1, ?2, ?3)")
                .setParameter(1, first).setParameter(2, second).setParameter(3, third).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(acts.intValue()).isEqualTo(2);
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = "archivist", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_birth_with_a_father_goes_in_bulk_and_is_recorded_as_its_restoration_would_be() {
        LocalDate born = LocalDate.of(1961, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String motherId = Registry.nationalId(), fatherId = Registry.nationalId();
        String mother = person("mother", "Шарипова", "Гулноза", "FEMALE", born.minusYears(24), motherId);
        String father = person("father", "Шарипов", "Бахтиёр", "MALE", born.minusYears(27), fatherId);
        String first = paper(), second = paper();
        String file = String.join("\n",
                // 1: mother, child and father new to the index: the set-based way
                line(first, born.plusDays(3), person("child", "Шарипов", "Далер", "MALE", born, null), mother + "," + father),
                // 2: their second child: the parents repeat line 1, so line by line, where both are found
                line(second, born.plusYears(3), person("child", "Шарипова", "Мадина", "FEMALE", born.plusYears(3).minusDays(4), null),
                        mother + "," + father));
        String id = run("application/jsonl", file);
        given().get("/api/v1/imports/" + id).then().statusCode(200)
                .body("outcomes.IMPORTED", equalTo(1)).body("outcomes.MATCHED", equalTo(1));
        Object bulk = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT reason FROM audit_log WHERE record_id = ?1 AND action = 'RESTORE'").setParameter(1, id).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(bulk).isEqualTo("1 births restored in bulk");

        var inBulk = given().header("X-Reason", "import check").get("/api/v1/acts/" + outcome(id, 1, "actId"))
                .then().statusCode(200).extract().jsonPath();
        var lineByLine = given().header("X-Reason", "import check").get("/api/v1/acts/" + outcome(id, 2, "actId"))
                .then().statusCode(200).extract().jsonPath();
        // The restoration found the parents the bulk entered, and recorded the father the same way.
        String fatherPerson = inBulk.getString("details.father.personId");
        org.assertj.core.api.Assertions.assertThat(fatherPerson).isNotNull()
                .isEqualTo(lineByLine.getString("details.father.personId"));
        org.assertj.core.api.Assertions.assertThat(inBulk.getString("details.fatherBasis")).isEqualTo("PAPER_RECORD")
                .isEqualTo(lineByLine.getString("details.fatherBasis"));
        org.assertj.core.api.Assertions.assertThat(inBulk.getString("details.mother.personId"))
                .isEqualTo(lineByLine.getString("details.mother.personId"));
        org.assertj.core.api.Assertions.assertThat(inBulk.getString("details.father.latin.givenName"))
                .isEqualTo(lineByLine.getString("details.father.latin.givenName")).isNotBlank();
        // Both children are his in the index, and he is found by his national id.
        var fatherView = given().header("X-Reason", "import check").get("/api/v1/persons/" + fatherPerson)
                .then().statusCode(200).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(fatherView.getList("links.relation")).containsExactly("CHILD", "CHILD");
        org.assertj.core.api.Assertions.assertThat(fatherView.getString("sex")).isEqualTo("MALE");
        given().queryParam("nationalId", fatherId).get("/api/v1/persons").then().statusCode(200)
                .body("items[0].givenName", equalTo("Бахтиёр"));
        var child = given().header("X-Reason", "import check").get("/api/v1/persons/" + inBulk.getString("details.child.personId"))
                .then().statusCode(200).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(child.getList("links.relation")).containsExactly("PARENT", "PARENT");
        org.assertj.core.api.Assertions.assertThat(child.getList("links.personId")).contains(fatherPerson);
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "back-office"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_csv_file_names_its_columns_by_path_and_a_person_already_in_the_index_is_held() {
        LocalDate born = LocalDate.of(1962, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String header = "paperRegistrationNumber,registrationDate,act.type,act.office,act.child.surname,act.child.givenName,"
                + "act.child.sex,act.child.birthDate,act.mother.surname,act.mother.givenName,act.mother.sex,act.mother.birthDate";
        String file = header + "\n"
                + String.join(",", paper(), born.plusDays(6).toString(), "BIRTH", "KHT02", "Юсуфзода", "Азиз", "MALE",
                born.toString(), "Юсуфова", "Малика", "FEMALE", born.minusYears(30).toString()) + "\n"
                // the same mother again, without a national id and in Russian letters: held for the back office
                + String.join(",", paper(), born.plusYears(3).plusDays(6).toString(), "BIRTH", "KHT02", "Юсуфзода", "Зарина",
                "FEMALE", born.plusYears(3).toString(), "Юсуфова", "Малика", "FEMALE", born.minusYears(30).toString()) + "\n"
                + "\"unterminated,quote\n";
        String id = run("text/csv", file);
        given().get("/api/v1/imports/" + id).then().statusCode(200).body("format", equalTo("CSV"))
                .body("outcomes.IMPORTED", equalTo(1)).body("outcomes.HELD", equalTo(1)).body("outcomes.REFUSED", equalTo(1));
        String review = outcome(id, 2, "reviewId");
        given().get("/api/v1/duplicate-reviews/" + review).then().statusCode(200).body("status", equalTo("PENDING"))
                .body("candidates[0].kind", equalTo("PERSON"));
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "back-office"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void in_bulk_a_national_id_one_digit_off_is_held_and_another_id_is_someone_else() {
        LocalDate born = LocalDate.of(1963, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String motherId = Registry.nationalId();
        char last = motherId.charAt(motherId.length() - 1);
        String typo = motherId.substring(0, motherId.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
        String mother = "\"mother\":{\"surname\":\"Назарова\",\"givenName\":\"Гулбаҳор\",\"patronymic\":\"Ҳасановна\","
                + "\"sex\":\"FEMALE\",\"birthDate\":\"" + born.minusYears(25) + "\",\"placeOfBirth\":\"Кӯлоб\",\"nationalId\":\"%s\"}";
        String first = run("application/jsonl", line(paper(), born.plusDays(5),
                person("child", "Назарзода", "Фирӯза", "FEMALE", born, null), mother.formatted(motherId)));
        given().get("/api/v1/imports/" + first).then().statusCode(200).body("outcomes.IMPORTED", equalTo(1));

        String second = run("application/jsonl", String.join("\n",
                // 1: the same mother, her national id mistyped by one digit: the index's candidate decides (held)
                line(paper(), born.plusYears(2).plusDays(5), person("child", "Назарзода", "Шабнам", "FEMALE", born.plusYears(2), null),
                        mother.formatted(typo)),
                // 2: a namesake born the same day with a national id of her own: another woman, imported in bulk
                line(paper(), born.plusYears(4).plusDays(5), person("child", "Назарзода", "Бобур", "MALE", born.plusYears(4), null),
                        mother.formatted(Registry.nationalId()))));
        given().get("/api/v1/imports/" + second).then().statusCode(200)
                .body("outcomes.HELD", equalTo(1)).body("outcomes.IMPORTED", equalTo(1));
        org.assertj.core.api.Assertions.assertThat(outcome(second, 1, "outcome")).isEqualTo("HELD");
        org.assertj.core.api.Assertions.assertThat(outcome(second, 2, "outcome")).isEqualTo("IMPORTED");
        given().get("/api/v1/duplicate-reviews/" + outcome(second, 1, "reviewId")).then().statusCode(200)
                .body("candidates[0].kind", equalTo("PERSON"))
                .body("candidates[0].fields.find { it.field == 'NATIONAL_ID' }.level", equalTo("SIMILAR"));
        Object bulk = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT reason FROM audit_log WHERE record_id = ?1 AND action = 'RESTORE'").setParameter(1, second).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(bulk).isEqualTo("1 births restored in bulk");
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = {"archivist", "back-office"}, attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void in_bulk_a_mother_whose_surname_is_misspelt_is_found_in_the_index_and_held() {
        LocalDate born = LocalDate.of(1964, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String mother = "\"mother\":{\"surname\":\"%s\",\"givenName\":\"Мавзуна\",\"patronymic\":\"Раҳимовна\","
                + "\"sex\":\"FEMALE\",\"birthDate\":\"" + born.minusYears(24) + "\",\"placeOfBirth\":\"Кӯлоб\"%s}";
        String first = run("application/jsonl", line(paper(), born.plusDays(5),
                person("child", "Шарипзода", "Нозанин", "FEMALE", born, null),
                mother.formatted("Шарипова", ",\"nationalId\":\"" + Registry.nationalId() + "\"")));
        given().get("/api/v1/imports/" + first).then().statusCode(200).body("outcomes.IMPORTED", equalTo(1));

        // Her surname misspelt (its stem is no longer hers) and no national id: only the given-name block holds her
        // name, and only her surname's similarity to the index's brings her to the threshold.
        String second = run("application/jsonl", line(paper(), born.plusYears(2).plusDays(5),
                person("child", "Шарипзода", "Фарзона", "FEMALE", born.plusYears(2), null), mother.formatted("Шарипава", "")));
        given().get("/api/v1/imports/" + second).then().statusCode(200).body("outcomes.HELD", equalTo(1));
        given().get("/api/v1/duplicate-reviews/" + outcome(second, 1, "reviewId")).then().statusCode(200)
                .body("candidates[0].kind", equalTo("PERSON"))
                .body("candidates[0].fields.find { it.field == 'SURNAME' }.level", equalTo("SIMILAR"));
    }

    @Test
    @TestSecurity(user = "archivist.kulob", roles = "archivist", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void an_import_interrupted_after_staging_is_finished_by_the_worker() {
        UUID id = UUID.randomUUID();
        LocalDate born = LocalDate.of(1963, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9000L));
        String caller = "{\"subject\":\"a\",\"username\":\"archivist.kulob\",\"kind\":\"USER\",\"roles\":[\"archivist\"],\"office\":\"KHT02\"}";
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    INSERT INTO import_job (id, format, status, created_by, caller, created_at, lines)
                    VALUES (?1, 'JSON_LINES', 'RUNNING', 'archivist.kulob', CAST(?2 AS jsonb), now(), 1)""")
                    .setParameter(1, id).setParameter(2, caller).executeUpdate();
            em.createNativeQuery("INSERT INTO import_line (import_id, line, payload, status) VALUES (?1, 1, CAST(?2 AS jsonb), 'PENDING')")
                    .setParameter(1, id).setParameter(2, line(paper(), born.plusDays(2),
                            person("child", "Сафаров", "Бахтиёр", "MALE", born, null),
                            person("mother", "Сафарова", "Гулноза", "FEMALE", born.minusYears(21), Registry.nationalId())))
                    .executeUpdate();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(given().get("/api/v1/imports/" + id).path("status")));
        given().get("/api/v1/imports/" + id).then().body("outcomes.IMPORTED", equalTo(1));
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void only_an_archivist_imports() {
        given().contentType("application/jsonl").body("{}".getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/imports")
                .then().statusCode(403);
        given().get("/api/v1/imports/" + UUID.randomUUID()).then().statusCode(403);
    }
}
