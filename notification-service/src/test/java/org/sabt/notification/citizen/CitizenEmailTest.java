package org.sabt.notification.citizen;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.sabt.notification.email.GreenMailServer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import org.sabt.notification.TestEvents;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.notification.TestEvents.nationalId;
import static org.sabt.notification.TestEvents.publish;
import static org.sabt.notification.TestEvents.statusChanged;

/** Citizens' e-mail through a real SMTP server (GreenMail), read back: languages, plurals, links, once per event. */
@QuarkusTest
@QuarkusTestResource(GreenMailServer.class)
@TestSecurity(user = "admin", roles = "admin")
class CitizenEmailTest {

    @GreenMailServer.Inject
    GreenMail smtp;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Dushanbe"));

    @Test
    void a_returned_application_is_told_in_russian_with_the_reason_the_deadline_and_a_link_once() throws Exception {
        String email = "madina." + UUID.randomUUID() + "@example.tj";
        String application = UUID.randomUUID().toString();
        String nationalId = nationalId();
        String eventId = UUID.randomUUID().toString();
        String event = statusChanged(application, nationalId, "RETURNED", "Нет справки о рождении", TODAY.plusDays(5), null,
                null, null, email, "ru");
        publish(bootstrap, eventId, "sabt.application.status-changed", application, event);
        publish(bootstrap, eventId, "sabt.application.status-changed", application, event); // delivered twice

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> to(email), list -> !list.isEmpty()).get(0);
        assertThat(mail.getSubject()).isEqualTo("Sabt: ваше заявление на регистрацию рождения возвращено вам");
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@sabt.example");
        Multipart parts = (Multipart) mail.getContent();
        String text = part(parts, "text/plain");
        String html = part(parts, "text/html");
        assertThat(text).contains("Здравствуйте!").contains("Причина: Нет справки о рождении")
                .contains("через 5 дней").contains("https://portal.example.tj/applications/" + application);
        assertThat(html).contains("<a href=\"https://portal.example.tj/applications/" + application + "\"")
                .contains("Причина: Нет справки о рождении");
        assertThat(text).contains(CitizenMessages.date(TODAY.plusDays(5), "ru"));

        // The SMTP server has it; the attempt's outcome is recorded once the server's answer is back.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().queryParam("channel", "EMAIL")
                .queryParam("subject", nationalId).when().get("/api/v1/messages").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("SENT")).body("items[0].recipient", equalTo(email)));
        // The event came twice: one message, one e-mail.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> to(email).size() == 1);
    }

    @Test
    void a_certificate_is_announced_in_tajik_with_a_link_and_no_attachment() throws Exception {
        String email = "nigina." + UUID.randomUUID() + "@example.tj";
        String application = UUID.randomUUID().toString();
        String certificate = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application, statusChanged(application,
                nationalId(), "CERTIFICATE_ISSUED", null, TODAY.plusDays(3), "BIR-KHT02-2026-000123", certificate, null, email, "tg"));

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> to(email), list -> !list.isEmpty()).get(0);
        assertThat(mail.getSubject()).isEqualTo("Sabt: аризаи шумо барои бақайдгирии таваллуд иҷро шуд: шаҳодатнома дода шуд");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).as("text and HTML, no PDF").isEqualTo(2);
        String text = part(parts, "text/plain");
        assertThat(text).contains("Ассалому алайкум!").contains("BIR-KHT02-2026-000123")
                .contains("https://portal.example.tj/certificates/" + certificate).doesNotContain("Мӯҳлат");
    }

    @Test
    void an_agency_s_done_hand_off_is_told_in_russian_with_its_reference_and_an_acknowledgement_is_not() throws Exception {
        String email = "madina." + UUID.randomUUID() + "@example.tj";
        String application = UUID.randomUUID().toString();
        String nationalId = nationalId();
        String acknowledged = TestEvents.handoffChanged(application, nationalId, "ACKNOWLEDGED", null, email, "ru");
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.handoff.status-changed", application, acknowledged);
        String done = TestEvents.handoffChanged(application, nationalId, "DONE", "20261202000017", email, "ru");
        assertThat(TestEvents.problems("sabt.handoff.status-changed", done)).isEmpty();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.handoff.status-changed", application, done);

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> to(email), list -> !list.isEmpty()).get(0);
        assertThat(mail.getSubject()).isEqualTo("Sabt: Паспортная служба (персональный номер) — исполнено");
        String text = part((Multipart) mail.getContent(), "text/plain");
        assertThat(text).contains("исполнено после регистрации по заявлению на регистрацию рождения").contains("Номер: 20261202000017")
                .contains("https://portal.example.tj/applications/" + application);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> to(email).size() == 1);
    }

    @Test
    void an_application_without_an_email_address_sends_none() throws Exception {
        String nationalId = nationalId();
        String application = UUID.randomUUID().toString();
        publish(bootstrap, UUID.randomUUID().toString(), "sabt.application.status-changed", application, statusChanged(application,
                nationalId, "ACCEPTED", null, TODAY.plusDays(3), null, null, null, null, "en"));
        // Recorded for the applicant, but no e-mail is queued.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("subject", nationalId)
                .when().get("/api/v1/messages").then().statusCode(200).body("items.channel", equalTo(List.of("LOG"))));
    }

    @Test
    void russian_plurals_tajik_and_english_dates_follow_their_rules() {
        Map<Integer, String> russian = Map.of(1, "1 день", 2, "2 дня", 4, "4 дня", 5, "5 дней", 11, "11 дней",
                12, "12 дней", 21, "21 день", 22, "22 дня", 25, "25 дней", 111, "111 дней");
        russian.forEach((days, words) -> assertThat(render("ru", days)).as(words).contains("через " + words + ")"));
        assertThat(render("en", 1)).contains("(1 day from now)");
        assertThat(render("en", 3)).contains("(3 days from now)");
        assertThat(render("tg", 7)).contains("(пас аз 7 рӯз)");
        assertThat(CitizenMessages.date(LocalDate.of(2026, 12, 2), "tg")).isEqualTo("2 декабри 2026");
        assertThat(CitizenMessages.date(LocalDate.of(2026, 3, 8), "ru")).isEqualTo("8 марта 2026 г.");
        assertThat(CitizenMessages.date(LocalDate.of(2026, 3, 8), "en")).isEqualTo("8 March 2026");
    }

    private static String render(String language, int days) {
        return CitizenEmail.text(new CitizenEmail.Notice("REGISTER_BIRTH", "ACCEPTED", null, null, "x", days, null))
                .setLocale(Locale.forLanguageTag(language)).render();
    }

    private List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (GreenMailUtil.getAddressList(m.getAllRecipients()).contains(address)) {
                mine.add(m);
            }
        }
        return mine;
    }

    private static String part(Multipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var p = multipart.getBodyPart(i);
            if (p.getContent() instanceof Multipart nested) {
                String found = part(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (p.getContentType().toLowerCase().startsWith(type)) {
                return p.getContent().toString();
            }
        }
        return null;
    }




}
