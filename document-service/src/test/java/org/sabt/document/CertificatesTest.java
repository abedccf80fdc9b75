package org.sabt.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sabt.document.paper.Samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Issuing on accounted blanks, verifying and revoking, with real tokens, the real broker and PostgreSQL. */
@QuarkusTest
class CertificatesTest {

    static final String KULOB = "KHT02";
    static final String SINO = "DSH01";
    static final String REGISTRAR = "registrar.kulob";
    static final String OTHER_REGISTRAR = "registrar.sino";
    static final String ADMIN = "admin";
    /** Each test its own series, so that tests sharing the database never share blanks. */
    static final AtomicInteger SERIES = new AtomicInteger();
    static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"};
    static final String[] LETTERS = {"АБ", "АВ", "АГ", "АД", "АЕ", "АЖ", "АЗ", "АИ", "АК", "АЛ", "АМ", "АН", "АО", "АП"};

    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static Registry registry;

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    Registry registry() {
        if (registry == null) {
            registry = new Registry(bootstrap);
        }
        return registry;
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).log().ifValidationFails();
    }

    /** A fresh series with blanks from..to of the type, received and moved to the office. */
    static String blanks(String office, String type, int count) {
        int n = SERIES.getAndIncrement();
        String series = ROMAN[n / LETTERS.length % ROMAN.length] + "-" + LETTERS[n % LETTERS.length];
        int from = 1 + (int) (System.nanoTime() % 1_000_000);
        as(ADMIN).body(Map.of("series", series, "from", from, "to", from + count - 1, "certificateType", type))
                .post("/api/v1/blanks/receipts").then().statusCode(201);
        as(ADMIN).body(Map.of("series", series, "from", from, "to", from + count - 1, "office", office))
                .post("/api/v1/blanks/transfers").then().statusCode(201);
        return series + "#" + from;
    }

    ObjectNode registeredBirth(String office) {
        UUID id = UUID.randomUUID();
        ObjectNode act = Registry.birthAct(id, 1, office, "REGISTERED");
        registry().registered(act);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM act_snapshot WHERE act_id = '" + id + "'") == 1);
        return act;
    }

    static Response issue(String user, ObjectNode act, String kind, String medium) {
        return as(user).body(Map.of("actId", act.get("id").asText(), "kind", kind, "medium", medium))
                .post("/api/v1/certificates");
    }

    static JsonPath verify(String link) {
        return given().contentType(ContentType.JSON).body(Map.of("token", link)).post("/api/v1/verifications")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_paper_certificate_takes_the_next_blank_verifies_and_a_correction_supersedes_it() throws Exception {
        blanks(KULOB, "BIRTH", 5);
        ObjectNode act = registeredBirth(KULOB);
        String next = nextFree(KULOB, "BIRTH");

        JsonPath certificate = issue(REGISTRAR, act, "CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();
        assertThat(certificate.getString("blankSeries") + " " + certificate.getInt("blankNumber")).isEqualTo(next);
        assertThat(certificate.getString("status")).isEqualTo("VALID");
        assertThat(certificate.getInt("qrVersion")).isLessThanOrEqualTo(18);
        issue(REGISTRAR, act, "CERTIFICATE", "PAPER").then().statusCode(409).body("code", equalTo("CERTIFICATE_ALREADY_ISSUED"));

        JsonPath valid = verify(certificate.getString("verificationLink"));
        assertThat(valid.getString("result")).isEqualTo("VALID");
        assertThat(valid.getString("certificate.registrationNumber")).isEqualTo(act.get("registrationNumber").asText());
        assertThat(valid.getString("certificate.persons[0].surname")).isEqualTo(Samples.CHILD_SURNAME);
        assertThat(valid.getString("certificate.blankSeries")).isEqualTo(certificate.getString("blankSeries"));

        byte[] pdf = as(REGISTRAR).header("X-Reason", "handed to the mother").get("/api/v1/certificates/" + certificate.getString("id") + "/pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 8)).startsWith("%PDF-");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'DOWNLOAD' AND record_id = '" + certificate.getString("id")
                + "' AND actor = 'registrar.kulob' AND reason = 'handed to the mother'")).isEqualTo(1);

        ObjectNode corrected = Registry.birthAct(UUID.fromString(act.get("id").asText()), 2, KULOB, "REGISTERED");
        ((ObjectNode) corrected.get("details").get("child")).put("givenName", "Фаррух");
        registry().amended(corrected, false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath revoked = verify(certificate.getString("verificationLink"));
            assertThat(revoked.getString("result")).isEqualTo("REVOKED");
            assertThat(revoked.getString("reason")).isEqualTo("SUPERSEDED");
        });

        String following = nextFree(KULOB, "BIRTH");
        JsonPath repeat = issue(REGISTRAR, corrected, "REPEAT_CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();
        assertThat(repeat.getString("blankSeries") + " " + repeat.getInt("blankNumber")).isEqualTo(following);
        assertThat(repeat.getInt("actVersion")).isEqualTo(2);
        assertThat(verify(repeat.getString("verificationLink")).getString("result")).isEqualTo("VALID");
        assertThat(verify(repeat.getString("verificationLink")).getString("certificate.persons[0].givenName")).isEqualTo("Фаррух");

        for (String[] event : List.of(new String[]{"sabt.certificate.issued", certificate.getString("id")},
                new String[]{"sabt.certificate.issued", repeat.getString("id")},
                new String[]{"sabt.certificate.revoked", certificate.getString("id")})) {
            String payload = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                            "SELECT CAST(payload AS text) FROM outbox WHERE event_type = ?1 AND aggregate_id = ?2")
                    .setParameter(1, event[0]).setParameter(2, event[1]).getSingleResult());
            assertThat(EventSchemas.problems(event[0], payload)).as(event[0] + " " + payload).isEmpty();
        }
    }

    @Test
    void two_issues_at_once_take_different_blanks_and_the_office_without_blanks_is_refused() throws Exception {
        // Sino's birth blanks left by an earlier run are written off, so that this test counts its own only
        for (Object left : QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT series || '/' || number FROM blank WHERE office = 'DSH01' AND certificate_type = 'BIRTH'
                AND state = 'FREE'""").getResultList())) {
            as(OTHER_REGISTRAR).body(Map.of("reason", "cleared for the test")).post("/api/v1/blanks/" + left + "/spoilage")
                    .then().statusCode(200);
        }
        String[] blank = blanks(SINO, "BIRTH", 4).split("#");
        long free = count("SELECT count(*) FROM blank WHERE office = 'DSH01' AND certificate_type = 'BIRTH' AND state = 'FREE'");
        assertThat(free).as("fewer blanks than acts (no other test uses Sino's)").isLessThan(6);
        List<ObjectNode> acts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acts.add(registeredBirth(SINO));
        }
        ObjectNode twice = acts.get(0);
        List<Callable<Response>> calls = new ArrayList<>();
        for (ObjectNode act : acts) {
            calls.add(() -> issue(OTHER_REGISTRAR, act, "CERTIFICATE", "PAPER"));
        }
        calls.add(() -> issue(OTHER_REGISTRAR, twice, "CERTIFICATE", "PAPER")); // the same act twice at once: one wins
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();
        Set<Integer> numbers = new HashSet<>();
        int refused = 0;
        for (Response r : answers) {
            if (r.statusCode() == 201) {
                assertThat(numbers.add(r.jsonPath().getInt("blankNumber"))).as("a blank taken twice").isTrue();
            } else {
                assertThat(r.statusCode()).isEqualTo(409);
                assertThat(r.jsonPath().getString("code")).isIn("NO_BLANKS_LEFT", "CERTIFICATE_ALREADY_ISSUED");
                refused++;
            }
        }
        assertThat(numbers).hasSize((int) free);
        assertThat(refused).isEqualTo(7 - free);
        JsonPath journal = as(OTHER_REGISTRAR).get("/api/v1/blanks/journal?office=" + SINO).then().statusCode(200).extract().jsonPath();
        assertThat(journal.getBoolean("balances")).isTrue();
        assertThat(journal.getLong("freeNow")).isZero();
        int from = Integer.parseInt(blank[1]);
        assertThat(count("SELECT count(*) FROM blank WHERE series = '" + blank[0] + "' AND number BETWEEN " + from + " AND "
                + (from + 3) + " AND state = 'ISSUED'")).isEqualTo(4);
        assertThat(answers).filteredOn(r -> r.statusCode() == 409).extracting(r -> r.jsonPath().getString("code"))
                .contains("NO_BLANKS_LEFT");
        assertThat(count("SELECT count(*) FROM certificate WHERE act_id = '" + twice.get("id").asText() + "'"))
                .as("the act asked for twice at once").isLessThanOrEqualTo(1);
    }

    @Test
    void a_spoiled_blank_revokes_its_certificate_and_the_journal_balances() {
        blanks(KULOB, "BIRTH", 3);
        ObjectNode act = registeredBirth(KULOB);
        JsonPath certificate = issue(REGISTRAR, act, "CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();
        String path = "/api/v1/blanks/" + certificate.getString("blankSeries") + "/" + certificate.getInt("blankNumber") + "/spoilage";

        as(OTHER_REGISTRAR).body(Map.of("reason", "not mine")).post(path).then().statusCode(403).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        as(REGISTRAR).body(Map.of("reason", "ink smudged")).post(path).then().statusCode(200)
                .body("certificateId", equalTo(certificate.getString("id")));
        as(REGISTRAR).body(Map.of("reason", "again")).post(path).then().statusCode(409).body("code", equalTo("BLANK_ALREADY_SPOILED"));
        JsonPath revoked = verify(certificate.getString("verificationLink"));
        assertThat(revoked.getString("result")).isEqualTo("REVOKED");
        assertThat(revoked.getString("reason")).isEqualTo("BLANK_SPOILED");
        // the reprint: a new certificate on the next free blank
        String next = nextFree(KULOB, "BIRTH");
        JsonPath reprint = issue(REGISTRAR, act, "CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();
        assertThat(reprint.getString("blankSeries") + " " + reprint.getInt("blankNumber")).isEqualTo(next).isNotEqualTo(
                certificate.getString("blankSeries") + " " + certificate.getInt("blankNumber"));
        // a free blank spoiled too
        as(REGISTRAR).body(Map.of("reason", "torn")).post("/api/v1/blanks/" + nextFree(KULOB, "BIRTH").replace(' ', '/') + "/spoilage")
                .then().statusCode(200);

        JsonPath journal = as(ADMIN).get("/api/v1/blanks/journal?office=" + KULOB).then().statusCode(200).extract().jsonPath();
        assertThat(journal.getLong("opening") + journal.getLong("received") + journal.getLong("transferredIn")
                - journal.getLong("issued") - journal.getLong("spoiled") - journal.getLong("transferredOut"))
                .isEqualTo(journal.getLong("closing"));
        assertThat(journal.getBoolean("balances")).isTrue();
        assertThat(journal.getLong("closing")).isEqualTo(journal.getLong("freeNow"));
        JsonPath stock = as(ADMIN).get("/api/v1/blanks/journal?office=STOCK").then().statusCode(200).extract().jsonPath();
        assertThat(stock.getBoolean("balances")).isTrue();
        as(REGISTRAR).get("/api/v1/blanks/journal?office=STOCK").then().statusCode(403);
    }

    @Test
    void one_blank_spoiled_at_once_by_several_is_spoiled_once() throws Exception {
        blanks(KULOB, "BIRTH", 2);
        ObjectNode act = registeredBirth(KULOB);
        JsonPath certificate = issue(REGISTRAR, act, "CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();
        String series = certificate.getString("blankSeries");
        int number = certificate.getInt("blankNumber");
        String path = "/api/v1/blanks/" + series + "/" + number + "/spoilage";
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String reason = "spoiled by clerk " + i;
            calls.add(() -> as(REGISTRAR).body(Map.of("reason", reason)).post(path));
        }
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();

        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(answers).filteredOn(r -> r.statusCode() != 200).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.jsonPath().getString("code")).isEqualTo("BLANK_ALREADY_SPOILED");
        });
        String blank = "series = '" + series + "' AND number_from = " + number;
        assertThat(count("SELECT count(*) FROM blank_movement WHERE kind = 'SPOILED' AND " + blank)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM blank_movement WHERE kind = 'ISSUED' AND count = -1 AND " + blank)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE event_type = 'sabt.certificate.revoked' AND aggregate_id = '"
                + certificate.getString("id") + "'")).as("one revocation").isEqualTo(1);
        assertThat(verify(certificate.getString("verificationLink")).getString("reason")).isEqualTo("BLANK_SPOILED");
        JsonPath journal = as(ADMIN).get("/api/v1/blanks/journal?office=" + KULOB).then().statusCode(200).extract().jsonPath();
        assertThat(journal.getBoolean("balances")).isTrue();
        assertThat(journal.getLong("closing")).isEqualTo(journal.getLong("freeNow"));
    }

    @Test
    void annulled_acts_and_sealed_versions_get_no_certificate_and_an_annulment_revokes() {
        blanks(KULOB, "BIRTH", 3);
        ObjectNode act = registeredBirth(KULOB);
        JsonPath electronic = issue(REGISTRAR, act, "CERTIFICATE", "ELECTRONIC").then().statusCode(201).extract().jsonPath();
        assertThat(electronic.getString("blankSeries")).isNull();

        ObjectNode adopted = Registry.birthAct(UUID.fromString(act.get("id").asText()), 2, KULOB, "REGISTERED");
        registry().amended(adopted, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM act_snapshot_version WHERE act_id = '"
                + act.get("id").asText() + "' AND version = 1 AND sealed") == 1);
        as(REGISTRAR).body(Map.of("actId", act.get("id").asText(), "kind", "REPEAT_CERTIFICATE", "medium", "PAPER", "actVersion", 1))
                .post("/api/v1/certificates").then().statusCode(409).body("code", equalTo("ACT_VERSION_SEALED"));
        as(OTHER_REGISTRAR).body(Map.of("actId", act.get("id").asText(), "kind", "REPEAT_CERTIFICATE", "medium", "PAPER"))
                .post("/api/v1/certificates").then().statusCode(403).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        JsonPath current = issue(REGISTRAR, adopted, "REPEAT_CERTIFICATE", "PAPER").then().statusCode(201).extract().jsonPath();

        registry().annulled(Registry.birthAct(UUID.fromString(act.get("id").asText()), 3, KULOB, "REGISTERED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(verify(current.getString("verificationLink")).getString("reason")).isEqualTo("ANNULLED"));
        issue(REGISTRAR, adopted, "REPEAT_CERTIFICATE", "PAPER").then().statusCode(409).body("code", equalTo("ACT_ANNULLED"));
        as(REGISTRAR).body(Map.of("actId", UUID.randomUUID().toString(), "kind", "CERTIFICATE", "medium", "PAPER"))
                .post("/api/v1/certificates").then().statusCode(404).body("code", equalTo("ACT_NOT_FOUND"));
    }

    @Test
    void an_application_that_reaches_registered_gets_its_certificate_once_without_anyone_asking() {
        blanks(KULOB, "BIRTH", 2);
        blanks(KULOB, "EXTRACT", 2);
        ObjectNode act = Registry.birthAct(UUID.randomUUID(), 1, KULOB, "REGISTERED");
        ((ObjectNode) act.get("details").get("mother")).put("nationalId", "1000000001");
        UUID application = UUID.randomUUID();
        UUID actId = UUID.fromString(act.get("id").asText());
        // the application's event may come before the act's: the certificate waits for the act
        String event = registry().statusChanged(application, "REGISTER_BIRTH", "REGISTERED", actId,
                act.get("registrationNumber").asText(), KULOB);
        registry().registered(act);
        registry().send(Registry.topic("applications"), "sabt.application.status-changed", application.toString(),
                Samples.read("{\"version\":1,\"applicationId\":\"" + application + "\",\"service\":\"REGISTER_BIRTH\",\"office\":\"KHT02\","
                        + "\"status\":\"REGISTERED\",\"actId\":\"" + actId + "\"}"), event); // delivered twice
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM certificate WHERE application_id = '" + application + "'") == 1);
        assertThat(count("SELECT count(*) FROM certificate WHERE application_id = '" + application + "' AND medium = 'PAPER'")).isEqualTo(1);

        // the mother lists it and downloads it
        JsonPath mine = as("citizen.madina").get("/api/v1/certificates?mine=true").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("items.applicationId")).contains(application.toString());
        String id = mine.getString("items.find { it.applicationId == '" + application + "' }.id");
        as("citizen.madina").get("/api/v1/certificates/" + id + "/pdf").then().statusCode(200);
        as("citizen.rustam").get("/api/v1/certificates/" + id + "/pdf").then().statusCode(404);

        // an approved archive extract gets an extract
        UUID extract = UUID.randomUUID();
        registry().statusChanged(extract, "ARCHIVE_EXTRACT", "APPROVED", actId, act.get("registrationNumber").asText(), KULOB);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM certificate WHERE application_id = '"
                + extract + "' AND kind = 'EXTRACT' AND certificate_type = 'EXTRACT'") == 1);
    }

    @Test
    void a_corrections_certificate_waits_for_the_corrected_act_and_is_printed_from_it() {
        blanks(KULOB, "BIRTH", 2);
        ObjectNode act = registeredBirth(KULOB);
        UUID actId = UUID.fromString(act.get("id").asText());
        ObjectNode corrected = act.deepCopy().put("version", 2);
        ((ObjectNode) corrected.get("details").get("child")).put("givenName", "Фаррух");
        UUID application = UUID.randomUUID();
        // the correction's application reaches REGISTERED before the amended act reaches this service
        registry().statusChanged(application, "CORRECT_RECORD", "REGISTERED", actId, 2,
                act.get("registrationNumber").asText(), KULOB);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM certificate_request WHERE application_id = '"
                + application + "' AND waiting_for = 'ACT_VERSION'") == 1);
        assertThat(count("SELECT count(*) FROM certificate WHERE application_id = '" + application + "'")).isZero();

        registry().amended(corrected, false);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM certificate WHERE application_id = '" + application + "'") == 1);
        assertThat(count("SELECT count(*) FROM certificate WHERE application_id = '" + application + "' AND act_version = 2"))
                .as("printed from the corrected version").isEqualTo(1);
    }

    @Test
    void bad_tokens_and_bad_blank_requests_get_a_stable_code_and_change_nothing() {
        blanks(KULOB, "BIRTH", 1);
        ObjectNode act = registeredBirth(KULOB);
        String link = issue(REGISTRAR, act, "CERTIFICATE", "ELECTRONIC").then().statusCode(201).extract().jsonPath()
                .getString("verificationLink");
        String token = link.substring(link.indexOf('#') + 1);
        given().contentType(ContentType.JSON).body(Map.of("token", "not a token!")).post("/api/v1/verifications")
                .then().statusCode(400).body("code", equalTo("TOKEN_MALFORMED"));
        given().contentType(ContentType.JSON).body(Map.of("token", token.substring(0, token.length() - 40)))
                .post("/api/v1/verifications").then().statusCode(400).body("code", equalTo("TOKEN_MALFORMED"));
        for (int i = 10; i < token.length(); i += 37) {
            char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, i) + flipped + token.substring(i + 1);
            int status = given().contentType(ContentType.JSON).body(Map.of("token", tampered)).post("/api/v1/verifications")
                    .then().extract().statusCode();
            assertThat(status).as("tampered at " + i).isIn(400, 422);
        }
        given().contentType(ContentType.JSON).body("{\"token\": 12}").post("/api/v1/verifications").then().statusCode(400);

        long blanksBefore = count("SELECT count(*) FROM blank");
        as(ADMIN).body(Map.of("series", "bad", "from", 1, "to", 2, "certificateType", "BIRTH")).post("/api/v1/blanks/receipts")
                .then().statusCode(422).body("code", equalTo("BLANK_SERIES_INVALID"));
        as(ADMIN).body(Map.of("series", "I-ЯЯ", "from", 5, "to", 1, "certificateType", "BIRTH")).post("/api/v1/blanks/receipts")
                .then().statusCode(422).body("code", equalTo("BLANK_RANGE_INVALID"));
        as(ADMIN).body(Map.of("series", "I-ЯЯ", "from", 1, "to", 2, "office", "ZZZ99")).post("/api/v1/blanks/transfers")
                .then().statusCode(422).body("code", equalTo("OFFICE_UNKNOWN"));
        as(ADMIN).body(Map.of("series", "I-ЯЯ", "from", 1, "to", 2, "office", "DSH01")).post("/api/v1/blanks/transfers")
                .then().statusCode(409).body("code", equalTo("BLANKS_NOT_AVAILABLE"));
        as(REGISTRAR).body(Map.of("series", "I-ЯЯ", "from", 1, "to", 2, "certificateType", "BIRTH")).post("/api/v1/blanks/receipts")
                .then().statusCode(403);
        as(REGISTRAR).body(Map.of("reason", "x")).post("/api/v1/blanks/I-ЯЯ/1/spoilage").then().statusCode(404)
                .body("code", equalTo("BLANK_NOT_FOUND"));
        as(ADMIN).queryParam("office", "STOCK").queryParam("to", "+999999999-12-31").get("/api/v1/blanks/journal")
                .then().statusCode(400).body("code", equalTo("PERIOD_INVALID"));
        as(ADMIN).queryParam("office", "STOCK").queryParam("from", "2026-12-31").queryParam("to", "2026-01-01")
                .get("/api/v1/blanks/journal").then().statusCode(400).body("code", equalTo("PERIOD_INVALID"));
        assertThat(count("SELECT count(*) FROM blank")).isEqualTo(blanksBefore);
    }

    /** The office's next free blank of the type, as "series number". */
    String nextFree(String office, String type) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("""
                        SELECT series || ' ' || number FROM blank WHERE office = ?1 AND certificate_type = ?2 AND state = 'FREE'
                        ORDER BY series, number LIMIT 1""").setParameter(1, office).setParameter(2, type).getSingleResult());
    }

    long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
