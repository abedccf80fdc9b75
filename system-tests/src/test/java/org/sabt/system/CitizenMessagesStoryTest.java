package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.system.OneWindowStoryTest.MARRIAGE_DOCUMENTS;
import static org.sabt.system.OneWindowStoryTest.act;
import static org.sabt.system.OneWindowStoryTest.application;
import static org.sabt.system.OneWindowStoryTest.as;
import static org.sabt.system.OneWindowStoryTest.inRegistry;
import static org.sabt.system.OneWindowStoryTest.intoReview;
import static org.sabt.system.OneWindowStoryTest.marriageForm;
import static org.sabt.system.OneWindowStoryTest.nationalId;
import static org.sabt.system.OneWindowStoryTest.person;
import static org.sabt.system.OneWindowStoryTest.portalFor;
import static org.sabt.system.OneWindowStoryTest.read;

/**
 * Issue 9's citizen story through the gateway with real Keycloak tokens: a groom applies through the demo portal with
 * his phone and e-mail, in Tajik; each step of his application reaches him by SMS (UCS-2, the longer ones in two
 * concatenated segments, from the alphanumeric sender) at the local stack's SMSC and by e-mail at its SMTP server,
 * both read back from them; the certificate's e-mail links to it; his own message list shows them all and nobody
 * else's.
 */
@ExtendWith(SystemStack.class)
class CitizenMessagesStoryTest {

    private static final LocalDate TODAY = LocalDate.now();

