package org.sabt.notification.sms;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sabt.notification.TestEvents.nationalId;
import static org.sabt.notification.TestEvents.phone;
import static org.sabt.notification.TestEvents.publish;
import static org.sabt.notification.TestEvents.statusChanged;

/**
 * Citizens' SMS through a real SMPP server in-process (jsmpp's server session as the SMSC): the PDUs as the SMSC gets
 * them (sender, addresses, data coding, UDH), receipts back to the message, a submit without an answer, a dropped bind.
 * The test profile's SMSC answer timeout is 1 s, its pace 20 segments a second, its reconnect poll 300 ms.
 */
@QuarkusTest
@QuarkusTestResource(SmppServer.class)
@TestSecurity(user = "admin", roles = "admin")
class SmsTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Dushanbe"));

    @SmppServer.Inject
    SmppServer.Smsc smsc;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void a_tajik_notice_goes_in_ucs2_in_two_concatenated_segments_from_an_alphanumeric_sender_and_is_delivered() throws Exception {
        String phone = phone("12");
        String nationalId = nationalId();
        String application = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String event = statusChanged(application, nationalId, "ACCEPTED", null, TODAY.plusDays(12), null, null,
                "+" + phone.substring(0, 3) + " " + phone.substring(3, 5) + " " + phone.substring(5), null, "tg");
        publish(bootstrap, eventId, "sabt.application.status-changed", application, event);
        publish(bootstrap, eventId, "sabt.application.status-changed", application, event); // delivered twice

        List<SmppServer.Submit> segments = await().atMost(Duration.ofSeconds(30)).until(() -> smsc.to(phone), l -> l.size() == 2);
        for (SmppServer.Submit s : segments) {
            assertThat(s.source()).isEqualTo("Sabt");
            assertThat(s.sourceTon()).as("alphanumeric sender").isEqualTo((byte) 5);
            assertThat(s.destinationTon()).as("international").isEqualTo((byte) 1);
            assertThat(s.destinationNpi()).as("ISDN").isEqualTo((byte) 1);
            assertThat(s.dataCoding()).as("UCS-2").isEqualTo((byte) 8);
            assertThat(s.registeredDelivery()).as("a receipt asked for").isEqualTo((byte) 1);
            assertThat(s.udhi()).isTrue();
            assertThat(s.shortMessage().length).isLessThanOrEqualTo(140);
        }
        int[] first = segments.get(0).concatenation();
        int[] second = segments.get(1).concatenation();
        assertThat(first[0]).as("one reference").isEqualTo(second[0]);
        assertThat(new int[]{first[1], first[2], second[1], second[2]}).containsExactly(2, 1, 2, 2);
        String text = segments.get(0).text() + segments.get(1).text();
        assertThat(text).startsWith("Sabt: Аризаи шумо барои бақайдгирии таваллуд пазируфта шуд.")
                .contains("Мӯҳлат — " + org.sabt.notification.citizen.CitizenMessages.date(TODAY.plusDays(12), "tg"))
                .contains("(пас аз 12 рӯз)");
        assertThat(segments.get(1).receivedNanos() - segments.get(0).receivedNanos())
                .as("paced at 20 segments a second").isGreaterThanOrEqualTo(40_000_000L);

        JsonPath sms = await().atMost(Duration.ofSeconds(30)).until(() -> one(nationalId),
                m -> "DELIVERED".equals(m.getString("status")));
        assertThat(sms.getInt("segments")).isEqualTo(2);
        assertThat(sms.getString("recipient")).isEqualTo(phone);
        JsonPath read = given().when().get("/api/v1/messages/" + sms.getString("id")).then().statusCode(200).extract().jsonPath();
        assertThat(read.getList("attemptLog.outcome", String.class))
                .containsExactlyInAnyOrder("SENT", "RECEIPT_DELIVERED", "RECEIPT_DELIVERED");
        // The event came twice: one message, two segments.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> smsc.to(phone).size() == 2);
    }

    @Test
    void english_goes_in_the_gsm_alphabet_in_one_segment_and_an_undeliverable_receipt_settles_it() throws Exception {
        String phone = phone("99");
        String nationalId = nationalId();
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application,
                statusChanged(application, nationalId, "REGISTERED", null, TODAY, "BIR-KHT02-2026-000777", null, phone, null, "en"));

        SmppServer.Submit s = await().atMost(Duration.ofSeconds(30)).until(() -> smsc.to(phone), l -> l.size() == 1).get(0);
        assertThat(s.dataCoding()).isEqualTo((byte) 0);
        assertThat(s.udhi()).isFalse();
        assertThat(s.text()).isEqualTo("Sabt: Your application for registration of a birth has been registered. "
                + "Registration number: BIR-KHT02-2026-000777");
        await().atMost(Duration.ofSeconds(30)).until(() -> one(nationalId).getString("status"), "UNDELIVERABLE"::equals);
    }

    @Test
    void a_submit_without_an_answer_is_unknown_not_resent_and_its_receipt_settles_it_and_sends_the_rest() throws Exception {
        String phone = phone("34");
        String nationalId = nationalId();
        String application = UUID.randomUUID().toString();
        smsc.hold(phone);
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application,
                statusChanged(application, nationalId, "SUBMITTED", null, TODAY.plusDays(30), null, null, phone, null, "ru"));

        JsonPath unknown = await().atMost(Duration.ofSeconds(30)).until(() -> one(nationalId),
                m -> "UNKNOWN".equals(m.getString("status")));
        assertThat(unknown.getString("lastError")).startsWith("SUBMIT_TIMEOUT: segment 1 of 2");
        // Not resent: the SMSC saw the first segment once, and nothing more, while the message is UNKNOWN.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> smsc.to(phone).size() == 1);

        smsc.release(phone); // the SMSC answers, too late; then its receipt comes
        smsc.receipt(smsc.to(phone).get(0), DeliveryReceiptState.DELIVRD);
        // The receipt settles segment 1; segment 2, never submitted, goes now, with the same reference.
        List<SmppServer.Submit> both = await().atMost(Duration.ofSeconds(30)).until(() -> smsc.to(phone), l -> l.size() == 2);
        assertThat(both.get(1).concatenation()).containsExactly(both.get(0).concatenation()[0], 2, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> one(nationalId).getString("status"), "DELIVERED"::equals);
    }

    @Test
    void the_bind_is_kept_alive_and_bound_again_after_the_smsc_drops_it() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.bound() && smsc.enquireLinks.get() > 0);
        int binds = smsc.binds.get();
        smsc.dropBind();
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.binds.get() > binds && smsc.bound());

        String phone = phone("56");
        String nationalId = nationalId();
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application,
                statusChanged(application, nationalId, "APPROVED", null, TODAY.plusDays(3), null, null, phone, null, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() -> one(nationalId).getString("status"), "DELIVERED"::equals);
    }

    @Inject
    SmsSegments segments;
    @Inject
    EntityManager em;

    @Test
    void a_receipt_that_matches_nothing_is_kept_a_week_then_forgotten() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (var r : List.of(Map.entry(old, 8), Map.entry(recent, 1))) {
                em.createNativeQuery("INSERT INTO sms_receipt (smsc_id, recipient, state, received_at) "
                                + "VALUES (?1, '992900000000', 'DELIVRD', now() - make_interval(days => ?2))")
                        .setParameter(1, r.getKey()).setParameter(2, r.getValue()).executeUpdate();
            }
        });
        assertThat(segments.forgetUnmatchedReceipts()).isGreaterThanOrEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Object> left = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT smsc_id FROM sms_receipt WHERE smsc_id IN (?1, ?2)").setParameter(1, old).setParameter(2, recent)
                .getResultList());
        assertThat(left).containsExactly(recent);
    }

    /** The applicant's one SMS, from the delivery log. */
    private static JsonPath one(String nationalId) {
        List<Object> items = given().queryParam("channel", "SMS").queryParam("subject", nationalId).when()
                .get("/api/v1/messages").then().statusCode(200).extract().jsonPath().getList("items");
        return items.size() == 1 ? given().queryParam("channel", "SMS").queryParam("subject", nationalId).when()
                .get("/api/v1/messages").then().extract().jsonPath().setRootPath("items[0]") : new JsonPath("{}");
    }
}
