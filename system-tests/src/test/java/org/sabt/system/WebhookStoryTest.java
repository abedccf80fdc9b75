package org.sabt.system;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 9's agency story through the gateway with real Keycloak tokens: the statistics agency subscribes to registered
 * acts; a birth is registered while its endpoint is down; once the endpoint is up the signed webhook arrives (checked
 * with the Standard Webhooks reference library), anonymised, once by webhook-id; the delivery log shows both attempts.
 */
@ExtendWith(SystemStack.class)
class WebhookStoryTest {

    private record Received(Map<String, List<String>> headers, String body) {
    }

    private static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(user)).contentType(ContentType.JSON)
                .header("X-Reason", "webhook story").log().ifValidationFails();
    }

    @Test
    void the_statistics_agency_gets_a_signed_anonymised_webhook_after_its_endpoint_comes_back() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, Object> sub = as("admin").body(Map.of("clientId", "sabt-statistics", "agency", "statistics",
                        "url", "http://127.0.0.1:" + port + "/sabt", "eventTypes", List.of("sabt.act.registered")))
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("");
        String secret = (String) sub.get("secret");
        as("admin").body(Map.of("clientId", "sabt-statistics", "agency", "statistics", "url", "https://10.0.0.7/sabt",
                "eventTypes", List.of("sabt.act.registered"))).post("/api/v1/subscriptions").then().statusCode(400)
                .body("code", equalTo("WEBHOOK_URL_FORBIDDEN"));
        as("admin").body(Map.of("clientId", "sabt-statistics", "agency", "statistics", "url", "https://stat.example.org/",
                "eventTypes", List.of("sabt.person.deceased"))).post("/api/v1/subscriptions").then().statusCode(422)
                .body("code", equalTo("EVENT_TYPE_NOT_ENTITLED"));
        as("registrar.kulob").post("/api/v1/subscriptions").then().statusCode(403);

        try {
            // The endpoint is down: the first attempt finds nothing listening.
            String actId = as("registrar.kulob").body(birth())
                    .post("/api/v1/acts").then().statusCode(201).extract().path("id");
            String messageId = await().atMost(Duration.ofSeconds(30)).until(() -> message(sub.get("id"), "FAILED"), id -> id != null);

            List<Received> received = new CopyOnWriteArrayList<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            receiver.createContext("/sabt", exchange -> {
                Map<String, List<String>> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
                received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            try {
                // The schedule's second attempt comes 5 s (plus jitter) after the first.
                await().atMost(Duration.ofSeconds(40)).until(() -> message(sub.get("id"), "DELIVERED"), messageId::equals);
            } finally {
                receiver.stop(0);
            }
            List<Received> mine = received.stream().filter(r -> r.body().contains(actId)).toList();
            assertThat(mine).hasSize(1);
            Received webhook = mine.get(0);
            assertThat(webhook.headers().get("webhook-id")).containsExactly("msg_" + messageId);
            assertThatCode(() -> new Webhook(secret).verify(webhook.body(), webhook.headers())).doesNotThrowAnyException();
            assertThat(webhook.body()).contains("\"type\":\"sabt.act.registered\"").contains("\"actType\":\"BIRTH\"")
                    .contains("\"office\":\"KHT02\"").doesNotContain("Ҳасанова").doesNotContain("Малика").doesNotContain("BIR-KHT02");

            as("admin").get("/api/v1/messages/" + messageId).then().statusCode(200)
                    .body("status", equalTo("DELIVERED"))
                    .body("attemptLog.size()", equalTo(2))
                    .body("attemptLog[1].outcome", equalTo("DELIVERED"));
        } finally {
            as("admin").delete("/api/v1/subscriptions/" + sub.get("id")).then().statusCode(204);
        }
    }

    @Test
    void an_endpoint_that_answers_410_is_disabled_its_admin_told_and_its_parked_message_replayed_by_the_admin() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/sabt", exchange -> {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
            received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(gone.get() ? 410 : 204, -1);
            exchange.close();
        });
        receiver.start();
        String admin = "it." + UUID.randomUUID() + "@social.example.tj";
        Map<String, Object> sub = as("admin").body(Map.of("clientId", "sabt-social-protection", "agency", "social-protection",
                        "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/sabt",
                        "eventTypes", List.of("sabt.act.registered"), "contactEmail", admin))
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("");
        try {
            String actId = as("registrar.kulob").body(birth()).post("/api/v1/acts").then().statusCode(201).extract().path("id");
            // 410: the endpoint is disabled at once, its message parked, its agency's admin told by e-mail.
            await().atMost(Duration.ofSeconds(30)).until(() -> as("admin").get("/api/v1/subscriptions/" + sub.get("id"))
                    .then().extract().<String>path("status"), "DISABLED"::equals);
            String parked = await().atMost(Duration.ofSeconds(30)).until(() -> message(sub.get("id"), "PARKED"), m -> m != null);
            List<Map<String, Object>> told = await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given()
                    .baseUri(SystemStack.config().peersUrl()).queryParam("to", admin).get("/mail").then().statusCode(200)
                    .extract().jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList(), l -> !l.isEmpty());
            assertThat((String) told.get(0).get("text")).contains("410 Gone").contains(sub.get("id") + "/enable");

            // The agency fixes its endpoint; the admin turns the subscription on and replays the parked message.
            gone.set(false);
            as("admin").post("/api/v1/subscriptions/" + sub.get("id") + "/enable").then().statusCode(200);
            as("admin").post("/api/v1/messages/" + parked + "/replay").then().statusCode(200).body("status", equalTo("QUEUED"));
            await().atMost(Duration.ofSeconds(30)).until(() -> message(sub.get("id"), "DELIVERED"), parked::equals);
            List<Received> mine = received.stream().filter(r -> r.body().contains(actId)).toList();
            assertThat(mine).hasSize(2); // the 410, then the replay
            assertThat(mine.stream().map(r -> r.headers().get("webhook-id").get(0)).distinct().toList())
                    .as("the same webhook-id on the replay").containsExactly("msg_" + parked);
            assertThat(mine.get(1).body()).contains("Ҳасанова"); // social protection's view is FULL
        } finally {
            receiver.stop(0);
            as("admin").delete("/api/v1/subscriptions/" + sub.get("id")).then().statusCode(204);
        }
    }

    /** A birth no other test registers: its mother is new, with her own national id (no duplicate to hold it). */
    private static Map<String, Object> birth() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return Map.of("type", "BIRTH", "office", "KHT02",
                "child", Map.of("surname", "Ҳасанзода", "givenName", "Фаррух", "sex", "MALE",
                        "birthDate", java.time.LocalDate.now().minusDays(1 + random.nextInt(20)).toString(), "placeOfBirth", "Кӯлоб"),
                "mother", Map.of("surname", "Ҳасанова", "givenName", "Малика", "sex", "FEMALE",
                        "birthDate", java.time.LocalDate.of(1985, 1, 1).plusDays(random.nextInt(5000)).toString(),
                        "nationalId", String.valueOf(random.nextLong(2_000_000_000L, 9_999_999_999L))),
                "medicalCertificateNumber", "MBC-" + UUID.randomUUID());
    }

    private static String message(Object subscription, String status) {
        List<String> ids = as("admin").queryParam("subscription", subscription).queryParam("status", status)
                .get("/api/v1/messages").then().statusCode(200).extract().path("items.id");
        return ids.isEmpty() ? null : ids.get(0);
    }
}
