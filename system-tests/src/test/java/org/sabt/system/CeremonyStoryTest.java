package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.system.OneWindowStoryTest.application;
import static org.sabt.system.OneWindowStoryTest.as;
import static org.sabt.system.OneWindowStoryTest.marriageForm;
import static org.sabt.system.OneWindowStoryTest.nationalId;
import static org.sabt.system.OneWindowStoryTest.person;
import static org.sabt.system.OneWindowStoryTest.portalFor;

/**
 * Issue 10's ceremony story through the gateway with real tokens: a couple holds a slot (a supervisor shortened the
 * waiting period), a second couple's attempt at the same slot is refused, the partner confirms through the portal, the
 * fee is paid through it, the slot is booked, and the reminder reaches the partner by SMS at the local stack's SMSC.
 */
@ExtendWith(SystemStack.class)
class CeremonyStoryTest {

    private static final ZoneId DUSHANBE = ZoneId.of("Asia/Dushanbe");
    private static final LocalDate TODAY = LocalDate.now(DUSHANBE);

    private static String marriage(Map<String, Object> applicant, Map<String, Object> partner, String phone) {
        Map<String, Object> form = application("REGISTER_MARRIAGE", marriageForm(applicant, partner));
        form.put("office", "DSH01");
        form.put("contact", Map.of("phone", "+" + phone, "language", "tg"));
        return portalFor((String) applicant.get("nationalId")).body(form).post("/api/v1/applications").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void a_couple_books_a_slot_another_is_refused_it_and_the_partner_is_reminded() {
        Map<String, Object> groom = person(nationalId(), "Шарипов", "Фаридун", "MALE", TODAY.minusYears(28));
        Map<String, Object> bride = person(nationalId(), "Юсупова", "Зарина", "FEMALE", TODAY.minusYears(26));
        String groomPhone = "99291" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String bridePhone = "99292" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String id = marriage(groom, bride, groomPhone);
        Map<String, Object> otherGroom = person(nationalId(), "Каримов", "Дилшод", "MALE", TODAY.minusYears(30));
        String others = marriage(otherGroom, person(nationalId(), "Раҳимова", "Нозия", "FEMALE", TODAY.minusYears(27)), groomPhone);

        // A month's wait is the law; the supervisor shortens it for both couples with a decision.
        for (String application : List.of(id, others)) {
            as("supervisor").body(Map.of("number", "Қ-" + ThreadLocalRandom.current().nextInt(1000), "date", TODAY.toString(),
                            "reason", "ceremony story", "earliest", TODAY.toString()))
                    .post("/api/v1/applications/" + application + "/waiting-period-decision").then().statusCode(200);
        }
        List<Map<String, Object>> free = as("registrar.sino").queryParam("from", TODAY.toString())
                .queryParam("to", TODAY.plusDays(14).toString()).get("/api/v1/offices/DSH01/ceremony-slots").then()
                .statusCode(200).extract().jsonPath().getList("");
        Map<String, Object> slot = free.get(ThreadLocalRandom.current().nextInt(Math.min(free.size(), 6)));
        Map<String, Object> hold = Map.of("hall", slot.get("hall"), "startsAt", slot.get("startsAt"));

        portalFor((String) groom.get("nationalId")).body(hold).post("/api/v1/applications/" + id + "/ceremony").then()
                .statusCode(200).body("status", equalTo("HELD"));
        portalFor((String) otherGroom.get("nationalId")).body(hold).post("/api/v1/applications/" + others + "/ceremony").then()
                .statusCode(409).body("code", equalTo("SLOT_TAKEN"));
        portalFor((String) groom.get("nationalId")).body(Map.of())
                .post("/api/v1/applications/" + id + "/partner-confirmation").then().statusCode(403)
                .body("code", equalTo("NOT_THE_PARTNER"));

        // The bride confirms through her own login at the portal, with her phone; the fee is paid there.
        portalFor((String) bride.get("nationalId")).body(Map.of("phone", "+" + bridePhone, "language", "ru"))
                .post("/api/v1/applications/" + id + "/partner-confirmation").then().statusCode(200)
                .body("status", equalTo("HELD"));
        portalFor((String) groom.get("nationalId")).body(Map.of("reference", "PAY-" + id, "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(200);
        JsonPath booked = portalFor((String) bride.get("nationalId")).get("/api/v1/applications/" + id + "/ceremony")
                .then().statusCode(200).extract().jsonPath();
        assertThat(booked.getString("status")).isEqualTo("BOOKED");

        // The reminder: queued for 10:00 the day before, and sent at once when that has passed.
        JsonPath reminder = await().atMost(Duration.ofSeconds(60)).until(() -> as("admin").queryParam("application", id)
                .queryParam("eventType", "sabt.ceremony.booked").queryParam("recipient", bridePhone).get("/api/v1/messages")
                .then().statusCode(200).extract().jsonPath(), m -> !m.getList("items").isEmpty());
        LocalDate day = java.time.OffsetDateTime.parse((String) slot.get("startsAt")).atZoneSameInstant(DUSHANBE).toLocalDate();
        Instant due = day.minusDays(1).atTime(10, 0).atZone(DUSHANBE).toInstant();
        if (due.isBefore(Instant.now())) {
            // Every segment of it (a reference, a total, a sequence in each UDH), joined in order.
            List<Map<String, Object>> segments = await().atMost(Duration.ofSeconds(60)).until(() -> RestAssured.given()
                    .baseUri(SystemStack.config().peersUrl()).queryParam("to", bridePhone).get("/sms").then().statusCode(200)
                    .extract().jsonPath().<Map<String, Object>>getList(""), l -> !l.isEmpty() && (l.get(0).get("udh") == null
                    || l.size() == ((Number) ((List<?>) l.get(0).get("udh")).get(1)).intValue()));
            String sms = segments.stream().sorted(java.util.Comparator.comparing(m -> m.get("udh") == null ? 0
                    : ((Number) ((List<?>) m.get("udh")).get(2)).intValue())).map(m -> (String) m.get("text")).reduce("", String::concat);
            assertThat(sms).startsWith("Sabt: Ваша церемония регистрации брака — ").contains("САҲШ ноҳияи Сино")
                    .contains(java.time.OffsetDateTime.parse((String) slot.get("startsAt")).atZoneSameInstant(DUSHANBE)
                            .toLocalTime().toString());
        } else {
            assertThat(reminder.getString("items[0].status")).isEqualTo("QUEUED");
            assertThat(Instant.parse(reminder.getString("items[0].nextAttemptAt"))).isEqualTo(due);
        }
    }
}
