package org.sabt.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 8, proactive services: medical notices accepted per second (JSON and FHIR); and marriage ceremony holds on
 * one contended slot. Many couples (their applications made through a portal)
 * try to hold the same slot of an office at once, for the whole measure: exactly one may win, every other attempt is
 * 409 SLOT_TAKEN. Beside it, the same contended insert straight into PostgreSQL's partial unique index.
 */
final class Bookings {

    static final String HOLDS = "ceremony holds, one slot";
    static final String RAW = "raw contended inserts (reference)";
    private static final int COUPLES = 64;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern START = Pattern.compile("\"hall\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"startsAt\"\\s*:\\s*\"([^\"]+)\"");

    private final Bench bench;
    private final String applications;

    Bookings(Bench bench) {
        this.bench = bench;
        this.applications = bench.env.get("SABT_APPLICATION_URL");
    }

    String run(List<Bench.Result> results) throws Exception {
        String portal = Keycloak.userToken("portal.operator");
        String supervisor = Keycloak.userToken("supervisor");
        record Couple(String application, String applicant) {
        }
        List<Couple> couples = new ArrayList<>();
        for (int i = 0; i < COUPLES; i++) {
            String groom = String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
            String bride = String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
            HttpResponse<String> made = send("POST", "/api/v1/applications", portal, groom, """
                    {"service":"REGISTER_MARRIAGE","office":"DSH01","contact":{"phone":null,"email":null,"language":"tg"},
                     "form":{"spouse1":{"nationalId":"%s","surname":"Шарипов","givenName":"Фаридун","sex":"MALE","birthDate":"1995-03-01"},
                             "spouse2":{"nationalId":"%s","surname":"Юсупова","givenName":"Зарина","sex":"FEMALE","birthDate":"1997-05-02"},
                             "marriageDate":"%s","jointApplication":{"number":"JA-%s","date":"%s"}}}"""
                    .formatted(groom, bride, LocalDate.now(), UUID.randomUUID().toString().substring(0, 8), LocalDate.now().minusDays(1)));
            Matcher id = ID.matcher(made.body());
            if (made.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("marriage application refused: " + made.statusCode() + " " + made.body());
            }
            couples.add(new Couple(id.group(1), groom));
        }
        LocalDate from = LocalDate.now().plusMonths(1).plusDays(7 + ThreadLocalRandom.current().nextInt(300));
        HttpResponse<String> slots = send("GET", "/api/v1/offices/DSH01/ceremony-slots?from=" + from + "&to=" + from.plusDays(7),
                supervisor, null, null);
        Matcher slot = START.matcher(slots.body());
        if (slots.statusCode() != 200 || !slot.find()) {
            throw new IllegalStateException("no free slot: " + slots.statusCode() + " " + slots.body());
        }
        String hold = "{\"hall\":\"%s\",\"startsAt\":\"%s\"}".formatted(slot.group(1), slot.group(2));
        Set<String> winners = ConcurrentHashMap.newKeySet();
        Bench.Result holds = bench.run(HOLDS, 8, () -> {
            Couple c = couples.get(ThreadLocalRandom.current().nextInt(couples.size()));
            HttpResponse<String> r = send("POST", "/api/v1/applications/" + c.application() + "/ceremony", portal, c.applicant(), hold);
            if (r.statusCode() == 200) {
                winners.add(c.application());
                return true;
            }
            return r.statusCode() == 409 && r.body().contains("SLOT_TAKEN");
        });
        results.add(holds);
        long held;
        try (Connection db = bench.applicationsDatabase(); PreparedStatement q = db.prepareStatement(
                "SELECT count(*) FROM ceremony_booking WHERE office = 'DSH01' AND hall = ? AND starts_at = ? AND status IN ('HELD', 'BOOKED')")) {
            q.setString(1, slot.group(1));
            q.setObject(2, OffsetDateTime.parse(slot.group(2)));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                held = rs.getLong(1);
            }
        }

