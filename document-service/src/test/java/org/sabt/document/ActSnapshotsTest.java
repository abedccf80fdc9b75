package org.sabt.document;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ActSnapshotsTest {

    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void a_registered_act_is_projected_once_even_when_delivered_twice() throws Exception {
        String actId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String data = """
                {"version":1,"act":{"id":"%s","type":"BIRTH","registrationNumber":"BIR-KHT02-2026-900001","office":"KHT02",
                 "status":"REGISTERED","version":1,"details":{"type":"BIRTH"}}}""".formatted(actId);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int delivery = 0; delivery < 2; delivery++) {
                var r = new ProducerRecord<>(Registry.topic("acts"), actId, data);
                r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", "sabt.act.registered".getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", "/sabt/registry-service".getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event WHERE event_id = '" + eventId + "'") == 1);
        assertThat(count("SELECT count(*) FROM act_snapshot WHERE act_id = '" + actId + "' AND registration_number = 'BIR-KHT02-2026-900001'"))
                .isEqualTo(1);
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
