package org.sabt.application;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.application.Desk.BACK_OFFICE;
import static org.sabt.application.Desk.MADINA;
import static org.sabt.application.Desk.MADINA_ID;
import static org.sabt.application.Desk.MARRIAGE_DOCUMENTS;
import static org.sabt.application.Desk.REGISTRAR;
import static org.sabt.application.Desk.act;
import static org.sabt.application.Desk.read;

/** sabt.certificate.issued, published on the real broker as document-service will, moves the application on once. */
@QuarkusTest
@QuarkusTestResource(FakeRegistry.class)
class CertificatesIssuedTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void a_certificate_issued_for_the_act_moves_the_registration_on_once_even_when_the_event_comes_twice() throws Exception {
        String id = Desk.submit(MADINA, "REGISTER_MARRIAGE", "KHT02", Desk.marriageForm("1000000002", MADINA_ID));
        Desk.intoReview(id, MARRIAGE_DOCUMENTS);
        String actId = act(BACK_OFFICE, id, "approval", null).statusCode(200).extract().path("registration.actId");

        String certificate = UUID.randomUUID().toString();
        String payload = """
                {"version":1,"certificateId":"%s","actId":"%s","actVersion":1,"applicationId":null,"kind":"CERTIFICATE",
                 "medium":"PAPER","office":"KHT02","issuedAt":"%s"}""".formatted(certificate, actId, Instant.now());
        assertThat(EventSchemas.problems("sabt.certificate.issued", payload)).isEmpty();
        Broker.publish(bootstrap, Broker.topic("documents"), certificate, "sabt.certificate.issued", "/sabt/document-service", payload, 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(read(REGISTRAR, id).getString("status")).isEqualTo("CERTIFICATE_ISSUED"));
        assertThat(read(REGISTRAR, id).getString("registration.certificateId")).isEqualTo(certificate);
        assertThat(read(REGISTRAR, id).getList("history.action", String.class)).containsOnlyOnce("ISSUE_CERTIFICATE");

        act(REGISTRAR, id, "completion", Map.of("comment", "Handed over at the counter")).statusCode(200)
                .body("status", equalTo("COMPLETED"));
        Desk.as(REGISTRAR).get("/api/v1/work-queue/statistics").then().statusCode(200)
                .body("find { it.office == 'KHT02' }.completedLast30Days", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }
}
