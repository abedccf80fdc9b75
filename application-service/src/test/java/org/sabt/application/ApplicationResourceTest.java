package org.sabt.application;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ApplicationResourceTest {

    @Inject
    EntityManager em;

    static final Map<String, Object> BIRTH = Map.of("service", "REGISTER_BIRTH", "office", "KHT02",
            "details", Map.of("child", Map.of("givenName", "Фирдавс")));

    @Test
    @TestSecurity(user = "citizen.madina", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "1000000001"))
    void a_citizen_submits_an_application_and_sees_it_in_their_list() {
        String id = given().contentType(ContentType.JSON).body(BIRTH).when().post("/api/v1/applications")
                .then().statusCode(201).body("status", equalTo("SUBMITTED")).body("applicantNationalId", equalTo("1000000001"))
                .extract().path("id");
        given().when().get("/api/v1/applications").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.applicantNationalId", everyItem(equalTo("1000000001")));
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + id + "' AND event_type = 'sabt.application.submitted'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM application_status_change WHERE application_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "citizen.rustam", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "1000000002"))
    void a_citizen_does_not_see_another_citizens_application() {
        String other = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT CAST(id AS text) FROM application WHERE applicant_national_id = '1000000001' LIMIT 1").getResultStream()
                .findFirst().orElse("00000000-0000-0000-0000-000000000000"));
        given().when().get("/api/v1/applications").then().statusCode(200)
                .body("items.applicantNationalId", everyItem(equalTo("1000000002"))).body("items.id", not(hasItem(other)));
        given().when().get("/api/v1/applications/" + other).then().statusCode(404).body("code", equalTo("APPLICATION_NOT_FOUND"));
    }

    @Test
    @TestSecurity(user = "service-account-sabt-demo-portal", roles = "portal")
    void a_portal_submits_for_the_citizen_it_names() {
        given().contentType(ContentType.JSON).header("X-Citizen-Id", "1000000777").body(BIRTH).when().post("/api/v1/applications")
                .then().statusCode(201).body("applicantNationalId", equalTo("1000000777"));
        given().contentType(ContentType.JSON).body(BIRTH).when().post("/api/v1/applications")
                .then().statusCode(400).body("code", equalTo("CITIZEN_ID_REQUIRED"));
        given().contentType(ContentType.JSON).header("X-Citizen-Id", "12'; drop").body(BIRTH).when().post("/api/v1/applications")
                .then().statusCode(400).body("code", equalTo("CITIZEN_ID_INVALID"));
    }

    @Test
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void staff_list_only_their_office_page_by_page() {
        List<String> kulob = List.of(insert("KHT02"), insert("KHT02"), insert("KHT02"));
        String sino = insert("DSH01");
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/v1/applications").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items.office", String.class)).containsOnly("KHT02");
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsAll(kulob).doesNotContain(sino).doesNotHaveDuplicates();
        given().when().get("/api/v1/applications?limit=0").then().statusCode(400).body("code", equalTo("LIMIT_INVALID"));
        given().when().get("/api/v1/applications?cursor=rubbish").then().statusCode(400).body("code", equalTo("CURSOR_INVALID"));
    }

    private String insert(String office) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var a = new org.sabt.application.application.Application();
            a.id = java.util.UUID.randomUUID();
            a.service = org.sabt.application.application.ServiceType.REGISTER_BIRTH;
            a.status = org.sabt.application.application.ApplicationStatus.SUBMITTED;
            a.applicantNationalId = "1000000999";
            a.office = office;
            a.submittedBy = "test";
            a.submittedAt = java.time.Instant.now();
            a.details = "{}";
            a.version = 1;
            a.persist();
            return a.id.toString();
        });
    }

    @Test
    @TestSecurity(user = "citizen.madina", roles = "citizen", attributes = @SecurityAttribute(key = "national_id", value = "1000000001"))
    void an_unknown_service_is_a_400_and_writes_nothing() {
        long before = count("SELECT count(*) FROM application");
        given().contentType(ContentType.JSON).body(Map.of("service", "BUY_A_HOUSE", "office", "KHT02", "details", Map.of()))
                .when().post("/api/v1/applications").then().statusCode(400).body("code", equalTo("INVALID_FIELD_VALUE"))
                .body("errors[0].field", equalTo("service"));
        assertThat(count("SELECT count(*) FROM application")).isEqualTo(before);
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
