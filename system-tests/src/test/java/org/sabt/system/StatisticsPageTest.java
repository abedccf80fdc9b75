package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public statistics page on the gateway, opened in a real browser (Debian's headless Chromium): its charts are
 * drawn from the registry's figures as the statistics agency sees them (counts under 5 withheld), in tg, ru and en.
 */
@ExtendWith(SystemStack.class)
class StatisticsPageTest {

    private static final String OFFICE = "DSH01";

    /** Six births and a death in Dushanbe this month, so that one cell of the chart is large enough to show. */
    @BeforeAll
    static void someActs() {
        for (int i = 0; i < 6; i++) {
            Map<String, Object> mother = new HashMap<>(Map.of("surname", "Шарифзода", "givenName", "Нигина", "sex", "FEMALE",
                    "birthDate", LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000)).toString(),
                    "nationalId", String.valueOf(ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L))));
            RestAssured.given().auth().oauth2(Keycloak.userToken("registrar.sino")).contentType(ContentType.JSON)
                    .body(Map.of("type", "BIRTH", "office", OFFICE, "mother", mother,
                            "child", Map.of("surname", "Шарифзода", "givenName", List.of("Сино", "Далер", "Умед").get(i % 3),
                                    "sex", "MALE", "birthDate", LocalDate.now().withDayOfMonth(1).toString()),
                            "medicalCertificateNumber", "MBC-" + UUID.randomUUID()))
                    .post("/api/v1/acts").then().statusCode(201);
        }
    }

    @Test
    void the_charts_show_the_agencys_figures_in_every_language() throws Exception {
        String month = LocalDate.now().toString().substring(0, 7);
        // What the statistics agency itself is given by the API.
        var table = RestAssured.given().auth().oauth2(Keycloak.clientToken("sabt-statistics", "statistics-secret-DEV-ONLY"))
                .queryParam("groupBy", "type,region,month").queryParam("from", LocalDate.now().withDayOfMonth(1).minusMonths(11).toString())
                .queryParam("to", LocalDate.now().toString())
                .get("/api/v1/statistics/acts").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = table.getList("rows");
        Map<String, Object> births = rows.stream().filter(r -> group(r, "type").equals("BIRTH") && group(r, "region").equals("DSH")
                && group(r, "month").equals(month)).findFirst().orElseThrow();
        assertThat(((Number) births.get("registered")).intValue()).isGreaterThanOrEqualTo(6);

        for (String lang : List.of("tg", "ru", "en")) {
            Document page = render(RestAssured.baseURI + "/statistics?lang=" + lang);
            assertThat(page.body().attr("data-drawn")).as("the page drew its charts").isEqualTo("true");
            assertThat(page.select("html").attr("lang")).isEqualTo(lang);
            assertThat(page.getElementById("title").text()).isEqualTo(switch (lang) {
                case "tg" -> "Сабти ҳолатҳои шаҳрвандӣ: рақамҳои асосӣ";
                case "ru" -> "Регистрация актов гражданского состояния: основные показатели";
                default -> "Civil registration: the main figures";
            });
            // Every bar of the first chart says what the API says for its cell: a count, or withheld.
            List<Element> bars = page.select("rect[data-chart=births-deaths]");
            assertThat(bars).isNotEmpty();
            for (Element bar : bars) {
                Map<String, Object> row = rows.stream().filter(r -> group(r, "type").equals(bar.attr("data-type"))
                        && group(r, "region").equals(bar.attr("data-region"))
                        && group(r, "month").equals(bar.attr("data-month"))).findFirst().orElseThrow();
                Object registered = row.get("registered");
                assertThat(bar.attr("data-value")).isEqualTo(registered == null ? "suppressed" : registered.toString());
            }
            Element dushanbe = page.selectFirst("rect[data-chart=births-deaths][data-type=BIRTH][data-region=DSH][data-month=" + month + "]");
            assertThat(dushanbe).isNotNull();
            assertThat(dushanbe.attr("data-value")).isEqualTo(births.get("registered").toString());
            assertThat(page.select("rect[data-chart=late-share][data-office=" + OFFICE + "]")).hasSize(1);
            assertThat(page.getElementById("regions").text()).contains(switch (lang) {
                case "tg" -> "шаҳри Душанбе";
                case "ru" -> "город Душанбе";
                default -> "Dushanbe City";
            });
        }
    }

    private static String group(Map<String, Object> row, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) row.get("group");
        return String.valueOf(group.get(key));
    }

    /** The page's DOM after its scripts ran, as headless Chromium renders it. */
    static Document render(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("sabt-chromium");
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Jsoup.parse(dom);
    }
}
