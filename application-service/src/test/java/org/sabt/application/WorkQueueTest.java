package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.application.Desk.BACK_OFFICE;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.SUPERVISOR;
import static org.sabt.application.Desk.act;
import static org.sabt.application.Desk.as;
import static org.sabt.application.Desk.claim;

@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class WorkQueueTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void reset() {
        clock.reset();
    }

    /** Every item of a queue, page by page. */
    private List<Map<String, Object>> all(String user, String query) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = as(user).get("/api/v1/work-queue?limit=7&" + query + (cursor == null ? "" : "&cursor=" + cursor))
                    .then().statusCode(200).extract().jsonPath();
            items.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return items;
    }

    @Test
    void queues_are_ordered_by_deadline_then_age_and_paged_without_gaps() {
        String older = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        String newer = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        List<Map<String, Object>> toAccept = all(REGISTRAR, "queue=TO_ACCEPT");
        List<Object> ids = toAccept.stream().map(i -> i.get("id")).toList();
        assertThat(ids).doesNotHaveDuplicates().contains(older, newer);
        assertThat(ids.indexOf(older)).isLessThan(ids.indexOf(newer));
        assertThat(toAccept).allSatisfy(i -> assertThat(i).containsEntry("status", "SUBMITTED").containsEntry("office", "KHT02"));

        // a repeat certificate (3 working days) accepted after a marriage (22) comes first: its deadline is nearer
        String marriage = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        String repeat = Desk.submit(MADINA, "REPEAT_CERTIFICATE", "KHT02", Map.of("registrationNumber", "BIR-KHT02-2026-000009"));
        act(REGISTRAR, marriage, "acceptance", Map.of("documentsSeen", Desk.MARRIAGE_DOCUMENTS)).statusCode(200);
        act(REGISTRAR, repeat, "acceptance", Map.of("documentsSeen", List.of("APPLICANT_ID", "FEE_RECEIPT"))).statusCode(200);
        List<Object> toReview = all(BACK_OFFICE, "queue=TO_REVIEW").stream().map(i -> i.get("id")).toList();
        assertThat(toReview.indexOf(repeat)).isGreaterThanOrEqualTo(0).isLessThan(toReview.indexOf(marriage));

        as(SUPERVISOR).get("/api/v1/work-queue?queue=TO_REVIEW").then().statusCode(400).body("code", equalTo("OFFICE_REQUIRED"));
        assertThat(all(SUPERVISOR, "queue=TO_REVIEW&office=KHT02").stream().map(i -> i.get("id")).toList()).contains(repeat);
    }

    @Test
    void a_claim_is_exclusive_until_released_or_lapsed() {
        String id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", List.of("MOTHER_ID"))).statusCode(200);
        claim(BACK_OFFICE, id).statusCode(200);
        claim(SUPERVISOR, id).statusCode(409).body("code", equalTo("APPLICATION_CLAIMED_BY_OTHER"))
                .body("detail", containsString(BACK_OFFICE));
        act(SUPERVISOR, id, "review", null).statusCode(409).body("code", equalTo("APPLICATION_CLAIMED_BY_OTHER"));
        assertThat(all(BACK_OFFICE, "queue=MINE").stream().map(i -> i.get("id")).toList()).contains(id);
        assertThat(all(BACK_OFFICE, "queue=TO_REVIEW").stream().filter(i -> i.get("id").equals(id)).findFirst().orElseThrow())
                .containsEntry("assignedTo", BACK_OFFICE);

        as(SUPERVISOR).delete("/api/v1/applications/" + id + "/assignment").then().statusCode(204);
        as(SUPERVISOR).delete("/api/v1/applications/" + id + "/assignment").then().statusCode(409).body("code", equalTo("NOT_CLAIMED"));
        claim(SUPERVISOR, id).statusCode(200);
        as(BACK_OFFICE).delete("/api/v1/applications/" + id + "/assignment").then().statusCode(403).body("code", equalTo("CLAIM_NOT_YOURS"));

        clock.advance(Duration.ofHours(5));
        claim(BACK_OFFICE, id).statusCode(200).body("assignedTo", equalTo(BACK_OFFICE));
        assertThat(all(SUPERVISOR, "queue=MINE").stream().map(i -> i.get("id")).toList()).doesNotContain(id);
    }

    @Test
    void statistics_count_open_applications_by_status_per_office() {
        String id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
        long submitted = as(REGISTRAR).get("/api/v1/work-queue/statistics").then().statusCode(200).extract().jsonPath()
                .getLong("find { it.office == 'KHT02' }.openByStatus.SUBMITTED");
        assertThat(submitted).isPositive();
        as(REGISTRAR).get("/api/v1/work-queue/statistics?office=DSH01").then().statusCode(403).body("code", equalTo("OFFICE_NOT_ALLOWED"));
        assertThat(as(SUPERVISOR).get("/api/v1/work-queue/statistics").then().statusCode(200).extract().jsonPath()
                .getList("office", String.class)).contains("KHT02");
        assertThat(id).isNotNull();
    }
}
