package org.sabt.registry;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Statistics of acts: counts grouped as asked, late registrations and the median delay; the statistics agency sees
 * counts under 5 withheld and never a name; CSV as well as JSON. The births are in a month of their own (late ones,
 * a year back and more), so the counts are exactly what this test registered.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatisticsTest {

    /**
     * A day between 3 and 6 years ago on which no act's event happened yet, chosen before the births are restored:
     * they are then the only events of that day. (A random day alone met other test classes' acts: five marriages and
     * a birth on the same day once.)
     */
    static LocalDate DAY;

    @Inject
    EntityManager em;

    @Test
    @Order(1)
    @TestSecurity(user = "archivist.kulob", roles = "archivist", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void seven_births_on_one_day_restored_from_paper() {
        do {
            DAY = Registry.today().minusYears(3).minusDays(ThreadLocalRandom.current().nextLong(1000));
        } while (((Number) em.createNativeQuery("SELECT count(*) FROM act WHERE event_date = :day")
                .setParameter("day", DAY).getSingleResult()).longValue() > 0);
        for (int i = 0; i < 7; i++) {
            Map<String, Object> act = Map.of("type", "BIRTH", "office", Registry.OFFICE,
                    "child", Registry.person("Каримзода", List.of("Сино", "Умед", "Азиз", "Далер", "Зафар", "Аброр", "Комрон").get(i),
                            i < 4 ? "MALE" : "FEMALE", DAY),
                    "mother", Registry.person("Каримова", "Зарина", "FEMALE", DAY.minusYears(25 + i)));
            // Three of them registered 40 days after the birth (late), four after 5 days.
            given().contentType(ContentType.JSON).body(Map.of("paperRegistrationNumber", "ST-" + UUID.randomUUID(),
                            "registrationDate", DAY.plusDays(i < 3 ? 40 : 5).toString(), "act", act))
                    .post("/api/v1/acts/restorations").then().statusCode(201);
        }
    }

    @Test
    @Order(2)
    @TestSecurity(user = "supervisor", roles = "supervisor", attributes = @SecurityAttribute(key = "office", value = "*"))
    void staff_see_the_counts_whole() {
        var rows = given().queryParam("groupBy", "type,office,region,month,sex,ageGroup").queryParam("from", DAY.toString())
                .queryParam("to", DAY.toString()).get("/api/v1/statistics/acts")
                .then().statusCode(200).body("smallCellsSuppressed", equalTo(false)).extract().jsonPath().getList("rows", Map.class);
        assertThat(rows).hasSize(2);
        Map<?, ?> boys = rows.stream().filter(r -> ((Map<?, ?>) r.get("group")).get("sex").equals("MALE")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) boys.get("group");
        assertThat(group).containsEntry("type", "BIRTH").containsEntry("office", "KHT02")
                .containsEntry("region", "KHT").containsEntry("month", DAY.toString().substring(0, 7)).containsEntry("ageGroup", "0");
        assertThat(((Number) boys.get("registered")).intValue()).isEqualTo(4);

        var all = given().queryParam("groupBy", "type").queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .get("/api/v1/statistics/acts").then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("rows[0].registered")).isEqualTo(7);
        assertThat(all.getInt("rows[0].late")).isEqualTo(3);
        assertThat(all.getDouble("rows[0].lateShare")).isEqualTo(0.4286);
        assertThat(all.getDouble("rows[0].medianDaysToRegister")).isEqualTo(5.0);
    }

    @Test
    @Order(3)
    @TestSecurity(user = "service-account-sabt-statistics", roles = "agency")
    void the_statistics_agency_gets_counts_under_five_withheld_and_never_a_name() {
        var rows = given().queryParam("groupBy", "type,sex").queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .get("/api/v1/statistics/acts").then().statusCode(200)
                .body("smallCellsSuppressed", equalTo(true))
                .body(not(containsString("Каримзода")))
                .extract().jsonPath();
        // 4 boys and 3 girls: every count withheld, and said to be.
        assertThat(rows.getList("rows.registered")).containsOnlyNulls();
        assertThat(rows.getList("rows[0].suppressed", String.class)).contains("registered", "medianDaysToRegister");
        var whole = given().queryParam("groupBy", "type").queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .get("/api/v1/statistics/acts").then().statusCode(200).extract().jsonPath();
        assertThat(whole.getInt("rows[0].registered")).isEqualTo(7);
        assertThat(whole.getObject("rows[0].late", Integer.class)).isNull();
        assertThat(whole.getList("rows[0].suppressed", String.class)).containsExactly("late", "lateShare");
    }

    @Test
    @Order(4)
    @TestSecurity(user = "service-account-sabt-statistics", roles = "agency")
    void the_table_comes_as_csv_too() {
        given().accept("text/csv").queryParam("groupBy", "type,region").queryParam("from", DAY.toString())
                .queryParam("to", DAY.toString()).get("/api/v1/statistics/acts")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .body(startsWith("type,region,registered,amended,annulled,late,lateShare,medianDaysToRegister,suppressed\n"))
                .body(containsString("BIRTH,KHT,7,0,0,,,5.0,late lateShare\n"));
        given().queryParam("groupBy", "type,colour").get("/api/v1/statistics/acts").then().statusCode(400)
                .body("code", equalTo("GROUP_BY_INVALID"));
    }

    @Test
    @Order(5)
    @TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
    void a_registrar_does_not_read_statistics() {
        given().get("/api/v1/statistics/acts").then().statusCode(403);
    }
}
