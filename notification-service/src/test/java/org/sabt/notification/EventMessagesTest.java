package org.sabt.notification;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class EventMessagesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    @TestSecurity(user = "auditor", roles = "auditor")
    void a_submitted_application_is_logged_once_for_the_applicant_even_when_delivered_twice() throws Exception {
        String citizen = "9" + (System.nanoTime() % 1_000_000_000L);
        String eventId = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int delivery = 0; delivery < 2; delivery++) {
                var r = new ProducerRecord<>(TestEvents.topic("applications"), UUID.randomUUID().toString(), "{\"version\":1}");
                r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", "sabt.application.submitted".getBytes(StandardCharsets.UTF_8))
                        .add("ce_subject", citizen.getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !messages(citizen).isEmpty());
        // Both deliveries have been consumed once the consumer moved past them; one message stands.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> messages(citizen).size() == 1);
        given().queryParam("subject", citizen).when().get("/api/v1/messages").then().statusCode(200)
                .body("items[0].recipient", equalTo("citizen:" + citizen))
                .body("items[0].eventType", equalTo("sabt.application.submitted"))
                .body("items[0].status", equalTo("RECORDED"));
        assertThat(messages(citizen)).hasSize(1);
    }

    @Test
    @TestSecurity(user = "citizen.madina", roles = "citizen")
    void a_citizen_without_a_national_id_reads_no_one_s_messages() {
        given().when().get("/api/v1/messages").then().statusCode(403).body("code", equalTo("CITIZEN_REQUIRED"));
    }

    private List<String> messages(String subject) {
        return given().queryParam("subject", subject).when().get("/api/v1/messages").then().statusCode(200)
                .extract().path("items.id");
    }
}
