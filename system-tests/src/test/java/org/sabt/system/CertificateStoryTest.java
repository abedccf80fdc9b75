package org.sabt.system;

import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.upokecenter.cbor.CBORObject;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.sabt.bench.Keycloak;
import org.junit.jupiter.api.extension.ExtendWith;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 8's story through the gateway, with real Keycloak tokens: blanks reach Kulob; a birth registered through the
 * one window gets its certificate on a blank by itself; the PDF passes veraPDF and its QR verifies by the API, the
 * page in Chromium and another COSE library; the record is corrected, the certificate verifies as REVOKED, a repeat
 * certificate on the next blank verifies VALID; a blank is spoiled; the journal balances.
 */
@ExtendWith(SystemStack.class)
class CertificateStoryTest {

    private static final LocalDate TODAY = LocalDate.now();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(Keycloak.userToken(user)).contentType(ContentType.JSON)
                .header("X-Reason", "certificate story").log().ifValidationFails();
    }

    /**
     * The page's QR as ZXing reads it from the page rendered at a print resolution: 200 dpi, else 250 or 300 (a
     * resampled page's module grid sometimes lands badly for the sampler at one of them: 0 of 40 certificates at 200
     * dpi, 2 of 40 at 300, in a probe).
     */
    private static String qr(PDFRenderer renderer) throws Exception {
        Exception last = null;
        for (int dpi : new int[] {200, 250, 300}) {
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                        renderer.renderImageWithDPI(0, dpi)))), Map.of(DecodeHintType.TRY_HARDER, true)).getText();
            } catch (FormatException | ChecksumException | NotFoundException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String nationalId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L));
    }

    @Test
    void a_birth_gets_its_certificate_on_a_blank_the_qr_verifies_and_a_correction_revokes_it() throws Exception {
        // The national stock receives a batch of birth certificate blanks; part of it goes to Kulob.
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        String series = "X-ТҶ";
        as("admin").body(Map.of("series", series, "from", from, "to", from + 9, "certificateType", "BIRTH"))
                .post("/api/v1/blanks/receipts").then().statusCode(201).body("kind", equalTo("RECEIVED"));
        as("admin").body(Map.of("series", series, "from", from, "to", from + 4, "office", "KHT02"))
                .post("/api/v1/blanks/transfers").then().statusCode(201).body("kind", equalTo("TRANSFERRED_IN"));

        // A walk-in birth, through the one window to REGISTERED; the certificate follows without anyone asking.
        String motherId = nationalId();
        Map<String, Object> mother = new HashMap<>(Map.of("nationalId", motherId, "surname", "Шарипова", "givenName", "Зарина",
                "sex", "FEMALE", "birthDate", TODAY.minusYears(29).toString()));
        as("archivist").body(Map.of("paperRegistrationNumber", "P-" + UUID.randomUUID(), "registrationDate",
                TODAY.minusYears(29).plusDays(3).toString(), "act", Map.of("type", "BIRTH", "office", "KHT02", "child", mother,
                        "mother", Map.of("surname", "Шарипова", "givenName", "Гулнора", "sex", "FEMALE",
                                "birthDate", TODAY.minusYears(53).toString(), "nationalId", nationalId()))))
                .post("/api/v1/acts/restorations").then().statusCode(201);
        String medical = "MBC-" + UUID.randomUUID();
        Map<String, Object> application = new HashMap<>(Map.of("service", "REGISTER_BIRTH", "office", "KHT02",
                "form", Map.of("child", Map.of("surname", "Шарипов", "givenName", "Далер", "sex", "MALE",
                                "birthDate", TODAY.minusDays(3).toString(), "placeOfBirth", "Кӯлоб"),
                        "mother", mother, "medicalCertificateNumber", medical),
                "contact", Map.of("phone", "+992900000321", "language", "tg"),
                "applicant", Map.of("nationalId", motherId, "name", "Шарипова Зарина")));
        String id = as("registrar.kulob").body(application).post("/api/v1/applications").then().statusCode(201).extract().path("id");
        version(id, "registrar.kulob").body(Map.of("documentsSeen", List.of("MOTHER_ID", "MEDICAL_BIRTH_CERTIFICATE")))
                .post("/api/v1/applications/" + id + "/acceptance").then().statusCode(200);
        as("backoffice.kulob").post("/api/v1/applications/" + id + "/assignment").then().statusCode(200);
        version(id, "backoffice.kulob").post("/api/v1/applications/" + id + "/review").then().statusCode(200);
        String ministry = Keycloak.clientToken("sabt-health-ministry", "health-ministry-secret-DEV-ONLY");
        String task = RestAssured.given().auth().oauth2(ministry).get("/api/v1/tasks?assignee=me&limit=100").then()
                .statusCode(200).extract().jsonPath().getString("items.find { it.applicationId == '" + id + "' }.id");
        RestAssured.given().auth().oauth2(ministry).contentType(ContentType.JSON).body(Map.of("outcome", "PASSED", "reference", "MOH-1"))
                .post("/api/v1/applications/" + id + "/tasks/" + task + "/result").then().statusCode(200);
        version(id, "backoffice.kulob").post("/api/v1/applications/" + id + "/approval").then().statusCode(200)
                .body("status", equalTo("REGISTERED"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "CERTIFICATE_ISSUED".equals(as("backoffice.kulob").get("/api/v1/applications/" + id).path("status")));
        String certificateId = as("backoffice.kulob").get("/api/v1/applications/" + id).path("registration.certificateId");
        assertThat(certificateId).as("the application names its certificate").isNotNull();
        JsonPath certificate = as("registrar.kulob").get("/api/v1/certificates/" + certificateId).then().statusCode(200)
                .body("kind", equalTo("CERTIFICATE")).body("medium", equalTo("PAPER")).body("status", equalTo("VALID"))
                .body("office", equalTo("KHT02")).extract().jsonPath();
        assertThat(certificate.getString("blankSeries")).isNotNull();
        String actId = certificate.getString("actId");
        String link = certificate.getString("verificationLink");
        String token = link.substring(link.indexOf('#') + 1);
        assertThat(link).startsWith(SystemStack.config().gatewayUrl() + "/v#");

        // The paper: PDF/A-3u by veraPDF, both languages by PDFBox, the QR read back by ZXing to the link.
        byte[] pdf = as("registrar.kulob").get("/api/v1/certificates/" + certificateId + "/pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        VeraGreenfieldFoundryProvider.initialise();
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf))) {
            ValidationResult result = Foundries.defaultInstance().createValidator(parser.getFlavour(), false).validate(parser);
            assertThat(result.getTestAssertions().stream().filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + " " + a.getMessage()).toList()).isEmpty();
            assertThat(parser.getFlavour().toString()).contains("3").containsIgnoringCase("u");
        }
        String number = certificate.getString("registrationNumber");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("СВИДЕТЕЛЬСТВО О РОЖДЕНИИ", "ШАҲОДАТНОМА ДАР БОРАИ ТАВАЛЛУД",
                    "Шарипов", "Далер", "Шарипова", "Зарина", number, "Кӯдак", "Ребёнок");
            assertThat(qr(new PDFRenderer(doc))).isEqualTo(link);
        }

        // Verified by the API (no token), by the page in a real browser, and offline with cose-java.
        assertThat(verify(token).getString("result")).isEqualTo("VALID");
        Document valid = StatisticsPageTest.render(link);
        assertThat(valid.getElementById("result").attr("data-result")).isEqualTo("VALID");
        assertThat(valid.getElementById("details").text()).contains(number, "Шарипов Далер");
        assertThat(offline(token)).isTrue();

        // The record is corrected: the certificate is superseded; a repeat certificate on another blank is valid.
        JsonPath act = as("registrar.kulob").get("/api/v1/acts/" + actId).then().statusCode(200).extract().jsonPath();
        Map<String, Object> details = new HashMap<>(act.getMap("details"));
        Map<String, Object> child = new HashMap<>(act.getMap("details.child"));
        child.put("givenName", "Далерҷон");
        details.put("child", child);
        as("registrar.kulob").header("If-Match", "\"" + act.getInt("version") + "\"").body(Map.of("reason", "the mother's application: spelling",
                        "basisDocument", Map.of("kind", "APPLICATION", "number", "ИЗ-" + from, "date", TODAY.toString()), "details", details))
                .post("/api/v1/acts/" + actId + "/amendments").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "REVOKED".equals(verify(token).getString("result")));
        assertThat(verify(token).getString("reason")).isEqualTo("SUPERSEDED");
        Document revoked = StatisticsPageTest.render(link);
        assertThat(revoked.getElementById("result").attr("data-result")).isEqualTo("REVOKED");
        assertThat(revoked.getElementById("reason").attr("data-reason")).isEqualTo("SUPERSEDED");

        JsonPath repeat = as("registrar.kulob").body(Map.of("actId", actId, "kind", "REPEAT_CERTIFICATE", "medium", "PAPER"))
                .post("/api/v1/certificates").then().statusCode(201).extract().jsonPath();
        assertThat(repeat.getString("blankSeries") + repeat.getInt("blankNumber"))
                .isNotEqualTo(certificate.getString("blankSeries") + certificate.getInt("blankNumber"));
        String repeatToken = repeat.getString("verificationLink").substring(repeat.getString("verificationLink").indexOf('#') + 1);
        assertThat(verify(repeatToken).getString("result")).isEqualTo("VALID");
        assertThat(verify(repeatToken).getString("certificate.persons[0].givenName")).isEqualTo("Далерҷон");

        // A blank of the batch is spoiled; the journals of Kulob and of the national stock balance.
        String free = SystemStack.column("documents", "SELECT number FROM blank WHERE series = '" + series
                + "' AND office = 'KHT02' AND state = 'FREE' ORDER BY number LIMIT 1").get(0);
        as("registrar.kulob").body(Map.of("reason", "printer jam")).post("/api/v1/blanks/" + series + "/" + free + "/spoilage")
                .then().statusCode(200);
        for (String holder : List.of("KHT02", "STOCK")) {
            JsonPath journal = as("admin").get("/api/v1/blanks/journal?office=" + holder).then().statusCode(200).extract().jsonPath();
            assertThat(journal.getLong("opening") + journal.getLong("received") + journal.getLong("transferredIn")
                    - journal.getLong("issued") - journal.getLong("spoiled") - journal.getLong("transferredOut"))
                    .isEqualTo(journal.getLong("closing")).isEqualTo(journal.getLong("freeNow"));
            assertThat(journal.getBoolean("balances")).as(holder).isTrue();
        }
    }

    private static RequestSpecification version(String id, String user) {
        int v = as(user).get("/api/v1/applications/" + id).then().statusCode(200).extract().path("version");
        return as(user).header("If-Match", "\"" + v + "\"");
    }

    private static JsonPath verify(String token) {
        return RestAssured.given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/verifications")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The token checked as an offline verifier would: the published keys, and a COSE library that did not sign it. */
    private static boolean offline(String token) throws Exception {
        JsonNode jwks = JSON.readTree(RestAssured.given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        Sign1Message message = (Sign1Message) Message.DecodeFromBytes(inflate(base32(token)), MessageTag.Sign1);
        String kid = new String(message.findAttribute(CBORObject.FromObject(4)).GetByteString(), StandardCharsets.US_ASCII);
        for (JsonNode key : jwks.path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return message.validate(new OneKey(ecKey(key), null));
            }
        }
        return false;
    }

    private static PublicKey ecKey(JsonNode jwk) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("x").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("y").asText())));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0, bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] data) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished() && !inflater.needsInput()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toByteArray();
    }
}
