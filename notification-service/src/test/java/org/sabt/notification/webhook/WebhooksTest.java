package org.sabt.notification.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sabt.notification.TestEvents;
import org.sabt.notification.email.GreenMailServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Webhooks to a real HTTP receiver on loopback that fails, times out, throttles and then answers; signatures checked
 * with the Standard Webhooks reference library. The test profile's schedule is 0 s, 1 s, 1 s, 1 s and the timeout 2 s.
 */
@QuarkusTest
@TestSecurity(user = "admin", roles = "admin")
class WebhooksTest {

    @GreenMailServer.Inject
    GreenMail smtp;

    /** What the receiver does with the next request; OK once the plan is used up. */
    enum Answer { FAIL, HANG, THROTTLE, GONE, OK }

    record Received(Map<String, List<String>> headers, String body) {
        String id() {
            return headers.get("webhook-id").get(0);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    EntityManager em;

    private HttpServer receiver;
    private final ConcurrentLinkedDeque<Answer> plan = new ConcurrentLinkedDeque<>();
    private volatile boolean alwaysFail;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Object> made = new CopyOnWriteArrayList<>();

    @BeforeEach
    void receive() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
            received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = alwaysFail ? Answer.FAIL : plan.isEmpty() ? Answer.OK : plan.poll();
            try {
                switch (answer) {
                    case HANG -> release.await(10, TimeUnit.SECONDS); // past the 2 s timeout: the attempt gave up
                    case THROTTLE -> exchange.getResponseHeaders().add("Retry-After", "1");
                    default -> { }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = switch (answer) {
                case FAIL -> 500;
                case HANG, OK -> 204;
                case THROTTLE -> 429;
                case GONE -> 410;
            };
            byte[] body = ("answer " + answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            if (status != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        // A later test's receiver may get this one's port: nothing of this test may be sent to it.
        for (Object id : made) {
            given().when().delete("/api/v1/subscriptions/{id}", id);
        }
        release.countDown();
        receiver.stop(0);
    }

    @Test
    void a_registered_birth_reaches_the_statistics_agency_signed_anonymised_and_after_failures_once() throws Exception {
        plan.addAll(List.of(Answer.FAIL, Answer.HANG, Answer.THROTTLE));
        Map<String, Object> sub = subscribe("statistics", List.of("sabt.act.registered"));
        String secret = (String) sub.get("secret");
        assertThat(secret).startsWith("whsec_");

        String actId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        publish(TestEvents.topic("acts"), eventId, "sabt.act.registered", actId, birth(actId));
        publish(TestEvents.topic("acts"), eventId, "sabt.act.registered", actId, birth(actId)); // delivered twice

        String messageId = await().atMost(Duration.ofSeconds(40)).until(() -> message(sub, "DELIVERED"), id -> id != null);
        List<Received> mine = ofAct(actId);
        assertThat(mine).hasSize(4); // failed, timed out, throttled, delivered
        assertThat(mine).extracting(Received::id).containsOnly("msg_" + messageId);
        Webhook reference = new Webhook(secret);
        for (Received r : mine) {
            assertThatCode(() -> reference.verify(r.body(), r.headers())).doesNotThrowAnyException();
        }
        String body = mine.get(3).body();
        assertThat(body).contains("\"type\":\"sabt.act.registered\"").contains("\"actType\":\"BIRTH\"")
                .contains("\"ageAtEvent\":36").contains("\"birthYear\":1990")
                .doesNotContain("Назарова").doesNotContain("Мадина").doesNotContain("123456789012")
                .doesNotContain("BIR-DSH01");
        assertThatCode(() -> new Webhook(WebhookSignature.newSecret()).verify(body, mine.get(3).headers()))
                .as("another secret does not verify").isInstanceOf(Exception.class);

        given().when().get("/api/v1/messages/{id}", messageId).then().statusCode(200)
                .body("status", equalTo("DELIVERED"))
                .body("attemptLog.outcome", equalTo(List.of("HTTP_500", "TIMEOUT", "HTTP_429", "DELIVERED")))
                .body("attemptLog[0].answer", equalTo("answer FAIL"));
        // The event came twice; one message stands for this subscription.
        assertThat(given().queryParam("subscription", sub.get("id")).when().get("/api/v1/messages").then().statusCode(200)
                .extract().<List<String>>path("items.id")).containsExactly(messageId);
    }

    @Test
    void a_hand_off_reaches_the_agency_it_is_addressed_to_whole_and_no_other() throws Exception {
        Map<String, Object> civil = subscribe("civil-id", List.of("sabt.handoff.requested"));
        Map<String, Object> social = subscribe("social-protection", List.of("sabt.handoff.requested"));
        String application = UUID.randomUUID().toString();
        String handoff = UUID.randomUUID().toString();
        String event = """
                {"version":1,"handoffId":"%s","agency":"civil-id","applicationId":"%s","service":"REGISTER_BIRTH",
                 "office":"KHT02","actId":"%s","registrationNumber":"BIR-KHT02-2026-000321",
                 "child":{"surname":"Раҳимзода","givenName":"Зарина","sex":"FEMALE","birthDate":"2026-12-01"},
                 "mother":{"personId":"%s","nationalId":"1000000001","surname":"Раҳимзода","givenName":"Мадина"},
                 "father":null,"deceased":null,"acknowledgementUrl":"/api/v1/handoffs/%s/acknowledgement",
                 "resultUrl":"/api/v1/handoffs/%s/result","sentAt":"2026-12-02T10:00:00Z"}"""
                .formatted(handoff, application, UUID.randomUUID(), UUID.randomUUID(), handoff, handoff);
        assertThat(TestEvents.problems("sabt.handoff.requested", event)).isEmpty();
        publish(TestEvents.topic("applications"), UUID.randomUUID().toString(), "sabt.handoff.requested", application, event);

        await().atMost(Duration.ofSeconds(30)).until(() -> message(civil, "DELIVERED"), id -> id != null);
        Received delivered = received.stream().filter(r -> r.body().contains(handoff)).findFirst().orElseThrow();
        assertThatCode(() -> new Webhook((String) civil.get("secret")).verify(delivered.body(), delivered.headers()))
                .doesNotThrowAnyException();
        JsonPath body = JsonPath.from(delivered.body());
        assertThat(body.getString("data.id")).isEqualTo(handoff);
        assertThat(body.getString("data.child.givenName")).isEqualTo("Зарина");
        assertThat(body.getString("data.resultUrl")).isEqualTo("/api/v1/handoffs/" + handoff + "/result");
        // Social protection subscribed to hand-offs too, but this one is not addressed to it.
        assertThat(given().queryParam("subscription", social.get("id")).when().get("/api/v1/messages").then().statusCode(200)
                .extract().<List<String>>path("items.id")).isEmpty();
        assertThat(received.stream().filter(r -> r.body().contains(handoff))).hasSize(1);
    }

    @Test
    void a_message_that_keeps_failing_is_parked_said_on_kafka_and_replayed_by_the_admin_with_its_id() throws Exception {
        alwaysFail = true;
        Map<String, Object> sub = subscribe("civil-id", List.of("sabt.act.registered"));
        String actId = UUID.randomUUID().toString();
        publish(TestEvents.topic("acts"), UUID.randomUUID().toString(), "sabt.act.registered", actId, birth(actId));

        String messageId = await().atMost(Duration.ofSeconds(40)).until(() -> message(sub, "PARKED"), id -> id != null);
        assertThat(ofAct(actId)).hasSize(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedEvents(messageId).size() == 1);
        String parked = parkedEvents(messageId).get(0);
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Path.of("..", "docs", "events", "message-parked.schema.json").toAbsolutePath().toUri())
                .validate(new ObjectMapper().readTree(parked))).as(parked).isEmpty();
        assertThat(parked).contains("\"lastError\": \"HTTP_500\"");

        alwaysFail = false;
        given().when().post("/api/v1/messages/{id}/replay", messageId).then().statusCode(200).body("status", equalTo("QUEUED"));
        await().atMost(Duration.ofSeconds(20)).until(() -> message(sub, "DELIVERED"), id -> id != null);
        List<Received> mine = ofAct(actId);
        assertThat(mine).hasSize(5).extracting(Received::id).containsOnly("msg_" + messageId);
        // The civil registry's ID service gets names and ids.
        assertThat(mine.get(4).body()).contains("Назарова").contains("123456789012").contains("BIR-DSH01-2026-000042");
        given().when().post("/api/v1/messages/{id}/replay", messageId).then().statusCode(409)
                .body("code", equalTo("MESSAGE_NOT_REPLAYABLE"));
    }

    @Test
    void during_a_rotation_both_secrets_verify_and_a_410_disables_the_endpoint() throws Exception {
        Map<String, Object> sub = subscribe("social-protection", List.of("sabt.act.registered"));
        String old = (String) sub.get("secret");
        String fresh = given().when().post("/api/v1/subscriptions/{id}/secret", sub.get("id")).then().statusCode(200)
                .extract().path("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        given().when().get("/api/v1/subscriptions/{id}", sub.get("id")).then().statusCode(200)
                .body("secret", org.hamcrest.Matchers.nullValue());

        String actId = UUID.randomUUID().toString();
        publish(TestEvents.topic("acts"), UUID.randomUUID().toString(), "sabt.act.registered", actId, birth(actId));
        await().atMost(Duration.ofSeconds(20)).until(() -> message(sub, "DELIVERED"), id -> id != null);
        Received r = ofAct(actId).get(0);
        assertThat(r.headers().get("webhook-signature").get(0).split(" ")).hasSize(2);
        assertThatCode(() -> new Webhook(old).verify(r.body(), r.headers())).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(fresh).verify(r.body(), r.headers())).doesNotThrowAnyException();

        plan.add(Answer.GONE);
        String gone = UUID.randomUUID().toString();
        publish(TestEvents.topic("acts"), UUID.randomUUID().toString(), "sabt.act.registered", gone, birth(gone));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().when().get("/api/v1/subscriptions/{id}", sub.get("id"))
                .then().extract().<String>path("status"), "DISABLED"::equals);
        given().when().get("/api/v1/subscriptions/{id}", sub.get("id")).then().body("disabledReason", equalTo("ENDPOINT_GONE"));
        assertThat(ofAct(gone)).hasSize(1);
        // The agency's admin is told, in the offices' language (Tajik here).
        String admin = (String) sub.get("contactEmail");
        MimeMessage told = await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> GreenMailUtil.getAddressList(recipients(m)).contains(admin)).toList(), l -> l.size() == 1).get(0);
        assertThat(told.getSubject()).isEqualTo("Sabt: суроғаи веб-хуки шумо " + url() + " хомӯш карда шуд");
        assertThat(told.getContent().toString()).contains("410 Gone").contains(sub.get("id") + "/enable");
    }

