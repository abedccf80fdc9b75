package org.sabt.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access policy of docs/access-policy.md, cell by cell: every operation of the merged OpenAPI, called as every
 * user and service account of the realm (tokens from the real Keycloak), on an object of Kulob (KHT02, Madina's) and
 * one of Dushanbe (DSH01, Rustam's), and without a token, with an expired token and with another realm's token.
 */
@ExtendWith(SystemStack.class)
class AccessPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();
    private static final String MADINA = "1000000001";
    private static final String RUSTAM = "1000000002";

    enum Outcome { ALLOW, DENY, HIDE, UNAUTHENTICATED }

    /** A caller of the realm: its roles, its office (null, a code or *) and the citizen it acts for. */
    record Principal(String name, Set<String> roles, String office, String citizen, String token) {
    }

    /** One object of each office: Kulob's belongs to Madina, Dushanbe's to Rustam. */
    record Fixture(String office, String citizen, Map<String, String> ids) {
    }

    private static final Fixture NONE = new Fixture(null, null, Map.of());
    private static Fixture kulob;
    private static Fixture dushanbe;
    private static final Map<String, Principal> PRINCIPALS = new LinkedHashMap<>();

    @BeforeAll
    static void realmAndObjects() throws IOException {
        JsonNode realm = JSON.readTree(SystemStack.config().repo().resolve("deploy/keycloak/sabt-realm.json").toFile());
        Map<String, String> secrets = new HashMap<>();
        Map<String, String> fixedOffice = new HashMap<>();
        for (JsonNode c : realm.path("clients")) {
            if (c.hasNonNull("secret")) {
                secrets.put(c.path("clientId").asText(), c.path("secret").asText());
            }
            for (JsonNode m : c.path("protocolMappers")) {
                if ("office".equals(m.path("name").asText()) && m.path("config").hasNonNull("claim.value")) {
                    fixedOffice.put(c.path("clientId").asText(), m.path("config").path("claim.value").asText());
                }
            }
        }
        for (JsonNode u : realm.path("users")) {
            Set<String> roles = new TreeSet<>();
            u.path("realmRoles").forEach(r -> roles.add(r.asText()));
            String client = u.path("serviceAccountClientId").asText(null);
            String office = client != null ? fixedOffice.get(client) : u.path("attributes").path("office").path(0).asText(null);
            String citizen = u.path("attributes").path("national_id").path(0).asText(null);
            if (roles.contains("portal")) {
                citizen = MADINA; // a portal acts for the citizen it names in X-Citizen-Id
            }
            String token = client != null ? Keycloak.clientToken(client, secrets.get(client))
                    : Keycloak.userToken(u.path("username").asText());
            String name = client != null ? client : u.path("username").asText();
            PRINCIPALS.put(name, new Principal(name, roles, office, citizen, token));
        }
        kulob = objectsOf("KHT02", "registrar.kulob", "backoffice.kulob", "citizen.madina", MADINA);
        dushanbe = objectsOf("DSH01", "registrar.sino", "backoffice.sino", "citizen.rustam", RUSTAM);
    }

    private static RequestSpecification as(String name) {
        return RestAssured.given().auth().oauth2(PRINCIPALS.get(name).token()).contentType(ContentType.JSON)
                .header("X-Reason", "access policy test").log().ifValidationFails();
    }

    /** An act, the citizen's person, an application in review with a task for the health ministry, and a held duplicate. */
    private static Fixture objectsOf(String office, String registrar, String backOffice, String citizen, String nationalId) {
        Map<String, String> ids = new HashMap<>();
        // The citizen's own person record: their birth, restored from the paper archive unless the registry has it.
        if (as(registrar).queryParam("nationalId", nationalId).get("/api/v1/persons").then().statusCode(200)
                .extract().jsonPath().getList("items").isEmpty()) {
            // Each citizen as themself: two records of the same names and birth date would look like one person twice.
            boolean madina = MADINA.equals(nationalId);
            as("archivist").body(Map.of("paperRegistrationNumber", "P-" + UUID.randomUUID(), "registrationDate", "1995-07-10",
                    "act", Map.of("type", "BIRTH", "office", office, "child", Map.of("surname", madina ? "Раҳимова" : "Каримов",
                                    "givenName", madina ? "Мадина" : "Рустам", "sex", madina ? "FEMALE" : "MALE",
                                    "birthDate", madina ? "1995-07-02" : "1993-02-11", "placeOfBirth", "Кӯлоб",
                                    "nationalId", nationalId),
                            "mother", Map.of("surname", "Раҳимова", "givenName", "Гулнора", "sex", "FEMALE",
                                    "birthDate", "1971-01-15", "nationalId", randomNationalId()))))
                    .post("/api/v1/acts/restorations").then().statusCode(201);
        }
        ids.put("person", as(registrar).queryParam("nationalId", nationalId).get("/api/v1/persons").then().statusCode(200)
                .extract().jsonPath().getString("items[0].personId"));
        // An act of this office (its mother is someone else).
        Map<String, Object> mother = Map.of("nationalId", randomNationalId(), "surname", "Каримова", "givenName", "Нодира",
                "sex", "FEMALE", "birthDate", "1994-05-0" + (1 + ThreadLocalRandom.current().nextInt(9)));
        JsonPath act = as(registrar).body(birth(office, mother, "MBC-" + UUID.randomUUID())).post("/api/v1/acts")
                .then().statusCode(201).extract().jsonPath();
        ids.put("act", act.getString("id"));
        ids.put("registrationNumber", act.getString("registrationNumber"));

        // An application of the citizen's, submitted at this office.
        ids.put("application", as(citizen).body(Map.of("service", "REPEAT_CERTIFICATE", "office", office,
                        "form", Map.of("registrationNumber", act.getString("registrationNumber")),
                        "contact", Map.of("phone", "+992900000001", "language", "tg")))
                .post("/api/v1/applications").then().statusCode(201).extract().path("id"));

        // A walk-in birth taken into review: its checks open tasks, one addressed to the health ministry.
        Map<String, Object> walkIn = new HashMap<>(Map.of("service", "REGISTER_BIRTH", "office", office,
                "form", Map.of("child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс", "sex", "MALE",
                                "birthDate", TODAY.minusDays(2).toString(), "placeOfBirth", "Кӯлоб"),
                        "mother", mother,
                        "medicalCertificateNumber", "MBC-" + UUID.randomUUID()),
                "contact", Map.of("phone", "+992900000001", "language", "tg"),
                "applicant", Map.of("nationalId", nationalId, "name", "Раҳимова Мадина")));
        String inReview = as(registrar).body(walkIn).post("/api/v1/applications").then().statusCode(201).extract().path("id");
        as(registrar).header("If-Match", "\"1\"").body(Map.of("documentsSeen", List.of("MOTHER_ID", "MEDICAL_BIRTH_CERTIFICATE")))
                .post("/api/v1/applications/" + inReview + "/acceptance").then().statusCode(200);
        as(backOffice).post("/api/v1/applications/" + inReview + "/assignment").then().statusCode(200);
        int version = as(backOffice).get("/api/v1/applications/" + inReview).then().statusCode(200).extract().path("version");
        as(backOffice).header("If-Match", "\"" + version + "\"").post("/api/v1/applications/" + inReview + "/review")
                .then().statusCode(200);
        JsonPath review = as(backOffice).get("/api/v1/applications/" + inReview).then().extract().jsonPath();
        ids.put("task", review.getString("tasks.find { it.answeredBy == 'health-agency' }.id"));
        ids.put("taskApplication", inReview);
        assertThat(ids.get("task")).as("a task for the health ministry").isNotNull();

        // Certificates: two blanks of the office, an act naming the citizen (as the registry knows them), its certificate.
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        String series = "IX-ЮЯ";
        as("admin").body(Map.of("series", series, "from", from, "to", from + 1, "certificateType", "BIRTH"))
                .post("/api/v1/blanks/receipts").then().statusCode(201);
        as("admin").body(Map.of("series", series, "from", from, "to", from + 1, "office", office))
                .post("/api/v1/blanks/transfers").then().statusCode(201);
        ids.put("blank", series + "/" + from);
        JsonPath them = as(registrar).queryParam("nationalId", nationalId).get("/api/v1/persons").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> citizenAsParent = Map.of("nationalId", nationalId, "surname", them.getString("items[0].surname"),
                "givenName", them.getString("items[0].givenName"), "sex", them.getString("items[0].sex"),
                "birthDate", them.getString("items[0].birthDate"));
        Map<String, Object> theirs = new HashMap<>(Map.of("type", "BIRTH", "office", office,
                "child", Map.of("surname", "Сафарзода", "givenName", "Бахтиёр" + ThreadLocalRandom.current().nextInt(1000),
                        "sex", "MALE", "birthDate", TODAY.minusDays(20).toString(), "placeOfBirth", "Кӯлоб"),
                "medicalCertificateNumber", "MBC-" + UUID.randomUUID()));
        if ("FEMALE".equals(citizenAsParent.get("sex"))) {
            theirs.put("mother", citizenAsParent);
        } else {
            theirs.put("mother", mother);
            theirs.put("father", citizenAsParent);
            theirs.put("fatherBasis", "MOTHER_DECLARATION");
        }
        String theirAct = as(registrar).body(theirs).post("/api/v1/acts").then().statusCode(201).extract().path("id");
        ids.put("certificate", await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            Response r = as(registrar).body(Map.of("actId", theirAct, "kind", "CERTIFICATE", "medium", "ELECTRONIC"))
                    .post("/api/v1/certificates");
            return r.statusCode() == 201 ? r.jsonPath().getString("id") : null; // 404 until document-service has the act
        }, java.util.Objects::nonNull));

        // A registration held as a potential duplicate: a second birth to the same mother, entered anew without her id.
        Map<String, Object> twin = Map.of("surname", "Назарова", "givenName", "Зарина", "sex", "FEMALE",
                "birthDate", "1990-0" + (1 + ThreadLocalRandom.current().nextInt(9)) + "-1" + ThreadLocalRandom.current().nextInt(10),
                "placeOfBirth", "Кӯлоб", "nationalId", randomNationalId());
        as(registrar).body(birth(office, twin, "MBC-" + UUID.randomUUID())).post("/api/v1/acts").then().statusCode(201);
        Map<String, Object> again = new HashMap<>(twin);
        again.remove("nationalId");
        ids.put("duplicateReview", as(registrar).body(birth(office, again, "MBC-" + UUID.randomUUID())).post("/api/v1/acts")
                .then().statusCode(409).extract().path("details.reviewId"));
        assertThat(ids.get("duplicateReview")).as("a held duplicate").isNotNull();
        return new Fixture(office, nationalId, ids);
    }

    private static String randomNationalId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
    }

    private static Map<String, Object> birth(String office, Map<String, Object> mother, String certificate) {
        return Map.of("type", "BIRTH", "office", office, "child", Map.of("surname", "Раҳимзода",
                        "givenName", "Фирдавс" + ThreadLocalRandom.current().nextInt(1000), "sex", "MALE",
                        "birthDate", TODAY.minusDays(3).toString(), "placeOfBirth", "Кӯлоб"),
                "mother", mother, "medicalCertificateNumber", certificate);
    }

    // ---- the policy file ------------------------------------------------------------------------------------

    record Row(String operation, Map<String, String> cells) {
    }

    static List<Row> policy(Path file) throws IOException {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("| ") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = List.of(line.substring(1, line.length() - 1).split("\\|")).stream().map(String::strip).toList();
            if (header == null) {
                header = cells;
                continue;
            }
            Map<String, String> byRole = new LinkedHashMap<>();
            for (int i = 1; i < cells.size(); i++) {
                byRole.put(header.get(i), cells.get(i));
            }
            rows.add(new Row(cells.get(0).replace("`", ""), byRole));
        }
        return rows;
    }

    /** What the policy promises this caller on this object: the widest of its roles' cells. */
    static Outcome expected(Row row, Principal p, Fixture f) {
        List<Outcome> widestFirst = List.of(Outcome.ALLOW, Outcome.HIDE, Outcome.DENY);
        Outcome best = Outcome.DENY;
        for (String role : p.roles()) {
            String cell = row.cells().getOrDefault(role, "—");
            boolean inOffice = f.office() == null || "*".equals(p.office()) || f.office().equals(p.office());
            boolean theirs = f.citizen() == null || f.citizen().equals(p.citizen());
            Outcome o = switch (cell) {
                case "yes", "own" -> Outcome.ALLOW;
                case "office" -> inOffice ? Outcome.ALLOW : Outcome.DENY;
                case "office*" -> inOffice ? Outcome.ALLOW : Outcome.HIDE;
                case "own*" -> theirs ? Outcome.ALLOW : Outcome.HIDE;
                // The tasks of these fixtures are addressed to the health ministry (in the fixture's office).
                case "entitled" -> f == NONE || role.equals("health-agency") && (p.office() == null || inOffice)
                        ? Outcome.ALLOW : Outcome.HIDE;
                case "—" -> Outcome.DENY;
                default -> throw new IllegalStateException("unknown cell '" + cell + "' in " + row.operation());
            };
            if (widestFirst.indexOf(o) < widestFirst.indexOf(best)) {
                best = o;
            }
        }
        return best;
    }

    /** What an answer means for access: 401, a 403 of the policy, a 404 hiding an object that exists, or allowed. */
    static Outcome observed(Response r, Fixture f) {
        int s = r.statusCode();
        assertThat(s).as("no 5xx: " + r.asString()).isLessThan(500);
        String code = r.getContentType() != null && r.getContentType().contains("json") && s >= 400
                ? r.jsonPath().getString("code") : null;
        if (s == 401) {
            return Outcome.UNAUTHENTICATED;
        }
        if (s == 403 && ("FORBIDDEN".equals(code) || "OFFICE_NOT_ALLOWED".equals(code))) {
            return Outcome.DENY;
        }
        if (s == 404 && f != NONE) {
            return Outcome.HIDE;
        }
        return Outcome.ALLOW;
    }

    // ---- one request per operation ---------------------------------------------------------------------------

    /** How each operation is called for a fixture: changes are asked with a stale If-Match where they take one. */
    private static final Map<String, BiFunction<RequestSpecification, Fixture, Response>> PROBES = new LinkedHashMap<>();
    /** The operations whose request names an object (the rest are called once, without a fixture). */
    private static final Set<String> ON_OBJECTS = new TreeSet<>();

    private static void probe(String operation, boolean onObject, BiFunction<RequestSpecification, Fixture, Response> call) {
        PROBES.put(operation, call);
        if (onObject) {
            ON_OBJECTS.add(operation);
        }
    }

    private static RequestSpecification stale(RequestSpecification r) {
        return r.header("If-Match", "\"999\"");
    }

    static {
        probe("POST /api/v1/acts", true, (r, f) -> r.body(birth(f.office(), Map.of("surname", "Каримова", "givenName", "Нодира",
                "sex", "FEMALE", "birthDate", "1996-02-02"), "MBC-" + UUID.randomUUID()) .entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getKey().equals("child")
                        ? Map.of("surname", "Каримзода", "givenName", "Азиз", "sex", "MALE",
                        "birthDate", TODAY.plusDays(5).toString(), "placeOfBirth", "Кӯлоб") : e.getValue())))
                .post("/api/v1/acts"));
        probe("GET /api/v1/acts", false, (r, f) -> r.queryParam("type", "BIRTH").get("/api/v1/acts"));
        probe("POST /api/v1/acts/checks", true, (r, f) -> r.body(birth(f.office(), Map.of("surname", "Каримова",
                "givenName", "Нодира", "sex", "FEMALE", "birthDate", "1996-02-02"), "MBC-check")).post("/api/v1/acts/checks"));
        probe("POST /api/v1/acts/restorations", false, (r, f) -> r.body(Map.of("paperRegistrationNumber", "P-" + UUID.randomUUID(),
                "registrationDate", TODAY.plusDays(10).toString(), "act", birth("KHT02", Map.of("surname", "Каримова",
                        "givenName", "Нодира", "sex", "FEMALE", "birthDate", "1996-02-02"), "MBC-" + UUID.randomUUID())))
                .post("/api/v1/acts/restorations"));
        probe("GET /api/v1/acts/{id}", true, (r, f) -> r.get("/api/v1/acts/" + f.ids().get("act")));
        probe("POST /api/v1/acts/{id}/amendments", true, (r, f) -> stale(r).body(Map.of("reason", "policy test",
                "basisDocument", Map.of("kind", "APPLICATION", "number", "ИЗ-1", "date", TODAY.toString(), "issuedBy", "ЗАГС"),
                "details", birth(f.office(), Map.of("surname", "Каримова", "givenName", "Нодира", "sex", "FEMALE",
                        "birthDate", "1996-02-02"), "MBC-x"))).post("/api/v1/acts/" + f.ids().get("act") + "/amendments"));
        probe("POST /api/v1/acts/{id}/annulment", true, (r, f) -> stale(r).body(Map.of("reason", "policy test",
                "courtDecision", Map.of("kind", "COURT_DECISION", "number", "2-1/2026", "date", TODAY.toString(), "issuedBy", "Суд")))
                .post("/api/v1/acts/" + f.ids().get("act") + "/annulment"));
        probe("GET /api/v1/acts/{id}/versions", true, (r, f) -> r.get("/api/v1/acts/" + f.ids().get("act") + "/versions"));
        probe("GET /api/v1/persons", false, (r, f) -> r.queryParam("q", "Раҳимова Мадина").get("/api/v1/persons"));
        probe("GET /api/v1/persons/me/access-log", false, (r, f) -> r.get("/api/v1/persons/me/access-log"));
        probe("GET /api/v1/persons/{id}", true, (r, f) -> r.get("/api/v1/persons/" + f.ids().get("person")));
        probe("GET /api/v1/audit", true, (r, f) -> r.queryParam("recordId", f.ids().get("act")).get("/api/v1/audit"));
        probe("GET /api/v1/statistics/acts", false, (r, f) -> r.queryParam("by", "type").get("/api/v1/statistics/acts"));
        probe("GET /api/v1/duplicate-reviews", false, (r, f) -> r.get("/api/v1/duplicate-reviews"));
        probe("GET /api/v1/duplicate-reviews/{id}", true, (r, f) -> r.get("/api/v1/duplicate-reviews/" + f.ids().get("duplicateReview")));
        probe("POST /api/v1/duplicate-reviews/{id}/decision", true, (r, f) -> r.body(Map.of("decision", "PENDING", "reason", "x"))
                .post("/api/v1/duplicate-reviews/" + f.ids().get("duplicateReview") + "/decision"));
        probe("POST /api/v1/imports", false, (r, f) -> r.contentType("text/csv; charset=UTF-8").body("no.such.column\n").post("/api/v1/imports"));
        probe("GET /api/v1/imports/{id}", false, (r, f) -> r.get("/api/v1/imports/" + UUID.randomUUID()));
        probe("GET /api/v1/imports/{id}/lines", false, (r, f) -> r.get("/api/v1/imports/" + UUID.randomUUID() + "/lines"));
        probe("GET /api/v1/services", false, (r, f) -> r.get("/api/v1/services"));
        probe("GET /api/v1/services/{code}", false, (r, f) -> r.get("/api/v1/services/REGISTER_BIRTH"));
        probe("POST /api/v1/applications", true, (r, f) -> r.body(Map.of("service", "REPEAT_CERTIFICATE", "office", f.office(),
                        "form", Map.of("registrationNumber", f.ids().get("registrationNumber")),
                        "contact", Map.of("phone", "+992900000001", "language", "tg"),
                        "applicant", Map.of("nationalId", f.citizen(), "name", "Раҳимова Мадина")))
                .post("/api/v1/applications"));
        probe("GET /api/v1/applications", false, (r, f) -> r.get("/api/v1/applications"));
        probe("GET /api/v1/applications/{id}", true, (r, f) -> r.get("/api/v1/applications/" + f.ids().get("application")));
        Map<String, Map<String, Object>> actions = new LinkedHashMap<>();
        actions.put("acceptance", Map.of("documentsSeen", List.of()));
        actions.put("return", Map.of("reason", "policy test"));
        actions.put("rejection", Map.of("reasonCode", "DOCUMENTS_INVALID"));
        for (String action : List.of("resubmission", "review", "approval", "cancellation", "completion")) {
            actions.put(action, Map.of());
        }
        actions.forEach((action, body) -> probe("POST /api/v1/applications/{id}/" + action, true, (r, f) -> stale(r)
                .body(body).post("/api/v1/applications/" + f.ids().get("application") + "/" + action)));
        // Claimed and released by each allowed caller in turn: a claim someone else holds is a 409, not an access answer.
        probe("POST /api/v1/applications/{id}/assignment", true, (r, f) ->
                r.post("/api/v1/applications/" + f.ids().get("taskApplication") + "/assignment"));
        probe("DELETE /api/v1/applications/{id}/assignment", true, (r, f) ->
                r.delete("/api/v1/applications/" + f.ids().get("application") + "/assignment"));
        probe("POST /api/v1/medical-notices", false, (r, f) -> r.body(Map.of("noticeId", "MOH-POLICY-" + UUID.randomUUID(),
                "kind", "LIVE_BIRTH", "medicalCertificateNumber", "MBC-POLICY", "office", "KHT02", "date", TODAY.minusDays(1).toString(),
                "mother", Map.of("surname", "Раҳимова", "givenName", "Гулнора"), "child", Map.of("sex", "MALE", "weightGrams", 3000)))
                .post("/api/v1/medical-notices"));
        probe("GET /api/v1/medical-notices", false, (r, f) -> r.queryParam("unmatched", true).get("/api/v1/medical-notices"));
        probe("GET /api/v1/offices/{code}/ceremony-slots", false, (r, f) -> r.queryParam("from", TODAY.plusMonths(2).toString())
                .queryParam("to", TODAY.plusMonths(2).plusDays(1).toString()).get("/api/v1/offices/KHT02/ceremony-slots"));
        probe("GET /api/v1/applications/{id}/ceremony", true, (r, f) ->
                r.get("/api/v1/applications/" + f.ids().get("application") + "/ceremony"));
        probe("POST /api/v1/applications/{id}/ceremony", true, (r, f) -> r.body(Map.of("hall", "Толори тантанавор",
                "startsAt", TODAY.plusMonths(2).atTime(10, 0).atZone(java.time.ZoneId.of("Asia/Dushanbe")).toOffsetDateTime().toString()))
                .post("/api/v1/applications/" + f.ids().get("application") + "/ceremony"));
        probe("DELETE /api/v1/applications/{id}/ceremony", true, (r, f) ->
                r.delete("/api/v1/applications/" + f.ids().get("application") + "/ceremony"));
        probe("POST /api/v1/applications/{id}/consent", true, (r, f) -> stale(r).body(Map.of("form", Map.of()))
                .post("/api/v1/applications/" + f.ids().get("application") + "/consent"));
        probe("POST /api/v1/applications/{id}/partner-confirmation", true, (r, f) -> r.body(Map.of())
                .post("/api/v1/applications/" + f.ids().get("application") + "/partner-confirmation"));
        probe("POST /api/v1/applications/{id}/waiting-period-decision", true, (r, f) -> r.body(Map.of("number", "1",
                        "date", TODAY.toString(), "reason", "access policy", "earliest", TODAY.plusDays(3).toString()))
                .post("/api/v1/applications/" + f.ids().get("application") + "/waiting-period-decision"));
        probe("POST /api/v1/applications/{id}/payment", true, (r, f) -> r.body(Map.of("reference", "PAY-POLICY",
                "amountMinorUnits", 1)).post("/api/v1/applications/" + f.ids().get("application") + "/payment"));
        probe("POST /api/v1/applications/{id}/tasks/{taskId}/result", true, (r, f) -> r.body(Map.of("outcome", "PASSED", "reference", "MOH-policy"))
                .post("/api/v1/applications/" + f.ids().get("taskApplication") + "/tasks/" + f.ids().get("task") + "/result"));
        probe("GET /api/v1/tasks", false, (r, f) -> r.get("/api/v1/tasks"));
        // Hand-offs are addressed to agencies by client; none of these fixtures has one, so an entitled caller is told 404.
        probe("GET /api/v1/handoffs", false, (r, f) -> r.get("/api/v1/handoffs"));
        probe("GET /api/v1/handoffs/{id}", false, (r, f) -> r.get("/api/v1/handoffs/" + UUID.randomUUID()));
        probe("POST /api/v1/handoffs/{id}/acknowledgement", false, (r, f) ->
                r.post("/api/v1/handoffs/" + UUID.randomUUID() + "/acknowledgement"));
        probe("POST /api/v1/handoffs/{id}/result", false, (r, f) -> r.body(Map.of("outcome", "DONE", "reference", "POLICY"))
                .post("/api/v1/handoffs/" + UUID.randomUUID() + "/result"));
        probe("GET /api/v1/work-queue", true, (r, f) -> r.queryParam("queue", "TO_ACCEPT").queryParam("office", f.office())
                .get("/api/v1/work-queue"));
        probe("GET /api/v1/work-queue/statistics", true, (r, f) -> r.queryParam("office", f.office())
                .get("/api/v1/work-queue/statistics"));
        probe("GET /api/v1/messages", false, (r, f) -> r.get("/api/v1/messages"));
        probe("GET /api/v1/messages/{id}", false, (r, f) -> r.get("/api/v1/messages/" + UUID.randomUUID()));
        probe("POST /api/v1/messages/{id}/replay", false, (r, f) -> r.post("/api/v1/messages/" + UUID.randomUUID() + "/replay"));
        probe("POST /api/v1/subscriptions", false, (r, f) -> r.body(Map.of("clientId", "sabt-statistics", "agency", "statistics",
                "url", "not a url", "eventTypes", List.of("sabt.act.registered"))).post("/api/v1/subscriptions"));
        probe("GET /api/v1/subscriptions", false, (r, f) -> r.get("/api/v1/subscriptions"));
        probe("GET /api/v1/subscriptions/{id}", false, (r, f) -> r.get("/api/v1/subscriptions/" + UUID.randomUUID()));
        probe("DELETE /api/v1/subscriptions/{id}", false, (r, f) -> r.delete("/api/v1/subscriptions/" + UUID.randomUUID()));
        probe("POST /api/v1/subscriptions/{id}/secret", false, (r, f) -> r.post("/api/v1/subscriptions/" + UUID.randomUUID() + "/secret"));
        probe("POST /api/v1/subscriptions/{id}/enable", false, (r, f) -> r.post("/api/v1/subscriptions/" + UUID.randomUUID() + "/enable"));
        probe("POST /api/v1/subscriptions/{id}/replay", false, (r, f) -> r.queryParam("since", "2026-01-01T00:00:00Z")
                .post("/api/v1/subscriptions/" + UUID.randomUUID() + "/replay"));
        probe("POST /api/v1/certificates", true, (r, f) -> r.body(Map.of("actId", f.ids().get("act"),
                "kind", "REPEAT_CERTIFICATE", "medium", "ELECTRONIC")).post("/api/v1/certificates"));
        probe("GET /api/v1/certificates", false, (r, f) -> r.get("/api/v1/certificates"));
        probe("GET /api/v1/certificates/{id}", true, (r, f) -> r.get("/api/v1/certificates/" + f.ids().get("certificate")));
        probe("GET /api/v1/certificates/{id}/pdf", true, (r, f) -> r.get("/api/v1/certificates/" + f.ids().get("certificate") + "/pdf"));
        probe("GET /api/v1/certificates/status-list", false, (r, f) -> r.get("/api/v1/certificates/status-list"));
        probe("POST /api/v1/verifications", false, (r, f) -> r.body(Map.of("token", "AAAA")).post("/api/v1/verifications"));
        probe("GET /.well-known/jwks.json", false, (r, f) -> r.get("/.well-known/jwks.json"));
        probe("GET /v", false, (r, f) -> r.get("/v"));
        probe("POST /api/v1/blanks/receipts", false, (r, f) -> r.body(Map.of("series", "not a series", "from", 1, "to", 2,
                "certificateType", "BIRTH")).post("/api/v1/blanks/receipts"));
        probe("POST /api/v1/blanks/transfers", false, (r, f) -> r.body(Map.of("series", "IX-ЮЯ", "from", 1, "to", 2,
                "office", "ZZZ99")).post("/api/v1/blanks/transfers"));
        probe("POST /api/v1/blanks/{series}/{number}/spoilage", true, (r, f) -> r.body(Map.of("reason", "policy test"))
                .post("/api/v1/blanks/" + f.ids().get("blank") + "/spoilage"));
        probe("GET /api/v1/blanks/journal", false, (r, f) -> r.get("/api/v1/blanks/journal"));
    }

    private static RequestSpecification request(String token, Principal p) {
        RequestSpecification r = RestAssured.given().contentType(ContentType.JSON).header("X-Reason", "access policy test");
        if (token != null) {
            r = r.auth().oauth2(token);
        }
        if (p != null && p.roles().contains("portal")) {
            r = r.header("X-Citizen-Id", MADINA);
        }
        return r;
    }

    // ---- the tests ---------------------------------------------------------------------------------------------

    @Test
    void the_policy_lists_every_operation_of_the_api_and_the_readme_shows_it() throws IOException {
        JsonNode api = JSON.readTree(RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        Path file = SystemStack.config().repo().resolve("docs/access-policy.md");
        Set<String> listed = new TreeSet<>(policy(file).stream().map(Row::operation).toList());
        assertThat(listed).as("docs/access-policy.md lists exactly the operations of the merged OpenAPI").isEqualTo(operations);
        assertThat(PROBES.keySet()).as("every listed operation is probed").containsExactlyInAnyOrderElementsOf(listed);

        List<String> table = Files.readAllLines(file).stream().filter(l -> l.startsWith("|")).toList();
        List<String> readme = Files.readAllLines(SystemStack.config().repo().resolve("README.md")).stream()
                .filter(table::contains).toList();
        assertThat(readme).as("README.md shows the policy's table as it is").isEqualTo(table);
    }

    @Test
    void every_role_gets_exactly_what_the_policy_says_on_every_operation() throws IOException {
        List<String> differences = new ArrayList<>();
        int cells = 0;
        for (Row row : policy(SystemStack.config().repo().resolve("docs/access-policy.md"))) {
            BiFunction<RequestSpecification, Fixture, Response> call = PROBES.get(row.operation());
            List<Fixture> fixtures = ON_OBJECTS.contains(row.operation()) ? List.of(kulob, dushanbe) : List.of(NONE);
            for (Fixture f : fixtures) {
                for (Principal p : PRINCIPALS.values()) {
                    Fixture called = f == NONE ? kulob : f;
                    Outcome want = expected(row, p, f);
                    Outcome got = observed(call.apply(request(p.token(), p), called), f);
                    cells++;
                    if (want != got) {
                        differences.add(row.operation() + " as " + p.name() + (f == NONE ? "" : " on " + f.office())
                                + ": policy " + want + ", got " + got);
                    }
                }
            }
        }
        assertThat(differences).as(cells + " cells").isEmpty();
    }

    @Test
    void without_a_valid_token_of_this_realm_every_operation_is_401_but_the_public_ones() {
        String expired = expiredToken();
        String otherRealm = masterRealmToken();
        List<String> differences = new ArrayList<>();
        Set<String> open;
        try {
            open = policy(SystemStack.config().repo().resolve("docs/access-policy.md")).stream()
                    .filter(row -> "yes".equals(row.cells().get("no token"))).map(Row::operation).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        PROBES.forEach((operation, call) -> {
            if (open.contains(operation)) {
                // Public (certificate verification): no token, or any token, is no reason to refuse it.
                Response r = call.apply(request(null, null), kulob);
                if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() >= 500) {
                    differences.add(operation + " without a token: " + r.statusCode() + " " + r.asString());
                }
                return;
            }
            for (Map.Entry<String, String> token : new LinkedHashMap<String, String>() {{
                put("no token", null);
                put("an expired token", expired);
                put("another realm's token", otherRealm);
                put("a forged token", forged(PRINCIPALS.get("supervisor").token()));
            }}.entrySet()) {
                Response r = call.apply(request(token.getValue(), null), kulob);
                if (r.statusCode() != 401 || !"UNAUTHENTICATED".equals(r.jsonPath().getString("code"))) {
                    differences.add(operation + " with " + token.getKey() + ": " + r.statusCode() + " " + r.asString());
                }
            }
        });
        assertThat(differences).isEmpty();
    }

    /** A supervisor's token that has expired: a client of this realm whose tokens live one second. */
    private static String expiredToken() {
        String admin = Keycloak.adminToken();
        String realm = SystemStack.config().keycloakUrl() + "/admin/realms/sabt";
        String clientId = "policy-test-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "secret", "policy-test-secret", "serviceAccountsEnabled", true,
                        "publicClient", false, "attributes", Map.of("access.token.lifespan", "1")))
                .post(realm + "/clients").then().statusCode(201);
        String token = Keycloak.clientToken(clientId, "policy-test-secret");
        long exp = JSON.valueToTree(claims(token)).path("exp").asLong();
        await().until(() -> Instant.now().getEpochSecond() > exp + 1);
        return token;
    }

    private static String masterRealmToken() {
        return Keycloak.adminToken();
    }

    private static Map<?, ?> claims(String jwt) {
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with the signature of another token: what a caller who edits a token would send. */
    private static String forged(String jwt) {
        String[] parts = jwt.split("\\.");
        String other = PRINCIPALS.get("citizen.madina").token().split("\\.")[2];
        return parts[0] + "." + parts[1] + "." + other;
    }
}
