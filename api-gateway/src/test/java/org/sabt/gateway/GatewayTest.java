package org.sabt.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
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
                .body("code", equalTo("UPSTREAM_REFUSED"))
                .body("path", equalTo("/api/v1/acts"))
                .body("authorization", equalTo(true))
                .body("requestId", equalTo("gw-test-1"))
                .body("body", equalTo("{\"type\":\"BIRTH\"}"));
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

    private String token() {
        return RestAssured.given().baseUri(issuer).contentType("application/x-www-form-urlencoded")
                .formParam("client_id", "sabt-cli").formParam("grant_type", "password")
                .formParam("username", "registrar.kulob").formParam("password", "sabt-demo")
                .when().post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }
}
