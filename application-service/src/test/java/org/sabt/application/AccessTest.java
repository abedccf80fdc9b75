package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;

/**
 * Every refusal of the access policy, one line per role and endpoint: who may not call what (403), whose
 * application is not theirs to see (404, as if it did not exist), and that nobody gets in without a token (401).
 */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class AccessTest {

    private String id;

    @BeforeEach
    void an_application_of_kulob() {
        id = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", Desk.birthForm(MADINA_ID, null));
    }

    private int status(String user, String method, String path) {
        RequestSpecification r = user == null ? given().contentType("application/json")
                : Desk.as(user).header("If-Match", "\"1\"");
        r = r.body(Map.of("documentsSeen", List.of(), "reason", "x", "reasonCode", "NOT_ENTITLED", "outcome", "PASSED"));
        String p = path.replace("{id}", id).replace("{task}", "00000000-0000-0000-0000-000000000001");
        return (method.equals("GET") ? r.get(p) : method.equals("DELETE") ? r.delete(p) : r.post(p)).statusCode();
    }

    record Refusal(String user, String method, String path, int status) {
    }

    @Test
    void each_role_is_refused_what_is_not_its_own() {
        List<Refusal> refusals = List.of(
                // citizens apply, follow, resubmit and cancel; nothing of the office's work
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/acceptance", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/return", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/review", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/approval", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/rejection", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/completion", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/assignment", 403),
                new Refusal(MADINA, "GET", "/api/v1/work-queue?queue=TO_ACCEPT", 403),
                new Refusal(MADINA, "GET", "/api/v1/work-queue/statistics", 403),
                new Refusal(MADINA, "GET", "/api/v1/tasks?assignee=me", 403),
                new Refusal(MADINA, "POST", "/api/v1/applications/{id}/tasks/{task}/result", 403),
                // another citizen does not learn the application exists
                new Refusal(Desk.RUSTAM, "GET", "/api/v1/applications/{id}", 404),
                new Refusal(Desk.RUSTAM, "POST", "/api/v1/applications/{id}/cancellation", 404),
                new Refusal(Desk.RUSTAM, "POST", "/api/v1/applications/{id}/resubmission", 404),
                // the front office accepts and returns; it does not review, approve, reject or claim
                new Refusal(Desk.REGISTRAR, "POST", "/api/v1/applications/{id}/review", 403),
                new Refusal(Desk.REGISTRAR, "POST", "/api/v1/applications/{id}/approval", 403),
                new Refusal(Desk.REGISTRAR, "POST", "/api/v1/applications/{id}/rejection", 403),
                new Refusal(Desk.REGISTRAR, "POST", "/api/v1/applications/{id}/assignment", 403),
                new Refusal(Desk.REGISTRAR, "GET", "/api/v1/tasks?assignee=me", 403),
                new Refusal(Desk.REGISTRAR, "POST", "/api/v1/applications/{id}/cancellation", 403),
                // the back office reviews; it does not take applications at the counter or act for the applicant
                new Refusal(Desk.BACK_OFFICE, "POST", "/api/v1/applications", 403),
                new Refusal(Desk.BACK_OFFICE, "POST", "/api/v1/applications/{id}/acceptance", 403),
                new Refusal(Desk.BACK_OFFICE, "POST", "/api/v1/applications/{id}/resubmission", 403),
                new Refusal(Desk.BACK_OFFICE, "POST", "/api/v1/applications/{id}/cancellation", 403),
                new Refusal(Desk.BACK_OFFICE, "GET", "/api/v1/tasks?assignee=me", 403),
                // staff of another office: the application does not exist for them
                new Refusal("registrar.sino", "GET", "/api/v1/applications/{id}", 404),
                new Refusal("registrar.sino", "POST", "/api/v1/applications/{id}/acceptance", 404),
                new Refusal(Desk.OTHER_OFFICE_BACK_OFFICE, "POST", "/api/v1/applications/{id}/assignment", 404),
                new Refusal(Desk.OTHER_OFFICE_BACK_OFFICE, "GET", "/api/v1/work-queue?queue=TO_ACCEPT&office=KHT02", 403),
                // agencies answer their tasks and see nothing else
                new Refusal(Desk.HEALTH, "GET", "/api/v1/applications", 403),
                new Refusal(Desk.HEALTH, "GET", "/api/v1/applications/{id}", 403),
                new Refusal(Desk.HEALTH, "POST", "/api/v1/applications", 403),
                new Refusal(Desk.HEALTH, "GET", "/api/v1/work-queue?queue=TO_ACCEPT", 403),
                new Refusal(Desk.HEALTH, "POST", "/api/v1/applications/{id}/tasks/{task}/result", 404),
                new Refusal(Desk.AGENCY, "GET", "/api/v1/applications/{id}", 403),
                new Refusal(Desk.AGENCY, "POST", "/api/v1/applications/{id}/approval", 403),
                // a portal acts for its citizen only
                new Refusal("portal.operator", "POST", "/api/v1/applications/{id}/acceptance", 403),
                new Refusal("portal.operator", "GET", "/api/v1/work-queue?queue=TO_ACCEPT", 403),
                // auditors and administrators have no business in the one window's desk
                new Refusal("auditor", "GET", "/api/v1/applications/{id}", 403),
                new Refusal("auditor", "POST", "/api/v1/applications/{id}/approval", 403),
                new Refusal("admin", "GET", "/api/v1/work-queue?queue=TO_ACCEPT", 403),
                // nobody without a token
                new Refusal(null, "GET", "/api/v1/applications", 401),
                new Refusal(null, "GET", "/api/v1/applications/{id}", 401),
                new Refusal(null, "POST", "/api/v1/applications", 401),
                new Refusal(null, "POST", "/api/v1/applications/{id}/approval", 401),
                new Refusal(null, "GET", "/api/v1/work-queue?queue=TO_ACCEPT", 401),
                new Refusal(null, "GET", "/api/v1/tasks", 401),
                new Refusal(null, "GET", "/api/v1/services", 401));
        for (Refusal r : refusals) {
            assertThat(status(r.user(), r.method(), r.path())).as(r.toString()).isEqualTo(r.status());
        }
        assertThat(Desk.read(MADINA, id).getString("status")).isEqualTo("SUBMITTED");
        assertThat(Desk.read(MADINA, id).getInt("version")).isEqualTo(1);
    }

    @Test
    void a_portal_sees_its_citizen_and_a_parent_named_in_a_birth_form_sees_the_birth() {
        Desk.as("portal.operator").header("X-Citizen-Id", MADINA_ID).get("/api/v1/applications/" + id).then().statusCode(200);
        Desk.as("portal.operator").header("X-Citizen-Id", "1000000002").get("/api/v1/applications/" + id).then().statusCode(404);
        var form = new java.util.HashMap<>(Desk.birthForm(MADINA_ID, null));
        form.put("father", Desk.person("1000000002", "Каримов", "Рустам", "MALE", java.time.LocalDate.of(1995, 6, 1)));
        String birth = Desk.submit(MADINA, "REGISTER_BIRTH", "KHT02", form);
        Desk.as(Desk.RUSTAM).get("/api/v1/applications/" + birth).then().statusCode(200);
        assertThat(Desk.as(Desk.RUSTAM).get("/api/v1/applications?limit=100").then().statusCode(200).extract()
                .jsonPath().getList("items.id", String.class)).contains(birth).doesNotContain(id);
    }
}