        // The reference: the same contended insert into the same partial unique index, straight over JDBC.
        OffsetDateTime rawSlot = OffsetDateTime.parse(slot.group(2)).plusYears(50);
        Bench.Result raw;
        try (Connection db = bench.applicationsDatabase()) {
            raw = bench.run(RAW, 8, () -> {
                synchronized (db) {
                    try (PreparedStatement insert = db.prepareStatement("""
                            INSERT INTO ceremony_booking (id, application_id, office, hall, starts_at, status, held_by, held_until, created_at)
                            VALUES (?, ?, 'DSH01', 'bench-raw', ?, 'HELD', 'bench', now() + interval '1 day', now())
                            ON CONFLICT DO NOTHING""")) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setObject(2, UUID.fromString(couples.get(ThreadLocalRandom.current().nextInt(couples.size())).application()));
                        insert.setObject(3, rawSlot);
                        insert.executeUpdate();
                        return true;
                    }
                }
            });
            db.createStatement().executeUpdate("DELETE FROM ceremony_booking WHERE hall = 'bench-raw'");
        }
        results.add(raw);
        return "- ceremony holds on one contended slot, 8 clients, %d couples: %.0f attempts/s, p95 %.1f ms; winners: %d "
                .formatted(COUPLES, holds.throughput(), holds.latency().getValueAtPercentile(95) / 1000.0, winners.size())
                + "(slot held %d time%s in the database; every other attempt 409 SLOT_TAKEN); the same contended insert "
                .formatted(held, held == 1 ? "" : "s")
                + "straight into PostgreSQL: %.0f/s\n".formatted(raw.throughput());
    }

    static final String NOTICES_JSON = "medical notices, JSON";
    static final String NOTICES_FHIR = "medical notices, FHIR";

    /** Medical notices accepted per second from the health ministry's client, in our JSON and as FHIR documents. */
    String notices(List<Bench.Result> results) throws Exception {
        String health = Keycloak.userToken("health.kulob");
        Callable<Boolean> jsonNotice = () -> {
            String id = UUID.randomUUID().toString();
            return post("/api/v1/medical-notices", health, "application/json", """
                    {"noticeId":"BENCH-%s","kind":"LIVE_BIRTH","medicalCertificateNumber":"MBC-%s","office":"KHT02",
                     "facility":{"code":"KHT-RB1","name":"Роддоми шаҳри Кӯлоб"},"date":"%s",
                     "mother":{"nationalId":"%d","surname":"Раҳимова","givenName":"Гулнора"},
                     "child":{"sex":"FEMALE","weightGrams":3100}}""".formatted(id, id, LocalDate.now().minusDays(1),
                    ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L))).statusCode() == 201;
        };
        // The one window's JVM has served nothing yet when scenario 8 runs alone: warm it on notices first.
        bench.warm(8, jsonNotice, Duration.ofSeconds(30));
        Bench.Result json = bench.run(NOTICES_JSON, 8, jsonNotice);
        results.add(json);
        Bench.Result fhir = bench.run(NOTICES_FHIR, 8, () -> {
            String id = UUID.randomUUID().toString();
            return post("/api/v1/medical-notices", health, "application/fhir+json; charset=UTF-8", FHIR_BIRTH
                    .replace("$NOTICE", "BENCH-" + id).replace("$CERTIFICATE", "MBC-" + id)
                    .replace("$BORN", LocalDate.now().minusDays(1).toString())
                    .replace("$MOTHER", Long.toString(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L))))
                    .statusCode() == 201;
        });
        results.add(fhir);
        Bench.Result proposals = proposals();
        results.add(proposals);
        return "- medical notices from the health ministry's client, 8 clients: JSON %.0f/s (p95 %.1f ms), FHIR R4 documents %.0f/s (p95 %.1f ms)\n"
                .formatted(json.throughput(), json.latency().getValueAtPercentile(95) / 1000.0, fhir.throughput(),
                        fhir.latency().getValueAtPercentile(95) / 1000.0)
                + ("- a birth notice to the application proposed to its mother, read through her portal, 8 clients: %.0f/s, "
                + "p50 %.1f ms, p95 %.1f ms (the registry asked for her entry and her husband; beside notices of mothers it "
                + "does not know above)\n").formatted(proposals.throughput(), proposals.latency().getValueAtPercentile(50) / 1000.0,
                proposals.latency().getValueAtPercentile(95) / 1000.0);
    }

    static final String PROPOSALS = "birth notice to proposed application";
    private static final Pattern PROPOSED = Pattern.compile("\"proposedApplicationId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /**
     * Live-birth notices of mothers the registry knows (restored here), each timed from the notice's POST until the
     * application proposed to her reads PROPOSED through the portal acting for her.
     */
    private Bench.Result proposals() throws Exception {
        String health = Keycloak.userToken("health.kulob");
        String portal = Keycloak.userToken("portal.operator");
        String archivist = Keycloak.userToken("archivist");
        List<String> mothers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String nationalId = String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
            // each her own birth date, so that the duplicate check does not hold one as another
            LocalDate born = LocalDate.of(1985, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(5000));
            HttpResponse<String> restored = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(bench.env.get("SABT_REGISTRY_URL")
                            + "/api/v1/acts/restorations")).header("Authorization", "Bearer " + archivist)
                    .header("Content-Type", "application/json").header("X-Reason", "bench").POST(HttpRequest.BodyPublishers.ofString("""
                    {"paperRegistrationNumber":"B-%s","registrationDate":"%s",
                     "act":{"type":"BIRTH","office":"KHT02","child":{"surname":"Раҳимова","givenName":"Мадина","sex":"FEMALE",
                            "birthDate":"%s","placeOfBirth":"Кӯлоб","nationalId":"%s"},
                            "mother":{"surname":"Раҳимова","givenName":"Гулнора","sex":"FEMALE","birthDate":"1972-01-15",
                                      "nationalId":"%d"}}}""".formatted(UUID.randomUUID(), born.plusDays(5), born, nationalId,
                    ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L)))).build(), HttpResponse.BodyHandlers.ofString());
            if (restored.statusCode() != 201) {
                throw new IllegalStateException("mother not restored: " + restored.statusCode() + " " + restored.body());
            }
            mothers.add(nationalId);
        }
        return bench.run(PROPOSALS, 8, () -> {
            String id = UUID.randomUUID().toString();
            String mother = mothers.get(ThreadLocalRandom.current().nextInt(mothers.size()));
            HttpResponse<String> notice = post("/api/v1/medical-notices", health, "application/json", """
                    {"noticeId":"BENCH-%s","kind":"LIVE_BIRTH","medicalCertificateNumber":"MBC-%s","office":"KHT02",
                     "facility":{"code":"KHT-RB1","name":"Роддоми шаҳри Кӯлоб"},"date":"%s",
                     "mother":{"nationalId":"%s","surname":"Раҳимова","givenName":"Мадина","phone":"+992930000000"},
                     "child":{"sex":"MALE","weightGrams":3300}}""".formatted(id, id, LocalDate.now().minusDays(1), mother));
            Matcher proposed = PROPOSED.matcher(notice.body());
            if (notice.statusCode() != 201 || !proposed.find()) {
                return false;
            }
            HttpResponse<String> read = send("GET", "/api/v1/applications/" + proposed.group(1), portal, mother, null);
            return read.statusCode() == 200 && read.body().contains("\"status\":\"PROPOSED\"");
        });
    }

    /** A FHIR R4 birth document as a ministry's system sends it (LOINC 71230-7; mother MTH; birth weight 8339-4). */
    private static final String FHIR_BIRTH = """
            {"resourceType":"Bundle","identifier":{"system":"https://moh.tj/notices","value":"$NOTICE"},"type":"document",
             "entry":[
              {"fullUrl":"urn:uuid:composition","resource":{"resourceType":"Composition","identifier":{"value":"$CERTIFICATE"},
                "status":"final","type":{"coding":[{"system":"http://loinc.org","code":"71230-7"}]},"date":"2026-12-01",
                "title":"Birth notice","custodian":{"reference":"Organization/facility"}}},
              {"fullUrl":"urn:uuid:facility","resource":{"resourceType":"Organization","id":"facility",
                "identifier":[{"system":"https://sabt.tj/fhir/facility","value":"KHT-RB1"},
                              {"system":"https://sabt.tj/fhir/office","value":"KHT02"}],"name":"Роддоми шаҳри Кӯлоб"}},
              {"fullUrl":"urn:uuid:child","resource":{"resourceType":"Patient","id":"child","gender":"male","birthDate":"$BORN"}},
              {"fullUrl":"urn:uuid:mother","resource":{"resourceType":"RelatedPerson","id":"mother",
                "identifier":[{"system":"https://sabt.tj/fhir/national-id","value":"$MOTHER"}],
                "patient":{"reference":"Patient/child"},
                "relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-RoleCode","code":"MTH"}]}],
                "name":[{"family":"Раҳимова","given":["Гулнора"]}]}},
              {"fullUrl":"urn:uuid:weight","resource":{"resourceType":"Observation","id":"weight","status":"final",
                "code":{"coding":[{"system":"http://loinc.org","code":"8339-4"}]},"subject":{"reference":"Patient/child"},
                "valueQuantity":{"value":3200,"unit":"g","system":"http://unitsofmeasure.org","code":"g"}}}]}""";

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(applications + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String citizen, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(applications + path)).header("Authorization", "Bearer " + token);
        if (citizen != null) {
            b.header("X-Citizen-Id", citizen);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Bench.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
