package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.lifecycle.OverdueApplications;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.sabt.application.Desk.BACK_OFFICE;
import static org.sabt.application.Desk.BIRTH_DOCUMENTS;
import static org.sabt.application.Desk.HEALTH;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.MARRIAGE_DOCUMENTS;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.act;
import static org.sabt.application.Desk.as;
import static org.sabt.application.Desk.claim;
import static org.sabt.application.Desk.intoReview;
import static org.sabt.application.Desk.read;

/** The one window from the counter to the registered act, against a registry peer that answers, refuses or is down. */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class OneWindowTest {

    @Inject
    Database db;
    @Inject
    MovableClock clock;
    @Inject
    Catalogue catalogue;
    @Inject
    OverdueApplications overdue;

    @AfterEach
    void reset() {
        clock.reset();
        FakeRegistry.reset();
    }

    @Test
    void a_walk_in_birth_goes_from_the_counter_to_one_registered_act_however_often_it_is_approved() throws Exception {
        String certificate = Desk.unique("MBC");
        String id = Desk.walkIn(REGISTRAR, "KHT02", "REGISTER_BIRTH", Desk.birthForm(MADINA_ID, certificate), MADINA_ID);
        assertThat(read(REGISTRAR, id).getString("status")).isEqualTo("SUBMITTED");
        act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", BIRTH_DOCUMENTS)).statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("deadline", notNullValue());
        act(BACK_OFFICE, id, "review", null).statusCode(409).body("code", equalTo("CLAIM_REQUIRED"));
        claim(BACK_OFFICE, id).statusCode(200).body("assignedTo", equalTo(BACK_OFFICE));
        JsonPath review = act(BACK_OFFICE, id, "review", null).statusCode(200).extract().jsonPath();
        assertThat(review.getString("status")).isEqualTo("IN_REVIEW");
        assertThat(review.getMap("tasks.find { it.code == 'MOTHER_IN_REGISTRY' }")).containsEntry("status", "PASSED")
                .containsEntry("decidedBy", "registry-service");
        assertThat(review.getMap("tasks.find { it.code == 'MEDICAL_CERTIFICATE_NOT_USED' }")).containsEntry("status", "PASSED");
        assertThat(review.getMap("tasks.find { it.code == 'MEDICAL_CERTIFICATE_CONFIRMED' }")).containsEntry("status", "OPEN");

        act(BACK_OFFICE, id, "approval", null).statusCode(422).body("code", equalTo("TASKS_NOT_PASSED"))
                .body("errors.field", hasItem("tasks.MEDICAL_CERTIFICATE_CONFIRMED"));

        // the health ministry sees only its task, with only the fields it needs, and confirms the certificate
        JsonPath tasks = as(HEALTH).get("/api/v1/tasks?assignee=me&limit=100").then().statusCode(200).extract().jsonPath();
        String taskId = tasks.getString("items.find { it.applicationId == '" + id + "' }.id");
        assertThat(tasks.getString("items.find { it.applicationId == '" + id + "' }.subject['/medicalCertificateNumber']"))
                .isEqualTo(certificate);
        assertThat(tasks.getMap("items.find { it.applicationId == '" + id + "' }.subject")).doesNotContainKey("/child/surname");
        as(Desk.AGENCY).get("/api/v1/tasks?assignee=me").then().statusCode(200).body("items.id", not(hasItem(taskId)));
        as(Desk.AGENCY).body(Map.of("outcome", "PASSED")).post("/api/v1/applications/" + id + "/tasks/" + taskId + "/result")
                .then().statusCode(404).body("code", equalTo("TASK_NOT_FOUND"));
        as(HEALTH).body(Map.of("outcome", "PASSED", "reference", "MOH-88412"))
                .post("/api/v1/applications/" + id + "/tasks/" + taskId + "/result").then().statusCode(200)
                .body("status", equalTo("PASSED")).body("decidedBy", equalTo(HEALTH));
        as(HEALTH).body(Map.of("outcome", "FAILED")).post("/api/v1/applications/" + id + "/tasks/" + taskId + "/result")
                .then().statusCode(409).body("code", equalTo("TASK_ALREADY_DECIDED"));

        int made = FakeRegistry.registrationsMade.get();
        int version = Desk.version(BACK_OFFICE, id);
        JsonPath approved = as(BACK_OFFICE).header("If-Match", "\"" + version + "\"").post("/api/v1/applications/" + id + "/approval")
                .then().statusCode(200).extract().jsonPath();
        assertThat(approved.getString("status")).isEqualTo("REGISTERED");
        assertThat(approved.getString("registration.registrationNumber")).startsWith("BIR-KHT02-");
        assertThat(FakeRegistry.registered).containsKey(id);
        // sent again: stale, and from the new status not allowed; the registry was asked once
        as(BACK_OFFICE).header("If-Match", "\"" + version + "\"").post("/api/v1/applications/" + id + "/approval")
                .then().statusCode(412).body("code", equalTo("VERSION_MISMATCH"));
        act(BACK_OFFICE, id, "approval", null).statusCode(409).body("code", equalTo("APPROVE_NOT_ALLOWED_WHEN_REGISTERED"));
        assertThat(FakeRegistry.registrationsMade.get()).isEqualTo(made + 1);

        JsonPath done = read(REGISTRAR, id);
        assertThat(done.getList("history.status", String.class))
                .containsExactly("SUBMITTED", "ACCEPTED", "IN_REVIEW", "APPROVED", "REGISTERED");
        assertThat(done.getList("history.requestId", String.class)).doesNotContainNull();
        assertThat(done.getString("history[3].by")).isEqualTo(BACK_OFFICE);
        assertThat(done.getString("history[4].by")).isEqualTo("sabt");
        assertThat(db.count("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND event_type = 'sabt.application.status-changed'", id))
                .isEqualTo(4);
        for (String row : db.strings("SELECT event_type || '|' || CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1", id)) {
            int bar = row.indexOf('|');
            assertThat(EventSchemas.problems(row.substring(0, bar), row.substring(bar + 1))).as(row).isEmpty();
        }
    }

    @Test
    void a_registry_refusal_keeps_the_application_in_review_with_the_registry_code() {
        String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        intoReview(id, MARRIAGE_DOCUMENTS);
        FakeRegistry.mode = FakeRegistry.Mode.REFUSING;
        int made = FakeRegistry.registrationsMade.get();
        act(BACK_OFFICE, id, "approval", null).statusCode(422).body("code", equalTo("MARRIAGE_SPOUSE_ALREADY_MARRIED"))
                .body("detail", equalTo("Refused by rule MARRIAGE_SPOUSE_ALREADY_MARRIED"));
        JsonPath a = read(BACK_OFFICE, id);
        assertThat(a.getString("status")).isEqualTo("IN_REVIEW");
        assertThat(a.getString("registryRefusal.code")).isEqualTo("MARRIAGE_SPOUSE_ALREADY_MARRIED");
        assertThat(FakeRegistry.registrationsMade.get()).isEqualTo(made);
        assertThat(a.getList("history.status", String.class)).doesNotContain("APPROVED");
    }

    @Test
    void a_failed_registry_check_blocks_the_approval() {
        FakeRegistry.failingRules.add("MARRIAGE_SPOUSE_ALREADY_MARRIED");
        String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        JsonPath review = intoReview(id, MARRIAGE_DOCUMENTS);
        assertThat(review.getMap("tasks.find { it.code == 'NEITHER_SPOUSE_MARRIED' }"))
                .containsEntry("status", "FAILED").containsEntry("detail", "MARRIAGE_SPOUSE_ALREADY_MARRIED");
        assertThat(review.getMap("tasks.find { it.code == 'SPOUSES_ALIVE' }")).containsEntry("status", "PASSED");
        act(BACK_OFFICE, id, "approval", null).statusCode(422).body("code", equalTo("TASKS_NOT_PASSED"))
                .body("errors.find { it.field == 'tasks.NEITHER_SPOUSE_MARRIED' }.code", equalTo("FAILED"));
    }

    @Test
    void with_the_registry_down_the_checks_and_the_registration_wait_and_happen_once_it_is_back() {
        FakeRegistry.mode = FakeRegistry.Mode.DOWN;
        String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        JsonPath review = intoReview(id, MARRIAGE_DOCUMENTS);
        assertThat(review.getList("tasks.status", String.class)).containsOnly("OPEN");
        FakeRegistry.mode = FakeRegistry.Mode.ANSWERING;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(read(BACK_OFFICE, id).getList("tasks.status", String.class)).containsOnly("PASSED"));

        FakeRegistry.mode = FakeRegistry.Mode.DOWN;
        int made = FakeRegistry.registrationsMade.get();
        act(BACK_OFFICE, id, "approval", null).statusCode(202).body("status", equalTo("APPROVED"))
                .body("registration.state", equalTo("PENDING")).body("registration.lastError", notNullValue());
        FakeRegistry.mode = FakeRegistry.Mode.ANSWERING;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(read(BACK_OFFICE, id).getString("status")).isEqualTo("REGISTERED"));
        JsonPath a = read(BACK_OFFICE, id);
        assertThat(a.getString("registration.state")).isEqualTo("DONE");
        assertThat(a.getInt("registration.attempts")).isGreaterThan(1);
        assertThat(FakeRegistry.registrationsMade.get()).isEqualTo(made + 1);
    }

    @Test
    void approvals_while_the_registry_refuses_connections_wait_and_each_is_registered_once_it_is_back() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
            intoReview(id, MARRIAGE_DOCUMENTS);
            ids.add(id);
        }
        int made = FakeRegistry.registrationsMade.get();
        // The connection is refused at once. No transaction, the approvals' nor the scheduled retries', may then be
        // committed while the REST client's exchange still holds it on an event-loop thread (Quarkus issue 18689):
        // the transaction manager warns, and the commit fails.
        List<String> transactionWarnings = new CopyOnWriteArrayList<>();
        Handler warnings = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    transactionWarnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger transactions = Logger.getLogger("com.arjuna");
        transactions.addHandler(warnings);
        try {
            FakeRegistry.unreachable();
            ids.parallelStream().forEach(id -> act(BACK_OFFICE, id, "approval", null).statusCode(202)
                    .body("status", equalTo("APPROVED")).body("registration.state", equalTo("PENDING"))
                    .body("registration.lastError", notNullValue()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                    assertThat(read(BACK_OFFICE, id).getInt("registration.attempts")).as(id).isGreaterThanOrEqualTo(3)));
            FakeRegistry.reset();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                    assertThat(read(BACK_OFFICE, id).getString("status")).as(id).isEqualTo("REGISTERED")));
        } finally {
            transactions.removeHandler(warnings);
        }
        assertThat(transactionWarnings).isEmpty();
        assertThat(FakeRegistry.registrationsMade.get()).isEqualTo(made + ids.size());
    }

    @Test
    void the_clock_stops_while_the_application_is_returned_and_an_overdue_one_is_announced_once() throws Exception {
        String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", MARRIAGE_DOCUMENTS)).statusCode(200);
        LocalDate deadline = LocalDate.parse(read(MADINA, id).getString("deadline"));
        LocalDate returnedOn = catalogue.calendar().dayOf(clock.instant());
        act(REGISTRAR, id, "return", Map.of("reason", "The medical examination certificate is missing")).statusCode(200)
                .body("status", equalTo("RETURNED")).body("nextStep", notNullValue());
        assertThat(as(MADINA).header("Accept-Language", "ru").get("/api/v1/applications/" + id).then().statusCode(200)
                .extract().jsonPath().getString("nextStep")).contains("The medical examination certificate is missing")
                .contains("Не хватает");

        clock.advance(Duration.ofDays(9));
        LocalDate back = returnedOn.plusDays(9);
        act(MADINA, id, "resubmission", Map.of("comment", "The certificate is attached")).statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        int paused = catalogue.calendar().workingDaysBetween(returnedOn, back);
        assertThat(paused).isGreaterThanOrEqualTo(5);
        JsonPath a = read(MADINA, id);
        assertThat(a.getInt("pausedWorkingDays")).isEqualTo(paused);
        assertThat(LocalDate.parse(a.getString("deadline"))).isEqualTo(catalogue.calendar().plusWorkingDays(deadline, paused));
        assertThat(a.getBoolean("overdue")).isFalse();

        clock.advance(Duration.ofDays(60));
        assertThat(read(REGISTRAR, id).getBoolean("overdue")).isTrue();
        as(Desk.SUPERVISOR).get("/api/v1/work-queue?queue=OVERDUE&office=KHT02&limit=100").then().statusCode(200)
                .body("items.id", hasItem(id));
        overdue.announce();
        overdue.announce();
        // The scheduled check may hold the row (SKIP LOCKED) while these run: it announces then, once all the same.
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.application.overdue'", id) >= 1);
        overdue.announce();
        assertThat(db.count("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND event_type = 'sabt.application.overdue'", id))
                .isEqualTo(1);
        for (String payload : db.strings("SELECT CAST(payload AS text) FROM outbox WHERE aggregate_id = ?1 "
                + "AND event_type = 'sabt.application.overdue'", id)) {
            assertThat(EventSchemas.problems("sabt.application.overdue", payload)).as(payload).isEmpty();
        }
    }

    @Test
    void the_applicant_cancels_before_approval_but_not_after() {
        String first = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        act(Desk.RUSTAM, first, "cancellation", null).statusCode(403).body("code", equalTo("ACTION_NOT_YOURS"));
        act(MADINA, first, "cancellation", null).statusCode(200).body("status", equalTo("CANCELLED"));
        String second = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        intoReview(second, MARRIAGE_DOCUMENTS);
        act(BACK_OFFICE, second, "approval", null).statusCode(200).body("status", equalTo("REGISTERED"));
        act(MADINA, second, "cancellation", null).statusCode(409).body("code", equalTo("CANCEL_NOT_ALLOWED_WHEN_REGISTERED"));
    }

    @Test
    void a_repeat_certificate_is_approved_without_registering_and_completed_when_the_certificate_is_issued() throws Exception {
        String id = Desk.submit(MADINA, "REPEAT_CERTIFICATE", "KHT02", Map.of("registrationNumber", "BIR-KHT02-2026-000001",
                "reason", "The original was lost"));
        JsonPath review = intoReview(id, List.of("APPLICANT_ID", "FEE_RECEIPT"));
        assertThat(review.getMap("tasks.find { it.code == 'ACT_IN_REGISTRY' }")).containsEntry("status", "PASSED");
        int made = FakeRegistry.registrationsMade.get();
        act(BACK_OFFICE, id, "approval", null).statusCode(200).body("status", equalTo("APPROVED"))
                .body("registration.actId", notNullValue());
        assertThat(FakeRegistry.registrationsMade.get()).isEqualTo(made);

        String unknown = Desk.submit(MADINA, "REPEAT_CERTIFICATE", "KHT02", Map.of("registrationNumber", "UNKNOWN-1"));
        assertThat(intoReview(unknown, List.of("APPLICANT_ID", "FEE_RECEIPT"))
                .getMap("tasks.find { it.code == 'ACT_IN_REGISTRY' }")).containsEntry("status", "FAILED")
                .containsEntry("detail", "ACT_NOT_FOUND");
    }
}
