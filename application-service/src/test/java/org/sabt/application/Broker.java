package org.sabt.application;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Events published on the real broker as another service's outbox relay publishes them (CloudEvents, binary mode). */
final class Broker {

    /**
     * The topic the service reads for one of its incoming channels: in tests its own ({@code %test} in
     * application.properties), not the shared one other modules' tests fill.
     */
    static String topic(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".topic", String.class);
    }

    /** The same event (one ce_id) the given number of times: a redelivery is the same event again. */
    static void publish(String bootstrap, String topic, String key, String type, String source, String payload, int times)
            throws Exception {
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < times; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, payload);
                r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", source.getBytes(StandardCharsets.UTF_8))
                        .add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
    }

    private Broker() {
    }
}