    @Test
    void subscriptions_refuse_what_they_must_with_a_code_and_record_nothing() {
        long before = subscriptions();
        refuse(400, "WEBHOOK_URL_NOT_HTTPS", "statistics", "http://93.184.216.34/hook", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_FORBIDDEN", "statistics", "https://10.1.2.3/hook", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_FORBIDDEN", "statistics", "https://169.254.169.254/latest/meta-data", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_FORBIDDEN", "statistics", "https://192.168.0.10/hook", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_FORBIDDEN", "statistics", "https://[fd00::1]/hook", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_INVALID", "statistics", "https://user:pw@example.org/hook", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_INVALID", "statistics", "not a url", List.of("sabt.act.registered"));
        refuse(400, "WEBHOOK_URL_NOT_HTTPS", "statistics", "ftp://93.184.216.34/hook", List.of("sabt.act.registered"));
        refuse(422, "EVENT_TYPE_NOT_ENTITLED", "statistics", url(), List.of("sabt.person.deceased"));
        refuse(422, "EVENT_TYPE_UNKNOWN", "statistics", url(), List.of("sabt.secret.leaked"));
        refuse(422, "AGENCY_UNKNOWN", "intelligence", url(), List.of("sabt.act.registered"));
        given().contentType("application/json").body("{\"clientId\":\"x\"}").when().post("/api/v1/subscriptions")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertThat(subscriptions()).isEqualTo(before);

        Map<String, Object> sub = subscribe("statistics", List.of("sabt.act.registered"));
        given().queryParam("since", "yesterday").when().post("/api/v1/subscriptions/{id}/replay", sub.get("id"))
                .then().statusCode(400).body("code", equalTo("SINCE_INVALID"));
        given().queryParam("since", Instant.now().minusSeconds(60).toString())
                .when().post("/api/v1/subscriptions/{id}/replay", sub.get("id")).then().statusCode(200).body("replayed", equalTo(0));
        given().when().get("/api/v1/subscriptions/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("SUBSCRIPTION_NOT_FOUND"));
        given().queryParam("status", "LOST").when().get("/api/v1/messages").then().statusCode(400)
                .body("code", equalTo("STATUS_INVALID"));
        given().when().delete("/api/v1/subscriptions/{id}", sub.get("id")).then().statusCode(204);
        given().when().get("/api/v1/subscriptions/{id}", sub.get("id")).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "registrar.sino", roles = "registrar")
    void only_an_admin_manages_subscriptions() {
        given().when().get("/api/v1/subscriptions").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    private void refuse(int status, String code, String agency, String url, List<String> types) {
        given().contentType("application/json").body(Map.of("clientId", "sabt-statistics", "agency", agency, "url", url,
                        "eventTypes", types))
                .when().post("/api/v1/subscriptions").then().statusCode(status).body("code", equalTo(code))
                .contentType(startsWith("application/problem+json"));
    }

    private static jakarta.mail.Address[] recipients(MimeMessage m) {
        try {
            return m.getAllRecipients();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> subscribe(String agency, List<String> types) {
        Map<String, Object> sub = given().contentType("application/json").body(Map.of("clientId", "sabt-" + agency, "agency", agency,
                        "url", url(), "eventTypes", types, "contactEmail", "it." + UUID.randomUUID() + "@agency.example.tj"))
                .when().post("/api/v1/subscriptions").then().statusCode(201).extract().path("");
        made.add(sub.get("id"));
        return sub;
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private String message(Map<String, Object> sub, String status) {
        List<String> ids = given().queryParam("subscription", sub.get("id")).queryParam("status", status)
                .when().get("/api/v1/messages").then().statusCode(200).extract().path("items.id");
        return ids.isEmpty() ? null : ids.get(0);
    }

    private List<Received> ofAct(String actId) {
        List<Received> mine = new ArrayList<>();
        for (Received r : received) {
            if (r.body().contains(actId)) {
                mine.add(r);
            }
        }
        return Collections.unmodifiableList(mine);
    }

    private long subscriptions() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM subscription").getSingleResult()).longValue());
    }

    /** The sabt.message.parked events of the message in the outbox (payloads). */
    @SuppressWarnings("unchecked")
    private List<String> parkedEvents(String messageId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT CAST(payload AS text) FROM outbox WHERE event_type = 'sabt.message.parked' AND aggregate_id = ?1")
                .setParameter(1, messageId).getResultList());
    }

    private void publish(String topic, String eventId, String type, String key, String data) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            var r = new ProducerRecord<>(topic, key, data);
            r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                    .add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
    }

    /** A birth as registry-service publishes it (docs/events/act-registered.schema.json). */
    static String birth(String actId) {
        return """
                {"version":1,"act":{"id":"%s","type":"BIRTH","registrationNumber":"BIR-DSH01-2026-000042","office":"DSH01",
                 "registrationDate":"2026-11-30","status":"REGISTERED","version":1,"restored":false,"registeredBy":"registrar.sino",
                 "registeredAt":"2026-11-30T09:00:00Z",
                 "details":{"type":"BIRTH","office":"DSH01",
                  "child":{"personId":"%s","surname":"Назарова","givenName":"Мадина","patronymic":null,"latin":null,"sex":"FEMALE",
                           "birthDate":"2026-11-20","placeOfBirth":"Душанбе","citizenship":"TJK","nationalId":null},
                  "mother":{"personId":"%s","surname":"Назарова","givenName":"Нигина","patronymic":null,"latin":null,"sex":"FEMALE",
                           "birthDate":"1990-05-01","placeOfBirth":null,"citizenship":"TJK","nationalId":"123456789012"},
                  "father":null,"fatherBasis":null,"liveBorn":true,"childrenBorn":1,"medicalCertificateNumber":"MBC-1"}}}"""
                .formatted(actId, UUID.randomUUID(), UUID.randomUUID());
    }
}
