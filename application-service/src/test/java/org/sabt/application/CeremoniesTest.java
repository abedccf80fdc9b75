package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.RUSTAM;
import static org.sabt.application.Desk.SUPERVISOR;
import static org.sabt.application.Desk.as;

/**
 * Marriage ceremony booking: free slots, a hold, the partner's confirmation and the fee make a booking (and its
 * event); two couples never hold one slot, even at the same instant; the waiting period and a supervisor's decision;
 * a lapsed hold frees its slot; fees paid through a portal.
 */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class CeremoniesTest {

    private static final ZoneId DUSHANBE = ZoneId.of("Asia/Dushanbe");
    private static final String RUSTAM_ID = "1000000002";

    @Inject
    Database db;
    @Inject
    MovableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
    }

    /** Madina applies to marry someone (Rustam when the partner is null); returns the application's id. */
    private static String marriage(String partner) {
        return Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02",
                Desk.marriageForm(partner == null ? RUSTAM_ID : partner, MADINA_ID));
    }

    private static String someone() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
    }

    /** Free slots of Kulob's office from a day to another. */
    private static List<Map<String, Object>> free(LocalDate from, LocalDate to) {
        return as(MADINA).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/api/v1/offices/KHT02/ceremony-slots").then().statusCode(200).extract().jsonPath().getList("");
    }

    /** A free slot at least the waiting period away, at random among the first ones, so runs do not collide. */
    private static Map<String, Object> aFreeSlot() {
        LocalDate from = LocalDate.now(DUSHANBE).plusMonths(1).plusDays(1 + ThreadLocalRandom.current().nextInt(40));
        List<Map<String, Object>> slots = free(from, from.plusDays(7));
        assertThat(slots).isNotEmpty();
        return slots.get(ThreadLocalRandom.current().nextInt(Math.min(slots.size(), 20)));
    }

    private static Map<String, Object> hold(Map<String, Object> slot) {
        return Map.of("hall", slot.get("hall"), "startsAt", slot.get("startsAt"));
    }

    @Test
    void a_hold_confirmed_by_the_partner_and_paid_through_the_portal_is_booked_and_announced() throws Exception {
        String id = marriage(null);
        Map<String, Object> slot = aFreeSlot();
        as(MADINA).body(hold(slot)).post("/api/v1/applications/" + id + "/ceremony").then().statusCode(200)
                .body("status", equalTo("HELD")).body("hall", equalTo(slot.get("hall")));
        // Held: nobody else sees it free.
        LocalDate day = java.time.OffsetDateTime.parse((String) slot.get("startsAt")).toLocalDate();
        assertThat(free(day, day)).noneMatch(s -> s.get("startsAt").equals(slot.get("startsAt")) && s.get("hall").equals(slot.get("hall")));

        // Only the partner confirms: not the applicant herself.
        as(MADINA).body(Map.of()).post("/api/v1/applications/" + id + "/partner-confirmation").then().statusCode(403)
                .body("code", equalTo("NOT_THE_PARTNER"));
        as(RUSTAM).body(Map.of("phone", "+992935550101", "language", "ru"))
                .post("/api/v1/applications/" + id + "/partner-confirmation").then().statusCode(200)
                .body("status", equalTo("HELD")).body("feePaid", equalTo(false));

        // The fee through the demo portal: a wrong amount is refused, the right one books the slot.
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", "PAY-1", "amountMinorUnits", 100))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(422).body("code", equalTo("FEE_AMOUNT_WRONG"));
        as("portal.operator").header("X-Citizen-Id", MADINA_ID)
                .body(Map.of("reference", Desk.unique("PAY"), "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(200).body("paid", equalTo(true));
        JsonPath booked = as(MADINA).get("/api/v1/applications/" + id + "/ceremony").then().statusCode(200).extract().jsonPath();
        assertThat(booked.getString("status")).isEqualTo("BOOKED");
        assertThat(Desk.read(MADINA, id).getString("deadline")).isEqualTo(day.toString());

        List<String> events = db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.ceremony.booked'", id);
        assertThat(events).hasSize(1);
        assertThat(EventSchemas.problems("sabt.ceremony.booked", events.get(0))).as(events.get(0)).isEmpty();
        assertThat(events.get(0)).contains("\"nationalId\": \"" + RUSTAM_ID + "\"").contains("+992935550101")
                .contains("Толори тантанавор");

        // Cancelled: the slot is free again, and the cancellation is announced.
        as(MADINA).delete("/api/v1/applications/" + id + "/ceremony").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(free(day, day)).anyMatch(s -> s.get("startsAt").equals(slot.get("startsAt")) && s.get("hall").equals(slot.get("hall")));
        String cancelled = db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.ceremony.cancelled'", id).get(0);
        assertThat(EventSchemas.problems("sabt.ceremony.cancelled", cancelled)).isEmpty();
    }

    @Test
    void two_couples_never_hold_the_same_slot_even_at_the_same_instant() throws Exception {
        int couples = 6;
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < couples; i++) {
            applications.add(marriage(someone()));
        }
        Map<String, Object> slot = aFreeSlot();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(couples);
        try {
            List<Future<Response>> attempts = new ArrayList<>();
            for (String id : applications) {
                Callable<Response> attempt = () -> {
                    start.await();
                    return as(MADINA).body(hold(slot)).post("/api/v1/applications/" + id + "/ceremony");
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : attempts) {
                Response r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 409) {
                    assertThat(r.jsonPath().getString("code")).isEqualTo("SLOT_TAKEN");
                }
            }
            assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM ceremony_booking WHERE starts_at = CAST(?1 AS timestamptz) AND hall = ?2 "
                + "AND status IN ('HELD', 'BOOKED')", slot.get("startsAt"), slot.get("hall"))).isEqualTo(1);
    }

    @Test
    void the_waiting_period_holds_unless_a_supervisor_shortens_it_and_an_unconfirmed_hold_lapses() {
        String id = marriage(null);
        LocalDate soon = LocalDate.now(DUSHANBE).plusDays(3);
        Map<String, Object> early = free(soon, soon.plusDays(6)).get(0);
        as(MADINA).body(hold(early)).post("/api/v1/applications/" + id + "/ceremony").then().statusCode(422)
                .body("code", equalTo("SLOT_BEFORE_WAITING_PERIOD_ENDS"));
        as(MADINA).body(Map.of("hall", "Толори тантанавор", "startsAt", soon.atTime(3, 17).atZone(DUSHANBE).toOffsetDateTime().toString()))
                .post("/api/v1/applications/" + id + "/ceremony").then().statusCode(422).body("code", equalTo("SLOT_UNKNOWN"));

        as(REGISTRAR).body(Map.of("number", "12", "date", LocalDate.now().toString(), "reason", "x", "earliest", soon.toString()))
                .post("/api/v1/applications/" + id + "/waiting-period-decision").then().statusCode(403);
        as(SUPERVISOR).body(Map.of("number", "Қ-12", "date", LocalDate.now().toString(), "reason", "the groom's military service",
                        "earliest", soon.toString()))
                .post("/api/v1/applications/" + id + "/waiting-period-decision").then().statusCode(200)
                .body("earliest", equalTo(soon.toString()));
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE record_id = ?1 AND action = 'CEREMONY_WAITING_PERIOD_SHORTENED'", id))
                .isEqualTo(1);
        as(MADINA).body(hold(early)).post("/api/v1/applications/" + id + "/ceremony").then().statusCode(200)
                .body("status", equalTo("HELD"));

        // Nobody confirms for a day: the hold lapses and another couple takes the slot.
        clock.advance(Duration.ofHours(25));
        as(RUSTAM).body(Map.of()).post("/api/v1/applications/" + id + "/partner-confirmation").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.oneOf("CEREMONY_HOLD_LAPSED", "CEREMONY_NOT_HELD"));
        String other = marriage(someone());
        as(SUPERVISOR).body(Map.of("number", "Қ-13", "date", LocalDate.now().toString(), "reason", "travel",
                "earliest", soon.toString())).post("/api/v1/applications/" + other + "/waiting-period-decision").then().statusCode(200);
        as(MADINA).body(hold(early)).post("/api/v1/applications/" + other + "/ceremony").then().statusCode(200)
                .body("status", equalTo("HELD"));
    }

    @Test
    void a_fee_paid_through_the_portal_stands_for_the_receipt_at_the_counter() {
        String id = marriage(someone());
        List<String> withoutReceipt = Desk.MARRIAGE_DOCUMENTS.stream().filter(d -> !d.equals("FEE_RECEIPT")).toList();
        Desk.act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", withoutReceipt)).statusCode(422)
                .body("code", equalTo("DOCUMENTS_MISSING"));
        String reference = Desk.unique("PAY");
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", reference, "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(200);
        // The same payment again is answered as before; another is refused.
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", reference, "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(200).body("reference", equalTo(reference));
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", "PAY-OTHER", "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(409).body("code", equalTo("FEE_ALREADY_PAID"));
        Desk.act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", withoutReceipt)).statusCode(200)
                .body("status", equalTo("ACCEPTED"));
    }

    @Test
    void an_exempt_applicant_owes_nothing_from_the_counter_to_the_approval_and_unknown_categories_are_refused() {
        as(MADINA).get("/api/v1/services/REGISTER_MARRIAGE").then().statusCode(200)
                .body("feeExemptions.code", hasItem("WAR_VETERAN"));
        as(MADINA).get("/api/v1/services/REGISTER_BIRTH").then().statusCode(200).body("feeExemptions.size()", equalTo(0));
        Map<String, Object> claimed = Desk.newApplication("REGISTER_MARRIAGE", "KHT02", Desk.marriageForm(someone(), MADINA_ID));
        claimed.put("feeExemption", Map.of("category", "ASTRONAUT", "document", "№ 1"));
        as(MADINA).body(claimed).post("/api/v1/applications").then().statusCode(422).body("code", equalTo("FEE_EXEMPTION_UNKNOWN"));
        Map<String, Object> free = Desk.newApplication("REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, Desk.unique("MBC")));
        free.put("feeExemption", Map.of("category", "WAR_VETERAN", "document", "№ 1"));
        as(MADINA).body(free).post("/api/v1/applications").then().statusCode(409).body("code", equalTo("FEE_NOT_OWED"));

        claimed.put("feeExemption", Map.of("category", "WAR_VETERAN", "document", "Шаҳодатномаи собиқадор № 004512"));
        String id = as(MADINA).body(claimed).post("/api/v1/applications").then().statusCode(201)
                .body("feeExemption.category", equalTo("WAR_VETERAN")).extract().path("id");
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", Desk.unique("PAY"), "amountMinorUnits", 5000))
                .post("/api/v1/applications/" + id + "/payment").then().statusCode(409).body("code", equalTo("FEE_NOT_OWED"));
        // No receipt at the counter (the registrar sees the veteran's certificate), and approval owes nothing.
        List<String> withoutReceipt = Desk.MARRIAGE_DOCUMENTS.stream().filter(d -> !d.equals("FEE_RECEIPT")).toList();
        Desk.act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", withoutReceipt)).statusCode(200);
        Desk.claim(Desk.BACK_OFFICE, id).statusCode(200);
        Desk.act(Desk.BACK_OFFICE, id, "review", null).statusCode(200);
        Desk.act(Desk.BACK_OFFICE, id, "approval", null).statusCode(200).body("status", equalTo("REGISTERED"));
    }

    @Test
    void ceremonies_are_for_marriages_only_and_bad_ranges_and_offices_are_refused() {
        String birth = Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, Desk.unique("MBC")), MADINA_ID);
        as(REGISTRAR).body(hold(aFreeSlot())).post("/api/v1/applications/" + birth + "/ceremony").then().statusCode(409)
                .body("code", equalTo("CEREMONY_NOT_FOR_SERVICE"));
        as("portal.operator").header("X-Citizen-Id", MADINA_ID).body(Map.of("reference", "PAY-2", "amountMinorUnits", 100))
                .post("/api/v1/applications/" + birth + "/payment").then().statusCode(409).body("code", equalTo("FEE_NOT_OWED"));
        as(MADINA).queryParam("from", "2027-01-01").queryParam("to", "2027-06-01").get("/api/v1/offices/KHT02/ceremony-slots")
                .then().statusCode(400).body("code", equalTo("DATE_RANGE_INVALID"));
        as(MADINA).queryParam("from", "2027-01-01").queryParam("to", "2027-01-02").get("/api/v1/offices/NOPE/ceremony-slots")
                .then().statusCode(404).body("code", equalTo("OFFICE_UNKNOWN"));
    }
}