    @Test
    void each_step_of_an_application_reaches_the_citizen_by_sms_in_tajik_and_by_email() {
        String phone = "99293" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String email = "groom." + phone + "@example.tj";
        Map<String, Object> groom = person(nationalId(), "Сафаров", "Бахтиёр", "MALE", TODAY.minusYears(31));
        Map<String, Object> bride = person(nationalId(), "Ҳакимова", "Шабнам", "FEMALE", TODAY.minusYears(29));
        inRegistry(groom);
        inRegistry(bride);
        Map<String, Object> form = application("REGISTER_MARRIAGE", marriageForm(groom, bride));
        form.put("contact", Map.of("phone", "+" + phone, "email", email,
                "language", "tg"));
        String groomId = (String) groom.get("nationalId");
        String id = portalFor(groomId).body(form).post("/api/v1/applications").then().statusCode(201).extract().path("id");

        // Received at once: the SMS that it was received, in Tajik, so in UCS-2, from "Sabt" to the international number.
        Map<String, Object> first = await().atMost(Duration.ofSeconds(60)).until(() -> sms(phone), l -> !l.isEmpty()).get(0);
        assertThat(first.get("from")).isEqualTo("Sabt");
        assertThat(first.get("fromTon")).as("alphanumeric").isEqualTo(5);
        assertThat(first.get("toTon")).as("international").isEqualTo(1);
        assertThat(first.get("dataCoding")).as("UCS-2").isEqualTo(8);
        assertThat(first.get("text")).isEqualTo("Sabt: Аризаи шумо барои бақайдгирии ақди никоҳ қабул карда шуд.");

        // Kulob has marriage certificate blanks, so the certificate follows the registration: enough for the marriages
        // other stories left waiting for a blank in Kulob too (they are served first, oldest first).
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        as("admin").body(Map.of("series", "L-ТҶ", "from", from, "to", from + 19, "certificateType", "MARRIAGE"))
                .post("/api/v1/blanks/receipts").then().statusCode(201);
        as("admin").body(Map.of("series", "L-ТҶ", "from", from, "to", from + 19, "office", "KHT02"))
                .post("/api/v1/blanks/transfers").then().statusCode(201);

        // Through the back office to the certificate: a message at every step, by both channels.
        intoReview(id, MARRIAGE_DOCUMENTS);
        act("backoffice.kulob", id, "approval", null).statusCode(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> read("backoffice.kulob", id).getString("status"), "CERTIFICATE_ISSUED"::equals);
        String certificateId = read("backoffice.kulob", id).getString("registration.certificateId");

        // Each step's e-mail arrives, though not necessarily in order: a step's first attempt may fail and be retried.
        List<String> steps = List.of("Sabt: аризаи шумо барои бақайдгирии ақди никоҳ қабул карда шуд",
                "Sabt: аризаи шумо барои бақайдгирии ақди никоҳ пазируфта шуд",
                "Sabt: аризаи шумо барои бақайдгирии ақди никоҳ ба қайд гирифта шуд",
                "Sabt: аризаи шумо барои бақайдгирии ақди никоҳ иҷро шуд: шаҳодатнома дода шуд");
        List<Map<String, Object>> mails = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mail(email), l -> l.stream().map(m -> (String) m.get("subject")).toList().containsAll(steps));
        Map<String, Object> ready = mails.stream().filter(m -> String.valueOf(m.get("subject")).contains("шаҳодатнома"))
                .findFirst().orElseThrow();
        assertThat((String) ready.get("text")).contains("Ассалому алайкум!").contains("/certificates/" + certificateId);
        assertThat((String) ready.get("html")).contains("href=\"").contains("/certificates/" + certificateId);
        // The registration's SMS carries its number: two concatenated UCS-2 segments, one reference, joined in order.
        List<Map<String, Object>> segments = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sms(phone), l -> joined(l).stream().anyMatch(t -> t.contains("шаҳодатнома дода шуд"))
                        && joined(l).stream().anyMatch(t -> t.contains("пазируфта шуд"))
                        && joined(l).stream().anyMatch(t -> t.contains("ба қайд гирифта шуд")));
        assertThat(segments).allSatisfy(seg -> {
            assertThat(seg.get("dataCoding")).isEqualTo(8);
            assertThat(seg.get("from")).isEqualTo("Sabt");
        });
        @SuppressWarnings("unchecked")
        List<List<Integer>> registered = segments.stream().filter(seg -> seg.get("udh") != null)
                .filter(seg -> segments.stream().filter(o -> ((List<Integer>) seg.get("udh")).get(0)
                        .equals(o.get("udh") == null ? null : ((List<Integer>) o.get("udh")).get(0)))
                        .map(o -> (String) o.get("text")).collect(Collectors.joining()).contains("ба қайд гирифта шуд"))
                .map(seg -> (List<Integer>) seg.get("udh")).toList();
        assertThat(registered).hasSize(2);
        assertThat(registered.stream().map(u -> u.get(1) + "/" + u.get(2)).sorted().toList()).containsExactly("2/1", "2/2");
        assertThat(joined(segments)).anyMatch(t -> t.startsWith("Sabt: Аризаи шумо барои бақайдгирии ақди никоҳ ба қайд гирифта шуд.")
                && t.contains("MAR-KHT02-"));
        assertThat(joined(segments)).anyMatch(t -> t.contains("пазируфта шуд"));

        // His own list: every message his, each SMS delivered by its receipt, each e-mail sent; not another's. An e-mail
        // attempt that GreenMail left hanging fails after the stack's 30 s mailer timeout and is retried a minute later
        // (the channel's schedule), so this waits for that retry; what each message last failed on is in the report.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath mine = portalFor(groomId).queryParam("application", id).queryParam("limit", 100)
                    .get("/api/v1/messages").then().statusCode(200).extract().jsonPath();
            assertThat(mine.getList("items.subject", String.class)).containsOnly(groomId);
            Map<String, List<String>> byChannel = mine.getList("items", Map.class).stream().collect(Collectors.groupingBy(
                    m -> (String) m.get("channel"), Collectors.mapping(m -> (String) m.get("status"), Collectors.toList())));
            String report = mine.getList("items", Map.class).stream()
                    .map(m -> m.get("channel") + " " + m.get("status") + " " + m.get("lastError")).toList().toString();
            assertThat(byChannel.get("SMS")).as(report).hasSizeGreaterThanOrEqualTo(4).containsOnly("DELIVERED");
            assertThat(byChannel.get("EMAIL")).as(report).hasSameSizeAs(byChannel.get("SMS")).containsOnly("SENT");
        });
        portalFor((String) bride.get("nationalId")).queryParam("application", id).get("/api/v1/messages").then()
                .statusCode(200).body("items.size()", equalTo(0));
        as("backoffice.kulob").queryParam("application", id).get("/api/v1/messages").then().statusCode(200)
                .body("items.office", org.hamcrest.Matchers.everyItem(equalTo("KHT02")));
    }

    /** The SMS segments the local stack's SMSC took for a number, oldest first. */
    private static List<Map<String, Object>> sms(String to) {
        return RestAssured.given().baseUri(SystemStack.config().peersUrl()).queryParam("to", to).get("/sms").then()
                .statusCode(200).extract().jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
    }

    /** The e-mails the local stack's SMTP server took for an address. */
    private static List<Map<String, Object>> mail(String to) {
        return RestAssured.given().baseUri(SystemStack.config().peersUrl()).queryParam("to", to).get("/mail").then()
                .statusCode(200).extract().jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
    }

    /** Each message's text, its segments joined by their UDH. */
    @SuppressWarnings("unchecked")
    static List<String> joined(List<Map<String, Object>> segments) {
        Map<Object, List<Map<String, Object>>> byReference = segments.stream().collect(Collectors.groupingBy(
                s -> s.get("udh") == null ? s.get("messageId") : ((List<Integer>) s.get("udh")).get(0)));
        return byReference.values().stream().map(parts -> parts.stream()
                .sorted(java.util.Comparator.comparing(s -> s.get("udh") == null ? 1 : ((List<Integer>) s.get("udh")).get(2)))
                .map(s -> (String) s.get("text")).collect(Collectors.joining())).toList();
    }
}
