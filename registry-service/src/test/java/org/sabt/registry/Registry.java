package org.sabt.registry;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Builds the registry a test needs through the API, as the test's identity (which must hold the roles the
 * calls need): restored paper births of adults, registrations of each act type.
 */
final class Registry {

    static final String OFFICE = "KHT02";
    private static final AtomicInteger PAPER = new AtomicInteger((int) (System.nanoTime() % 100_000) * 10);

    static LocalDate today() {
        return LocalDate.now();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static Map<String, Object> person(String surname, String givenName, String sex, LocalDate born) {
        Map<String, Object> p = new HashMap<>();
        // Each person a test makes is someone else: their own national id keeps the duplicate check from taking
        // two test persons with the same name and birth date for one.
        p.put("nationalId", nationalId());
        p.put("surname", surname);
        p.put("givenName", givenName);
        p.put("sex", sex);
        if (born != null) {
            p.put("birthDate", born.toString());
        }
        return p;
    }

    /** A national id no one else has (random, 12 digits). */
    static String nationalId() {
        return String.valueOf(100_000_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(899_999_999_999L));
    }

    static Map<String, Object> ref(String personId) {
        return Map.of("personId", personId);
    }

    static Map<String, Object> document(String number, LocalDate date) {
        return Map.of("number", number, "date", date.toString(), "issuedBy", "Суди шаҳри Кӯлоб");
    }

    static Map<String, Object> basis(String kind, String number) {
        return Map.of("kind", kind, "number", number, "date", today().toString());
    }

    /** An archivist restores a paper birth record; returns the response. */
    static ValidatableResponse restoreBirth(Map<String, Object> child, Map<String, Object> mother, Map<String, Object> father) {
        Map<String, Object> act = new HashMap<>(Map.of("type", "BIRTH", "office", OFFICE, "child", child, "mother", mother));
        if (father != null) {
            act.put("father", father);
        }
        LocalDate born = LocalDate.parse((String) child.get("birthDate"));
        return post("/api/v1/acts/restorations", Map.of("paperRegistrationNumber", "P-" + PAPER.incrementAndGet(),
                "registrationDate", born.plusDays(5).toString(), "act", act));
    }

    /** A restored adult (born on the day given, of a new mother); returns their personId. */
    static String adult(String givenName, String sex, LocalDate born) {
        return restoreBirth(person("Раҳимзода", givenName, sex, born), person("Раҳимова", "Гулнора", "FEMALE",
                born.minusYears(25)), null).statusCode(201).extract().path("details.child.personId");
    }

    static String adult(String givenName, String sex) {
        return adult(givenName, sex, today().minusYears(30));
    }

    /** A restored child of the given mother (and father, by personId, or null). */
    static String childOf(String motherId, String fatherId, String givenName, LocalDate born) {
        return restoreBirth(person("Раҳимзода", givenName, "MALE", born), ref(motherId), fatherId == null ? null : ref(fatherId))
                .statusCode(201).extract().path("details.child.personId");
    }

    static Map<String, Object> birth(Map<String, Object> mother, LocalDate born) {
        Map<String, Object> b = new HashMap<>(Map.of("type", "BIRTH", "office", OFFICE,
                "child", person("Раҳимзода", "Фирдавс", "MALE", born), "mother", mother,
                "medicalCertificateNumber", unique("MBC")));
        return b;
    }

    static Map<String, Object> marriage(String one, String two, LocalDate on) {
        return new HashMap<>(Map.of("type", "MARRIAGE", "office", OFFICE, "spouse1", ref(one), "spouse2", ref(two),
                "marriageDate", on.toString(), "jointApplication", document(unique("ЗА"), on.minusMonths(2))));
    }

    static String marry(String one, String two, LocalDate on) {
        return register(marriage(one, two, on)).statusCode(201).extract().path("id");
    }

    static Map<String, Object> divorce(String one, String two, String basis) {
        Map<String, Object> d = new HashMap<>(Map.of("type", "DIVORCE", "office", OFFICE, "spouse1", ref(one), "spouse2", ref(two),
                "divorceDate", today().toString(), "basis", basis));
        if (basis.equals("COURT_DECISION")) {
            d.put("courtDecision", document(unique("2"), today().minusDays(10)));
        } else {
            d.put("jointApplication", document(unique("ЗР"), today().minusMonths(1)));
        }
        return d;
    }

    static Map<String, Object> death(String personId) {
        return new HashMap<>(Map.of("type", "DEATH", "office", OFFICE, "deceased", ref(personId),
                "dateOfDeath", today().minusDays(1).toString(), "causeOfDeathCode", "I21.9",
                "medicalCertificateNumber", unique("MDC")));
    }

    static Map<String, Object> adoption(String child, List<String> adopters) {
        return new HashMap<>(Map.of("type", "ADOPTION", "office", OFFICE, "child", ref(child),
                "adopters", adopters.stream().map(Registry::ref).toList(), "adoptionDate", today().minusDays(1).toString(),
                "courtDecision", document(unique("2"), today().minusDays(20)), "newSurname", "Каримзода"));
    }

    static Map<String, Object> paternity(String child, String father) {
        return new HashMap<>(Map.of("type", "PATERNITY", "office", OFFICE, "child", ref(child), "father", ref(father),
                "establishedOn", today().toString(), "basis", "JOINT_APPLICATION",
                "jointApplication", document(unique("ЗО"), today()), "childNewPatronymic", "Рустамович"));
    }

    static Map<String, Object> nameChange(String person, String newSurname) {
        return new HashMap<>(Map.of("type", "NAME_CHANGE", "office", OFFICE, "person", ref(person),
                "newSurname", newSurname, "newGivenName", "Рустам", "changedOn", today().toString(),
                "application", document(unique("ИН"), today().minusDays(30))));
    }

    static ValidatableResponse register(Map<String, Object> act) {
        return post("/api/v1/acts", act);
    }

    static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static ValidatableResponse person(String id) {
        return given().header("X-Reason", "test").when().get("/api/v1/persons/" + id).then().statusCode(200);
    }

    private Registry() {
    }
}
