package org.sabt.system;

import io.restassured.RestAssured;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue 15's developer page and sandbox credentials, as a new portal developer meets them: the page on the gateway,
 * opened in headless Chromium, says how to get credentials, how to ask for a token (at this stack's Keycloak) and what
 * the first call is, and links to the OpenAPI document and the event schemas, which it serves; then `./sabt
 * sandbox-client` makes a client with the portal role in the stack's Keycloak, whose secret (shown once) gets a token
 * that the gateway accepts.
 */
@ExtendWith(SystemStack.class)
class DeveloperPortalTest {

    @Test
    void the_developer_page_leads_to_a_sandbox_client_whose_token_makes_the_first_call() throws Exception {
        Document page = StatisticsPageTest.render(RestAssured.baseURI + "/developers");
        assertThat(page.body().attr("data-ready")).isEqualTo("true");
        assertThat(page.getElementById("title").text()).isEqualTo("Sabt for developers");
        assertThat(page.getElementById("sandbox-command").text()).startsWith("./sabt sandbox-client");
        assertThat(page.getElementById("token-request").text())
                .contains(SystemStack.config().oidcUrl() + "/protocol/openid-connect/token");
        assertThat(page.getElementById("first-call-request").text()).contains(RestAssured.baseURI + "/api/v1/services");
        assertThat(page.getElementById("openapi").attr("href")).isEqualTo("/q/openapi");
        List<String> events = page.select("#events a").stream().map(Element::text).toList();
        assertThat(events).contains("sabt.act.registered", "sabt.handoff.requested", "sabt.certificate.issued");
        // Each schema link is served, as the JSON Schema it names.
        String href = page.select("#events a").stream().filter(a -> a.text().equals("sabt.act.registered")).findFirst()
                .orElseThrow().attr("href");
        RestAssured.given().get(href).then().statusCode(200).body("title", startsWith("sabt.act.registered"));
        RestAssured.given().get("/developers/events/nothing.schema.json").then().statusCode(404).body("code", equalTo("NOT_FOUND"));

        // The operators make a sandbox client for the portal; its secret is printed once.
        String client = "sandbox-" + UUID.randomUUID().toString().substring(0, 8);
        ProcessBuilder sabt = new ProcessBuilder("bash", SystemStack.config().repo().resolve("sabt").toString(),
                "sandbox-client", client, "portal").redirectErrorStream(true);
        sabt.environment().put("SABT_OIDC_URL", SystemStack.config().oidcUrl());
        Process run = sabt.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        String secret = out.lines().filter(l -> l.startsWith("client_secret=")).findFirst().orElseThrow()
                .substring("client_secret=".length());
        // Client credentials, then the first call through the gateway, for a citizen.
        String token = Keycloak.clientToken(client, secret);
        RestAssured.given().auth().oauth2(token).header("Accept-Language", "en").get("/api/v1/services").then()
                .statusCode(200).body("code", hasItem("REGISTER_BIRTH"));
        RestAssured.given().auth().oauth2(token).header("X-Citizen-Id", "1000000001").get("/api/v1/applications").then()
                .statusCode(200);
        // A staff role is not given to a sandbox client.
        ProcessBuilder refused = new ProcessBuilder("bash", SystemStack.config().repo().resolve("sabt").toString(),
                "sandbox-client", client + "-x", "admin").redirectErrorStream(true);
        refused.environment().put("SABT_OIDC_URL", SystemStack.config().oidcUrl());
        Process no = refused.start();
        no.getInputStream().readAllBytes();
        assertThat(no.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(no.exitValue()).isNotZero();
    }
}
