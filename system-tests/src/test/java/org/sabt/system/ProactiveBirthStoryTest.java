package org.sabt.system;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.system.OneWindowStoryTest.act;
import static org.sabt.system.OneWindowStoryTest.as;
import static org.sabt.system.OneWindowStoryTest.inRegistry;
import static org.sabt.system.OneWindowStoryTest.nationalId;
import static org.sabt.system.OneWindowStoryTest.person;
import static org.sabt.system.OneWindowStoryTest.portalFor;
import static org.sabt.system.OneWindowStoryTest.read;

/**
 * Issue 10's story (a) through the gateway with real Keycloak tokens: the health ministry's client sends a FHIR notice
 * of Madina's son; Sabt proposes the birth's application to her and tells her by SMS; she completes it and consents
 * through the demo portal, with no visit; the back office approves with every check already passed; the act and its
 * certificate exist; the ID service, social protection and the polyclinic each get a signed webhook for their hand-off
 * (social protection's endpoint down at first); the ID service acknowledges and returns a personal number, social
 * protection fails once and then succeeds; Madina's application shows all three done, and she is told of each.
 */
@ExtendWith(SystemStack.class)
class ProactiveBirthStoryTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final List<String> AGENCIES = List.of("civil-id", "social-protection", "polyclinic");

    private record Received(String agency, Map<String, List<String>> headers, String body) {
    }

    private static RequestSpecification agency(String code) {
        return RestAssured.given().auth().oauth2(Keycloak.clientToken("sabt-" + code, code + "-secret-DEV-ONLY"))
                .contentType(ContentType.JSON).log().ifValidationFails();
    }

    @Test
    void a_birth_notified_by_the_hospital_is_registered_with_the_mother_s_consent_and_handed_to_three_agencies() throws Exception {
        // Madina and her husband Farrukh, married two years ago, as the registry knows them.
        String motherId = nationalId();
        Map<String, Object> madina = person(motherId, "Раҳимова", "Мадина", "FEMALE", TODAY.minusYears(27));
        Map<String, Object> farrukh = person(nationalId(), "Раҳимов", "Фаррух", "MALE", TODAY.minusYears(30));
        inRegistry(madina);
        inRegistry(farrukh);
        as("registrar.kulob").body(Map.of("type", "MARRIAGE", "office", "KHT02",
                        "spouse1", Map.of("personId", personId(farrukh)), "spouse2", Map.of("personId", personId(madina)),
                        "marriageDate", TODAY.minusYears(2).toString(), "jointApplication", Map.of("number",
                                "ЗА-" + UUID.randomUUID().toString().substring(0, 8), "date", TODAY.minusYears(2).minusMonths(2).toString(),
                                "issuedBy", "ЗАГС Кӯлоб")))
                .post("/api/v1/acts").then().statusCode(201);
        // Kulob has birth certificate blanks of this test's own.
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        as("admin").body(Map.of("series", "II-ТҶ", "from", from, "to", from + 1, "certificateType", "BIRTH"))
                .post("/api/v1/blanks/receipts").then().statusCode(201);
        as("admin").body(Map.of("series", "II-ТҶ", "from", from, "to", from + 1, "office", "KHT02"))
                .post("/api/v1/blanks/transfers").then().statusCode(201);

        // The three agencies' endpoints; social protection's answers 503 to its first delivery.
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicBoolean socialDown = new AtomicBoolean(true);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        for (String code : AGENCIES) {
            receiver.createContext("/" + code, exchange -> {
                Map<String, List<String>> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
                received.add(new Received(code, headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                boolean fail = code.equals("social-protection") && socialDown.getAndSet(false);
                exchange.sendResponseHeaders(fail ? 503 : 204, -1);
                exchange.close();
            });
        }
        receiver.start();
        Map<String, String> secrets = new ConcurrentHashMap<>();
        List<Object> subscriptions = new CopyOnWriteArrayList<>();
        try {
            for (String code : AGENCIES) {
                Map<String, Object> sub = as("admin").body(Map.of("clientId", "sabt-" + code, "agency", code,
                                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + code,
                                "eventTypes", List.of("sabt.handoff.requested")))
                        .post("/api/v1/subscriptions").then().statusCode(201).extract().path("");
                secrets.put(code, (String) sub.get("secret"));
                subscriptions.add(sub.get("id"));
            }

            // The maternity hospital's notice, as FHIR, from the health ministry's client.
            String phone = "99293" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            String certificate = "MBC-" + UUID.randomUUID();
            String ministry = Keycloak.clientToken("sabt-health-ministry", "health-ministry-secret-DEV-ONLY");
            String id = RestAssured.given().auth().oauth2(ministry).contentType("application/fhir+json; charset=UTF-8")
                    .body(FhirBirthNotice.of("MOH-" + UUID.randomUUID(), certificate, motherId, "Раҳимова", "Мадина",
                            TODAY.minusDays(1), 3400, "+" + phone)).post("/api/v1/medical-notices").then()
                    .statusCode(201).body("notice.subjectKnown", equalTo(true)).extract().path("notice.proposedApplicationId");
            assertThat(id).as("an application proposed to the mother").isNotNull();

            // Madina is told by SMS, in Tajik, with the link to it.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> CitizenMessagesStoryTest
                    .joined(sms(phone)).stream().anyMatch(t -> t.contains("омода шуд") && t.contains("/applications/" + id)));

            // Through the demo portal: pre-filled, her husband presumed the father; she names the child and consents.
            JsonPath proposed = portalFor(motherId).get("/api/v1/applications/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(proposed.getString("status")).isEqualTo("PROPOSED");
            assertThat(proposed.getString("form.child.sex")).isEqualTo("MALE");
            assertThat(proposed.getString("proposal.presumedFather.fullName")).contains("Фаррух");
            portalFor(nationalId()).get("/api/v1/applications/" + id).then().statusCode(404);
            act(portalFor(motherId), proposed, "consent", Map.of("form", Map.of("child", Map.of("surname", "Раҳимов",
                    "givenName", "Фирдавс", "patronymic", "Фаррухович")), "presumedFatherConfirmed", true))
                    .statusCode(200).body("status", equalTo("ACCEPTED"));

            // The back office finds every check passed, and approves.
            as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
            act("backoffice.kulob", id, "review", null).statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(read("backoffice.kulob", id)
                    .getList("tasks.status", String.class)).isNotEmpty().containsOnly("PASSED"));
            act("backoffice.kulob", id, "approval", null).statusCode(200).body("status", equalTo("REGISTERED"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> read("backoffice.kulob", id).getString("status"), "CERTIFICATE_ISSUED"::equals);
            JsonPath done = read("backoffice.kulob", id);
            as("registrar.kulob").get("/api/v1/acts/" + done.getString("registration.actId")).then().statusCode(200)
                    .body("details.fatherBasis", equalTo("PRESUMED_BY_MARRIAGE"))
                    .body("details.child.givenName", equalTo("Фирдавс"));
            assertThat(done.getString("registration.certificateId")).isNotNull();

            // Each agency gets its own hand-off, signed (social protection's after its endpoint came back).
            Map<String, String> handoffs = new HashMap<>();
            for (String code : AGENCIES) {
                // Social protection's first delivery met its 503; the one that counts is the retry, 5 s on.
                int deliveries = code.equals("social-protection") ? 2 : 1;
                List<Received> theirs = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> received.stream().filter(r -> r.agency().equals(code) && r.body().contains(id)).toList(),
                                l -> l.size() >= deliveries);
                Received webhook = theirs.get(theirs.size() - 1);
                assertThatCode(() -> new Webhook(secrets.get(code)).verify(webhook.body(), webhook.headers()))
                        .doesNotThrowAnyException();
                JsonPath body = JsonPath.from(webhook.body());
                assertThat(body.getString("type")).isEqualTo("sabt.handoff.requested");
                assertThat(body.getString("data.agency")).isEqualTo(code);
                assertThat(body.getString("data.child.givenName")).isEqualTo("Фирдавс");
                handoffs.put(code, body.getString("data.id"));
            }
            assertThat(received.stream().filter(r -> r.agency().equals("social-protection") && r.body().contains(id)))
                    .as("503, then delivered").hasSize(2);
            assertThat(received.stream().filter(r -> r.body().contains(id)).map(r -> r.agency() + ":" + JsonPath.from(r.body())
                    .getString("data.agency"))).allMatch(s -> s.split(":")[0].equals(s.split(":")[1]));

            // The ID service acknowledges and assigns a personal number; social protection fails once, then succeeds.
            String personalNumber = "2026" + ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L);
            agency("social-protection").post("/api/v1/handoffs/" + handoffs.get("civil-id") + "/acknowledgement").then()
                    .statusCode(403).body("code", equalTo("HANDOFF_NOT_YOURS"));
            agency("civil-id").post("/api/v1/handoffs/" + handoffs.get("civil-id") + "/acknowledgement").then().statusCode(200)
                    .body("status", equalTo("ACKNOWLEDGED"));
            agency("civil-id").body(Map.of("outcome", "DONE", "reference", personalNumber))
                    .post("/api/v1/handoffs/" + handoffs.get("civil-id") + "/result").then().statusCode(200);
            agency("social-protection").body(Map.of("outcome", "FAILED", "reason", "the benefit register is offline"))
                    .post("/api/v1/handoffs/" + handoffs.get("social-protection") + "/result").then().statusCode(200)
                    .body("status", equalTo("FAILED"));
            agency("social-protection").body(Map.of("outcome", "DONE", "reference", "CB-" + personalNumber))
                    .post("/api/v1/handoffs/" + handoffs.get("social-protection") + "/result").then().statusCode(200);
            agency("polyclinic").body(Map.of("outcome", "DONE", "reference", "PC-17"))
                    .post("/api/v1/handoffs/" + handoffs.get("polyclinic") + "/result").then().statusCode(200);

            // Madina sees all three done, in Tajik, and is told of each.
            JsonPath hers = portalFor(motherId).header("Accept-Language", "tg").get("/api/v1/applications/" + id).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(hers.getList("handoffs.status", String.class)).containsExactly("DONE", "DONE", "DONE");
            assertThat(hers.getString("handoffs.find { it.agency == 'civil-id' }.reference")).isEqualTo(personalNumber);
            assertThat(hers.getString("handoffs.find { it.agency == 'civil-id' }.agencyName")).contains("Хадамоти шиносномавӣ");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<String> texts = CitizenMessagesStoryTest.joined(sms(phone));
                assertThat(texts).anyMatch(t -> t.contains(personalNumber) && t.contains("Хадамоти шиносномавӣ"))
                        .anyMatch(t -> t.contains("CB-" + personalNumber)).anyMatch(t -> t.contains("PC-17"));
            });
        } finally {
            receiver.stop(0);
            for (Object sub : subscriptions) {
                as("admin").delete("/api/v1/subscriptions/" + sub).then().statusCode(204);
            }
        }
    }

    private static String personId(Map<String, Object> someone) {
        return as("registrar.kulob").queryParam("nationalId", someone.get("nationalId")).get("/api/v1/persons").then()
                .statusCode(200).extract().path("items[0].personId");
    }

    /** The SMS segments the local stack's SMSC took for a number, oldest first. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sms(String to) {
        return RestAssured.given().baseUri(SystemStack.config().peersUrl()).queryParam("to", to).get("/sms").then()
                .statusCode(200).extract().jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
    }
}
