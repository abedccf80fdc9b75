package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.sabt.application.catalogue.WorkingCalendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class CatalogueTest {

    @Test
    void the_catalogue_lists_the_ten_services_with_names_forms_documents_fees_deadlines_and_applicants() {
        JsonPath all = Desk.as(Desk.MADINA).header("Accept-Language", "ru").get("/api/v1/services").then().statusCode(200)
                .extract().jsonPath();
        assertThat(all.getList("code", String.class)).containsExactlyInAnyOrder("REGISTER_BIRTH", "REGISTER_DEATH",
                "REGISTER_MARRIAGE", "REGISTER_DIVORCE", "ESTABLISH_PATERNITY", "REGISTER_ADOPTION", "CHANGE_NAME",
                "REPEAT_CERTIFICATE", "ARCHIVE_EXTRACT", "CORRECT_RECORD");
        assertThat(all.getList("names.tg", String.class)).doesNotContainNull();
        assertThat(all.getList("form.'$schema'", String.class)).containsOnly("https://json-schema.org/draft/2020-12/schema");
        assertThat(all.getString("find { it.code == 'REGISTER_BIRTH' }.name")).isEqualTo("Регистрация рождения");
        assertThat(all.getLong("find { it.code == 'REGISTER_BIRTH' }.feeMinorUnits")).isZero();
        assertThat(all.getLong("find { it.code == 'REGISTER_MARRIAGE' }.feeMinorUnits")).isEqualTo(5000);
        assertThat(all.getInt("find { it.code == 'REPEAT_CERTIFICATE' }.deadlineWorkingDays")).isEqualTo(3);
        assertThat(all.getList("find { it.code == 'REGISTER_MARRIAGE' }.checks.code", String.class))
                .contains("NEITHER_SPOUSE_MARRIED", "NOT_CLOSE_RELATIVES", "MARRIAGE_AGE", "SPOUSES_ALIVE");
        assertThat(all.getList("find { it.code == 'REGISTER_BIRTH' }.applicants", String.class))
                .containsExactlyInAnyOrder("CITIZEN", "PORTAL", "FRONT_OFFICE");

        Desk.as(Desk.REGISTRAR).get("/api/v1/services/REGISTER_DEATH").then().statusCode(200)
                .body("form.'$ref'", equalTo("#/$defs/death")).body("currency", equalTo("TJS"));
        Desk.as(Desk.REGISTRAR).get("/api/v1/services/BUY_A_HOUSE").then().statusCode(404).body("code", equalTo("SERVICE_NOT_FOUND"));
        given().get("/api/v1/services").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void deadlines_count_working_days_past_weekends_and_public_holidays() {
        WorkingCalendar calendar = new WorkingCalendar(java.time.ZoneId.of("Asia/Dushanbe"), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                Set.of(LocalDate.of(2027, 3, 22), LocalDate.of(2027, 3, 23)));
        // Friday + 1 working day is Monday; the same working day of a Saturday is Monday
        assertThat(calendar.deadline(LocalDate.of(2026, 11, 27), 1)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(calendar.deadline(LocalDate.of(2026, 11, 28), 0)).isEqualTo(LocalDate.of(2026, 11, 30));
        // Navruz: Friday 19 March 2027 + 3 working days skips the weekend and the two holidays
        assertThat(calendar.deadline(LocalDate.of(2027, 3, 19), 3)).isEqualTo(LocalDate.of(2027, 3, 26));
        assertThat(calendar.workingDaysBetween(LocalDate.of(2027, 3, 19), LocalDate.of(2027, 3, 26))).isEqualTo(3);
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 30))).isZero();
    }
}
