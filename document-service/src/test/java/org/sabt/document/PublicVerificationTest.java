package org.sabt.document;

import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verification as the public meets it: the page in a real headless Chromium (Debian's chromium), and offline with
 * other libraries than the ones that signed: cose-java for the token, jose4j for the status list.
 */
@QuarkusTest
class PublicVerificationTest {

    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource("/v")
    URL page;

    static Registry registry;

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    String issuedLink(ObjectNode act) {
        if (registry == null) {
            registry = new Registry(bootstrap);
        }
        registry.registered(act);
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM act_snapshot WHERE act_id = CAST(?1 AS uuid)")
                        .setParameter(1, act.get("id").asText()).getSingleResult()).longValue()) == 1);
        return CertificatesTest.issue(CertificatesTest.REGISTRAR, act, "CERTIFICATE", "ELECTRONIC").then().statusCode(201)
                .extract().jsonPath().getString("verificationLink");
    }

    @Test
    void the_page_in_a_real_browser_shows_valid_revoked_and_not_valid() throws Exception {
        ObjectNode act = Registry.birthAct(UUID.randomUUID(), 1, CertificatesTest.KULOB, "REGISTERED");
        String token = token(issuedLink(act));

        Document valid = browse(page + "?lang=ru#" + token);
        assertThat(valid.getElementById("result").attr("data-result")).isEqualTo("VALID");
        assertThat(valid.getElementById("result").text()).isEqualTo("ДЕЙСТВИТЕЛЬНО");
        assertThat(valid.getElementById("details").text()).contains(act.get("registrationNumber").asText(), "Раҳмонзода Фаррухҷамшед");

        String tampered = token.substring(0, 200) + (token.charAt(200) == 'Q' ? 'R' : 'Q') + token.substring(201);
        Document forged = browse(page + "?lang=en#" + tampered);
        assertThat(forged.getElementById("result").attr("data-result")).isEqualTo("NOT_VALID");
        assertThat(forged.getElementById("details").text()).isEmpty();

        ObjectNode corrected = Registry.birthAct(UUID.fromString(act.get("id").asText()), 2, CertificatesTest.KULOB, "REGISTERED");
        registry.amended(corrected, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "REVOKED".equals(given().contentType("application/json")
                .body(Map.of("token", token)).post("/api/v1/verifications").jsonPath().getString("result")));
        Document revoked = browse(page + "?lang=tg#" + token);
        assertThat(revoked.getElementById("result").attr("data-result")).isEqualTo("REVOKED");
        assertThat(revoked.getElementById("reason").attr("data-reason")).isEqualTo("SUPERSEDED");
        assertThat(revoked.getElementById("result").text()).isEqualTo("БЕКОР КАРДА ШУДААСТ");
    }

    @Test
    void a_token_verifies_offline_with_the_published_keys_and_status_list_using_other_libraries() throws Exception {
        ObjectNode act = Registry.birthAct(UUID.randomUUID(), 1, CertificatesTest.KULOB, "REGISTERED");
        String token = token(issuedLink(act));
        JsonWebKeySet keys = new JsonWebKeySet(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());

        // the token: COSE_Sign1 checked by cose-java against the published key its kid names
        Sign1Message message = (Sign1Message) Message.DecodeFromBytes(TokenText.cose(token), MessageTag.Sign1);
        String kid = new String(message.findAttribute(CBORObject.FromObject(4)).GetByteString(), StandardCharsets.US_ASCII);
        PublicKey key = ((PublicJsonWebKey) keys.findJsonWebKey(kid, "EC", "sig", "ES256")).getPublicKey();
        assertThat(message.validate(new OneKey(key, null))).isTrue();
        CBORObject claims = CBORObject.DecodeFromBytes(message.GetContent());
        assertThat(claims.get(4).AsString()).isEqualTo(act.get("registrationNumber").asText());
        long index = claims.get(10).AsInt64Value();

        // the status list: a JWT checked by jose4j, its bits read by hand
        String jwt = given().get("/api/v1/certificates/status-list").then().statusCode(200).extract().asString();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        jws.setKey(((PublicJsonWebKey) keys.findJsonWebKey(jws.getKeyIdHeaderValue(), "EC", "sig", "ES256")).getPublicKey());
        assertThat(jws.verifySignature()).isTrue();
        assertThat(jws.getHeader("typ")).isEqualTo("statuslist+jwt");
        Map<String, Object> list = JwtClaims.parse(jws.getPayload()).getClaimValue("status_list", Map.class);
        assertThat(((Number) list.get("bits")).intValue()).isEqualTo(2);
        byte[] bits = TokenText.inflate(Base64.getUrlDecoder().decode((String) list.get("lst")), false);
        assertThat((bits[(int) (index / 4)] >> (int) ((index % 4) * 2)) & 3).as("VALID is 0").isZero();
    }

    static String token(String link) {
        return link.substring(link.indexOf('#') + 1);
    }

    /** The page's DOM after its scripts ran, as headless Chromium renders it. */
    static Document browse(String url) throws Exception {
        Path profile = Files.createTempDirectory("sabt-chromium");
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Jsoup.parse(dom);
    }
}
