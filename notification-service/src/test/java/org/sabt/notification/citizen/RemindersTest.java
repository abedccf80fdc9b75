package org.sabt.notification.citizen;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sabt.notification.email.GreenMailServer;
import org.sabt.notification.sms.SmppServer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.sabt.notification.TestEvents.nationalId;
import static org.sabt.notification.TestEvents.phone;
import static org.sabt.notification.TestEvents.publish;
import static org.sabt.notification.TestEvents.quote;
import static org.sabt.notification.TestEvents.statusChanged;

/**
 * A booked ceremony's reminders (queued for the day before, cancelled when the booking changes), an overdue
 * application told to its office's back office, and who may read which messages.
 */
@QuarkusTest
@TestSecurity(user = "admin", roles = "admin")
class RemindersTest {

    private static final ZoneId DUSHANBE = ZoneId.of("Asia/Dushanbe");

    @GreenMailServer.Inject
    GreenMail smtp;

    @SmppServer.Inject
    SmppServer.Smsc smsc;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void a_ceremony_reminder_waits_for_the_day_before_and_a_new_booking_replaces_it() throws Exception {
        String application = UUID.randomUUID().toString();
        String bride = nationalId();
        String groom = nationalId();
        String brideEmail = "zarina." + UUID.randomUUID() + "@example.tj";
        String groomPhone = phone("21");
        OffsetDateTime far = LocalDate.now(DUSHANBE).plusDays(10).atTime(LocalTime.of(11, 30)).atZone(DUSHANBE).toOffsetDateTime();
        publish(bootstrap, UUID.randomUUID().toString(), CitizenMessages.CEREMONY_BOOKED, application,
                booked(application, far, bride, brideEmail, groom, groomPhone));

        // Queued for 10:00 in Dushanbe the day before, and not sent before then.
        Instant dayBefore = far.toLocalDate().minusDays(1).atTime(10, 0).atZone(DUSHANBE).toInstant();
        List<JsonPath> queued = await().atMost(Duration.ofSeconds(30)).until(() -> messages(application), l -> l.size() == 2);
        for (JsonPath m : queued) {
            assertThat(m.getString("status")).isEqualTo("QUEUED");
            assertThat(Instant.parse(m.getString("nextAttemptAt"))).isEqualTo(dayBefore);
        }

        // Rebooked for within the hour: the first reminders are cancelled, the new ones go now.
        OffsetDateTime soon = OffsetDateTime.now(DUSHANBE).plusHours(1).truncatedTo(ChronoUnit.MINUTES);
        publish(bootstrap, UUID.randomUUID().toString(), CitizenMessages.CEREMONY_BOOKED, application,
                booked(application, soon, bride, brideEmail, groom, groomPhone));
        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> to(brideEmail), l -> l.size() == 1).get(0);
        String date = CitizenMessages.date(soon.toLocalDate(), "tg");
        assertThat(mail.getSubject()).isEqualTo("Sabt: маросими шумо " + date);
        assertThat(GreenMailUtil.getBody(mail)).isNotBlank();
        String sms = await().atMost(Duration.ofSeconds(30)).until(() -> smsc.to(groomPhone), l -> !l.isEmpty()
                        && (l.get(0).concatenation() == null || l.size() == l.get(0).concatenation()[1]))
                .stream().map(SmppServer.Submit::text).reduce("", String::concat);
        assertThat(sms).isEqualTo("Sabt: Ваша церемония регистрации брака — " + CitizenMessages.date(soon.toLocalDate(), "ru")
                + " в " + soon.toLocalTime() + ": Зал торжеств, ЗАГС района Сино.");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messages(application).stream()
                .map(m -> m.getString("status")).sorted().toList()).containsExactly("CANCELLED", "CANCELLED", "DELIVERED", "SENT"));
    }

    @Test
    void an_overdue_application_is_told_to_its_back_office() throws Exception {
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.overdue", application, """
                {"version":1,"applicationId":"%s","service":"REGISTER_DEATH","office":"DSH02","status":"IN_REVIEW",
                 "deadline":"2026-11-20","assignedTo":"backoffice.firdavsi","applicantNationalId":"%s",
                 "contact":{"phone":null,"email":null,"language":"ru"}}""".formatted(application, nationalId()));
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> to("backoffice.DSH02@zags.example.tj").stream()
                        .filter(m -> text(m).contains(application)).toList(), l -> l.size() == 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Sabt: аризаи " + application + " барои бақайдгирии фавт мӯҳлаташ гузашт");
        assertThat(text(mail)).contains("20 ноябри 2026").contains("IN_REVIEW").contains("backoffice.firdavsi");
    }

    @Test
    @TestSecurity(user = "backoffice.kulob", roles = "back-office", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void an_office_s_staff_read_their_office_s_messages_only() throws Exception {
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application,
                statusChanged(application, nationalId(), "ACCEPTED", null, LocalDate.now(DUSHANBE).plusDays(3), null, null,
                        phone("43"), null, "tg"));
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(application).size() == 2); // the step, the SMS
        given().when().get("/api/v1/messages").then().statusCode(200).body("items.office", everyItem(equalTo("KHT02")));
        given().queryParam("office", "DSH01").when().get("/api/v1/messages").then().statusCode(403)
                .body("code", equalTo("OFFICE_NOT_ALLOWED"));
    }

    @Test
    @TestSecurity(user = "citizen.rustam", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "3000000017"))
    void a_citizen_reads_their_own_messages_only() throws Exception {
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application,
                statusChanged(application, "3000000017", "ACCEPTED", null, LocalDate.now(DUSHANBE).plusDays(3), null, null,
                        phone("44"), null, "en"));
        String someoneElse = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", someoneElse,
                statusChanged(someoneElse, nationalId(), "ACCEPTED", null, LocalDate.now(DUSHANBE).plusDays(3), null, null,
                        phone("45"), null, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(application).size() == 2);
        // Whatever they ask for, a citizen gets their own: the other applicant's are not in the list, nor readable.
        given().queryParam("subject", "2999999999").when().get("/api/v1/messages").then().statusCode(200)
                .body("items.subject", everyItem(equalTo("3000000017")));
        assertThat(messages(someoneElse)).isEmpty();
        String theirs = await().atMost(Duration.ofSeconds(30)).until(() -> messageOf(someoneElse), java.util.Objects::nonNull);
        given().when().get("/api/v1/messages/" + theirs).then().statusCode(404).body("code", equalTo("MESSAGE_NOT_FOUND"));
        given().when().get("/api/v1/messages/" + messages(application).get(0).getString("id")).then().statusCode(200);
    }

    @Inject
    EntityManager em;

    /** A message of an application, found in the database (the caller may not list it). */    private String messageOf(String application) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> ids = em.createNativeQuery("SELECT id::text FROM message WHERE application_id = CAST(?1 AS uuid) LIMIT 1")
                    .setParameter(1, application).getResultList();
            return ids.isEmpty() ? null : ids.get(0).toString();
        });
    }

    private List<JsonPath> messages(String application) {
        JsonPath page = given().queryParam("application", application).when().get("/api/v1/messages").then().statusCode(200)
                .extract().jsonPath();
        int n = page.getList("items").size();
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new JsonPath(page.prettify()).setRootPath("items[" + i + "]"))
                .toList();
    }

    /** A text-only e-mail's text, decoded. */
    private static String text(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MimeMessage> to(String address) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return GreenMailUtil.getAddressList(m.getAllRecipients()).contains(address);
                    } catch (Exception e) {
                        return false;
                    }
                }).toList();
    }

    /** A booking as application-service publishes it, checked against docs/events/ceremony-booked.schema.json. */
    private static String booked(String application, OffsetDateTime at, String bride, String brideEmail, String groom,
                                 String groomPhone) throws Exception {
        String event = """
                {"version":1,"applicationId":"%s","office":"DSH01","ceremonyAt":"%s","place":"Зал торжеств, ЗАГС района Сино",
                 "contacts":[{"nationalId":"%s","phone":null,"email":%s,"language":"tg"},
                             {"nationalId":"%s","phone":%s,"email":null,"language":"ru"}]}"""
                .formatted(application, at, bride, quote(brideEmail), groom, quote(groomPhone));
        assertThat(org.sabt.notification.TestEvents.problems("sabt.ceremony.booked", event)).as(event).isEmpty();
        return event;
    }
}
