package org.sabt.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A life through the registry, through the gateway with tokens from the real Keycloak: the archivist restores
 * the 1990s paper birth records of two adults, who marry, have a child (the father presumed), divorce; one
 * remarries and then dies. On the way, the refusals a registrar meets. Every event of the story arrives on Kafka
 * in order per act and matches its schema.
 */
@ExtendWith(SystemStack.class)
class RegistryStoryTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFICE = "KHT02";

    private static ValidatableResponse post(String user, String path, Object body) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(user)).contentType(ContentType.JSON)
                .header("X-Reason", "registry story").body(body).when().post(path).then();
    }

    private static ValidatableResponse get(String user, String path) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(user)).header("X-Reason", "registry story")
                .when().get(path).then();
    }

    private static Map<String, Object> person(String surname, String givenName, String patronymic, String sex, String born) {
        Map<String, Object> p = new HashMap<>(Map.of("surname", surname, "givenName", givenName, "sex", sex,
                "birthDate", born, "placeOfBirth", "Кӯлоб", "citizenship", "TJK"));
        if (patronymic != null) {
            p.put("patronymic", patronymic);
        }
        return p;
    }

    private static Map<String, Object> ref(String id) {
        return Map.of("personId", id);
    }

    private static Map<String, Object> doc(String prefix, LocalDate date) {
        return Map.of("number", prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "date", date.toString(),
                "issuedBy", "ЗАГС Кӯлоб");
    }

    /** The archivist restores a paper birth record; returns the act's response. */
    private static ValidatableResponse restore(String paperNumber, String registered, Map<String, Object> child,
                                               Map<String, Object> mother, Map<String, Object> father) {
        Map<String, Object> act = new HashMap<>(Map.of("type", "BIRTH", "office", OFFICE, "child", child, "mother", mother));
        if (father != null) {
            act.put("father", father);
        }
        return post("archivist", "/api/v1/acts/restorations",
                Map.of("paperRegistrationNumber", paperNumber, "registrationDate", registered, "act", act)).statusCode(201)
                .body("restored", equalTo(true)).body("registrationNumber", equalTo(paperNumber));
    }

    private static Map<String, Object> marriage(String one, String two, LocalDate on) {
        return Map.of("type", "MARRIAGE", "office", OFFICE, "spouse1", ref(one), "spouse2", ref(two),
                "marriageDate", on.toString(), "jointApplication", doc("ЗА", on.minusMonths(2)));
    }

    private static void refused(Map<String, Object> act, String code) {
        post("registrar.kulob", "/api/v1/acts", act).statusCode(422).body("code", equalTo(code));
    }

    @Test
    void a_life_through_the_registry() throws Exception {
        String paper = String.valueOf(System.currentTimeMillis() % 1_000_000);
        List<String> acts = new ArrayList<>();

        // The archivist restores the 1990s paper records: Rustam; Madina and her brother Farhod; Nigina.
        var rustamBirth = restore("R-" + paper + "-1", "1994-05-20", person("Раҳимов", "Рустам", "Аҳмадович", "MALE", "1994-05-12"),
                person("Раҳимова", "Гулнора", null, "FEMALE", "1970-02-01"), person("Раҳимов", "Аҳмад", null, "MALE", "1968-09-30"))
                .extract();
        String rustam = rustamBirth.path("details.child.personId");
        acts.add(rustamBirth.path("id"));
        var madinaBirth = restore("R-" + paper + "-2", "1996-03-20", person("Шарифова", "Мадина", "Алиевна", "FEMALE", "1996-03-14"),
                person("Шарифова", "Зарина", null, "FEMALE", "1972-06-11"), null).extract();
        String madina = madinaBirth.path("details.child.personId");
        String theirMother = madinaBirth.path("details.mother.personId");
        acts.add(madinaBirth.path("id"));
        String farhod = restore("R-" + paper + "-3", "1998-01-10", person("Шарифов", "Фарҳод", "Алиевич", "MALE", "1998-01-02"),
                ref(theirMother), null).extract().path("details.child.personId");
        String nigina = restore("R-" + paper + "-4", "1997-08-15", person("Каримова", "Нигина", null, "FEMALE", "1997-08-09"),
                person("Каримова", "Ситора", null, "FEMALE", "1975-04-04"), null).extract().path("details.child.personId");

        // Madina may not marry her brother.
        refused(marriage(farhod, madina, TODAY.minusYears(2)), "MARRIAGE_CLOSE_RELATIVES");

        // Rustam and Madina marry; she takes his surname.
        Map<String, Object> wedding = new HashMap<>(marriage(rustam, madina, TODAY.minusYears(2)));
        wedding.put("surnameAfterMarriage2", "Раҳимова");
        String marriage = post("registrar.kulob", "/api/v1/acts", wedding).statusCode(201)
                .body("registrationNumber", org.hamcrest.Matchers.matchesPattern("MAR-KHT02-\\d{4}-\\d{6}")).extract().path("id");
        acts.add(marriage);
        get("registrar.kulob", "/api/v1/persons/" + madina).statusCode(200)
                .body("maritalStatus", equalTo("MARRIED")).body("surname", equalTo("Раҳимова"));

        // A married man may not marry again.
        refused(marriage(rustam, nigina, TODAY), "MARRIAGE_SPOUSE_ALREADY_MARRIED");

        // Their son is born; Rustam is presumed the father. The registrar then corrects the child's name.
        var birth = post("registrar.kulob", "/api/v1/acts", Map.of("type", "BIRTH", "office", OFFICE,
                "child", person("Раҳимов", "Фирдавс", "Рустамович", "MALE", TODAY.minusDays(10).toString()),
                "mother", ref(madina), "medicalCertificateNumber", "MBC-" + UUID.randomUUID()))
                .statusCode(201).body("details.father.personId", equalTo(rustam))
                .body("details.fatherBasis", equalTo("PRESUMED_BY_MARRIAGE")).extract();
        String birthAct = birth.path("id");
        String son = birth.path("details.child.personId");
        acts.add(birthAct);
        Map<String, Object> corrected = new HashMap<>(birth.path("details"));
        Map<String, Object> child = new HashMap<>(birth.path("details.child"));
        child.put("givenName", "Фирдавсҷон");
        corrected.put("child", child);
        RestAssured.given().auth().oauth2(Keycloak.userToken("registrar.kulob")).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"").body(Map.of("reason", "the parents' application: spelling", "basisDocument",
                        Map.of("kind", "APPLICATION", "number", "ИЗ-" + paper, "date", TODAY.toString()), "details", corrected))
                .when().post("/api/v1/acts/" + birthAct + "/amendments").then().statusCode(200).header("ETag", "\"2\"");
        get("registrar.kulob", "/api/v1/persons/" + son).statusCode(200).body("givenName", equalTo("Фирдавсҷон"))
                .body("links.findAll { it.relation == 'PARENT' }.personId", org.hamcrest.Matchers.containsInAnyOrder(madina, rustam));

        // They divorce: not by mutual consent while their son is a minor; by the court.
        Map<String, Object> divorce = new HashMap<>(Map.of("type", "DIVORCE", "office", OFFICE, "spouse1", ref(rustam),
                "spouse2", ref(madina), "divorceDate", TODAY.minusDays(3).toString(), "basis", "MUTUAL_CONSENT",
                "jointApplication", doc("ЗР", TODAY.minusMonths(1))));
        refused(divorce, "DIVORCE_MINOR_CHILDREN_NEED_COURT");
        divorce.put("basis", "COURT_DECISION");
        divorce.put("courtDecision", doc("2", TODAY.minusDays(20)));
        divorce.put("surnameAfterDivorce2", "Шарифова");
        acts.add(post("registrar.kulob", "/api/v1/acts", divorce).statusCode(201)
                .body("details.marriageActId", equalTo(marriage)).extract().path("id"));

        // Rustam remarries; then he dies, and a second death is refused.
        acts.add(post("registrar.kulob", "/api/v1/acts", marriage(rustam, nigina, TODAY.minusDays(1))).statusCode(201)
                .extract().path("id"));
        Map<String, Object> death = Map.of("type", "DEATH", "office", OFFICE, "deceased", ref(rustam),
                "dateOfDeath", TODAY.toString(), "causeOfDeathCode", "I21.9", "medicalCertificateNumber", "MDC-" + UUID.randomUUID());
        acts.add(post("registrar.kulob", "/api/v1/acts", death).statusCode(201).extract().path("id"));
        Map<String, Object> again = new HashMap<>(death);
        again.put("medicalCertificateNumber", "MDC-" + UUID.randomUUID());
        refused(again, "DEATH_PERSON_ALREADY_DECEASED");

        get("registrar.kulob", "/api/v1/persons/" + rustam).statusCode(200).body("status", equalTo("DECEASED"))
                .body("acts.type", hasItem("DEATH"));
        get("registrar.kulob", "/api/v1/persons/" + nigina).statusCode(200).body("maritalStatus", equalTo("WIDOWED"));
        get("registrar.kulob", "/api/v1/persons/" + madina).statusCode(200).body("maritalStatus", equalTo("DIVORCED"))
                .body("surname", equalTo("Шарифова"));
        get("auditor", "/api/v1/audit?recordId=" + rustam).statusCode(200).body("items.action", hasItem("READ"));

        // Every act's events arrive on Kafka, in version order, each matching its schema.
        Map<String, List<JsonNode>> byAct = new HashMap<>();
        List<ConsumerRecord<String, String>> personEvents = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = SystemStack.kafkaConsumer("registry-story")) {
            consumer.subscribe(List.of("sabt.registry.acts", "sabt.registry.persons"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals("sabt.registry.persons")) {
                        personEvents.add(r);
                    } else if (acts.contains(r.key())) {
                        assertValid(header(r, "ce_type"), r.value());
                        byAct.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
                    }
                }
                assertThat(byAct.keySet()).containsAll(acts);
                assertThat(byAct.get(birthAct)).hasSize(2);
                assertThat(personEvents).anyMatch(r -> r.key().equals(rustam) && header(r, "ce_type").equals("sabt.person.deceased"));
            });
        }
        for (String act : acts) {
            List<Integer> versions = byAct.get(act).stream().map(e -> e.path("act").path("version").asInt()).toList();
            assertThat(versions).as("versions of %s in arrival order", act).isSorted().doesNotHaveDuplicates();
            assertThat(versions.get(0)).isEqualTo(1);
        }
        for (ConsumerRecord<String, String> r : personEvents) {
            assertValid(header(r, "ce_type"), r.value());
        }
    }


    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void assertValid(String type, String payload) throws Exception {
        // docs/events names each schema after its type: sabt.act.registered is act-registered.schema.json.
        Path schema = Path.of("..", "docs", "events", type.substring("sabt.".length()).replace('.', '-') + ".schema.json")
                .toAbsolutePath().normalize();
        assertThat(schema).as("schema of %s", type).exists();
        Set<?> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema.toUri())
                .validate(JSON.readTree(payload));
        assertThat(problems).as("%s %s", type, payload).isEmpty();
    }
}
