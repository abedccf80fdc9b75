package org.sabt.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(EchoUpstream.class)
class GatewayTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @Test
    void a_request_without_a_token_is_refused_before_it_is_forwarded() {
        int hits = EchoUpstream.HITS.get();
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/acts")
                .then().statusCode(401).contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", notNullValue()).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("not.a.token").when().get("/api/v1/acts/1")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        assertThat(EchoUpstream.HITS.get()).isEqualTo(hits);
    }

    @Test
    void a_valid_token_is_forwarded_with_the_request_id_and_the_upstream_answer_comes_back_unchanged() {
        String token = token();
        given().auth().oauth2(token).header("X-Request-Id", "gw-test-1").contentType(ContentType.JSON)
                .body("{\"type\":\"BIRTH\"}").when().post("/api/v1/acts")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", "gw-test-1")
                // X-Road style: the exchange identified, and the hash of exactly what was forwarded
                .header("X-Road-Request-Id", "gw-test-1")
                .header("X-Road-Request-Hash", sha512("{\"type\":\"BIRTH\"}"))
                .body("code", equalTo("UPSTREAM_REFUSED"))
                .body("path", equalTo("/api/v1/acts"))
                .body("authorization", equalTo(true))
                .body("requestId", equalTo("gw-test-1"))
                .body("body", equalTo("{\"type\":\"BIRTH\"}"));
    }

    @Test
    void each_exchange_is_one_log_line_naming_the_client_route_status_latency_and_request_id() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger exchanges = Logger.getLogger("sabt.gateway.exchange");
        exchanges.addHandler(capture);
        try {
            String id = "gw-log-" + UUID.randomUUID();
            given().auth().oauth2(token()).header("X-Request-Id", id).header("X-Road-Client", "TJ/GOV/123/portal")
                    .contentType(ContentType.JSON).body("{}").when().post("/api/v1/acts").then().statusCode(422);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains(id)));
            assertThat(lines.stream().filter(l -> l.contains(id)).toList()).singleElement().satisfies(line -> assertThat(line)
                    .matches("exchange client=\\S+ caller=\\S+ method=POST route=/api/v1/acts status=422 latencyMs=\\d+\\.\\d "
                            + "requestId=" + id + " xRoadClient=TJ/GOV/123/portal"));
        } finally {
            exchanges.removeHandler(capture);
        }
    }

    @Test
    void a_token_verified_before_is_no_pass_for_its_claims_under_another_signature() {
        String token = token();
        for (int i = 0; i < 2; i++) { // verified, then known
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").when().post("/api/v1/acts")
                    .then().statusCode(422).body("authorization", equalTo(true));
        }
        int signature = token.lastIndexOf('.') + 1;
        String forged = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        given().auth().oauth2(forged).contentType(ContentType.JSON).body("{}").when().post("/api/v1/acts")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void an_unknown_api_path_is_a_404_problem() {
        given().auth().oauth2(token()).when().get("/api/v1/nothing-here").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void the_public_verification_paths_need_no_token_carry_none_and_are_rate_limited_per_address() {
        int hits = EchoUpstream.HITS.get();
        given().auth().oauth2("whatever").contentType(ContentType.JSON).body("{\"token\":\"X\"}").post("/api/v1/verifications")
                .then().statusCode(422).body("path", equalTo("/api/v1/verifications")).body("authorization", equalTo(false));
        given().get("/v").then().statusCode(422).body("path", equalTo("/v"));
        given().get("/v").then().statusCode(422);
        // the burst (3) is spent: the next is refused here, with when to come back, and never reaches the service
        given().get("/v").then().statusCode(429).contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue()).body("code", equalTo("TOO_MANY_REQUESTS"));
        assertThat(EchoUpstream.HITS.get()).isEqualTo(hits + 3);
        // an API path that is not public still needs a token
        given().post("/api/v1/acts").then().statusCode(401);
    }

    @Test
    void a_browser_portal_of_an_allowed_origin_gets_its_preflight_without_a_token_and_others_are_refused() {
        int hits = EchoUpstream.HITS.get();
        given().header("Origin", "https://portal.example.tj").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, if-match")
                .when().options("/api/v1/acts").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://portal.example.tj")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"))
                .header("Access-Control-Expose-Headers", allOf(containsString("ETag"),
                        containsString("X-Request-Id"), containsString("Location")));
        given().header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/acts").then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("CORS_ORIGIN_NOT_ALLOWED")).header("Access-Control-Allow-Origin", nullValue());
        // The request itself, from the allowed origin: the service's answer with the CORS headers.
        given().auth().oauth2(token()).header("Origin", "https://portal.example.tj").contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/acts").then().statusCode(422)
                .header("Access-Control-Allow-Origin", "https://portal.example.tj");
        assertThat(EchoUpstream.HITS.get()).isEqualTo(hits + 1);
    }

    @Test
    void a_service_that_is_down_is_a_503_problem_its_circuit_opens_and_it_is_used_again_once_it_is_back() throws Exception {
        String token = token();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).when().get("/api/v1/persons?nationalId=1").then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).header("Retry-After", notNullValue())
                    .body("code", equalTo("SERVICE_UNAVAILABLE"));
        }
        EchoUpstream.startLate();
        // The circuit lets a request through after its pause, and the service answers again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/persons?nationalId=1").then().statusCode(200));
    }

    @Test
    void a_service_that_does_not_answer_is_a_504_problem_within_the_timeout() {
        long started = System.nanoTime();
        given().auth().oauth2(token()).when().get("/api/v1/audit").then().statusCode(504)
                .contentType(startsWith("application/problem+json")).header("Retry-After", notNullValue())
                .body("code", equalTo("UPSTREAM_TIMEOUT"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void a_body_over_the_limit_is_refused_at_the_gateway_but_an_archive_import_is_streamed_through() {
        int hits = EchoUpstream.HITS.get();
        String big = "{\"x\":\"" + "a".repeat(3000) + "\"}";
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(big).when().post("/api/v1/acts").then()
                .statusCode(413).contentType(startsWith("application/problem+json")).body("code", equalTo("PAYLOAD_TOO_LARGE"));
        assertThat(EchoUpstream.HITS.get()).isEqualTo(hits);
        given().auth().oauth2(token()).contentType("text/csv").body("a".repeat(5000)).when().post("/api/v1/imports").then()
                .statusCode(422).body("body.length()", equalTo(5000));
    }

    @Test
    void thousands_of_malformed_and_well_formed_requests_mixed_never_meet_a_502() {
        String token = token();
        String[] bodies = {"{", "[]", "", "{\"type\":\"BIRTH\"}", "null", "{\"a\":", "\"text\"", "{}"};
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        IntStream.range(0, 2000).parallel().forEach(i -> {
            String path = i % 3 == 0 ? "/api/v1/acts/early" : "/api/v1/acts";
            int status = given().auth().oauth2(token).contentType(ContentType.JSON).body(bodies[i % bodies.length])
                    .when().post(path).then().extract().statusCode();
            statuses.merge(status, 1, Integer::sum);
        });
        assertThat(statuses.keySet()).containsOnly(400, 422);
    }

    @Test
    void one_client_over_its_rate_is_throttled_while_another_is_not() {
        String statistics = RestAssured.given().baseUri(issuer).contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sabt-statistics").formParam("client_secret", "statistics-secret-DEV-ONLY")
                .formParam("grant_type", "client_credentials").when().post("/protocol/openid-connect/token").then()
                .statusCode(200).extract().path("access_token");
        String staff = token();
        int hits = EchoUpstream.HITS.get();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(statistics).when().get("/api/v1/acts").then().statusCode(422)
                    .header("RateLimit-Policy", "\"reads\";q=2;w=2").header("RateLimit", startsWith("\"reads\";r="));
        }
        given().auth().oauth2(statistics).when().get("/api/v1/acts").then().statusCode(429)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("TOO_MANY_REQUESTS"))
                .header("Retry-After", notNullValue()).header("RateLimit", startsWith("\"reads\";r=0"));
        assertThat(EchoUpstream.HITS.get()).isEqualTo(hits + 2);
        // Another client (the staff's) is not touched by it.
        given().auth().oauth2(staff).when().get("/api/v1/acts").then().statusCode(422)
                .header("RateLimit-Policy", "\"reads\";q=10000;w=1");
    }

    @Test
    void an_operation_being_retired_says_so_with_deprecation_and_sunset_headers() {
        given().auth().oauth2(token()).when().get("/api/v1/acts/" + UUID.randomUUID() + "/versions").then()
                .statusCode(422)
                .header("Deprecation", "@" + LocalDate.of(2026, 6, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                .header("Sunset", "Wed, 30 Jun 2027 00:00:00 GMT")
                .header("Link", "<https://sabt.tj/developers/changes>; rel=\"deprecation\"");
        given().auth().oauth2(token()).when().get("/api/v1/acts/" + UUID.randomUUID()).then().statusCode(422)
                .header("Deprecation", nullValue()).header("Sunset", nullValue());
    }

    private static String sha512(String body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token() {
        return RestAssured.given().baseUri(issuer).contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sabt-cli").formParam("grant_type", "password")
                .formParam("username", "registrar.kulob").formParam("password", "sabt-demo")
                .when().post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }
}
