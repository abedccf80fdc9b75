package org.sabt.chassis.outbox;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to reach a secured Kafka (SASL and TLS, as a Strimzi KafkaUser on Kubernetes): the {@code kafka.*} security
 * settings the messaging connector reads, for the relay's own producer too. Unset ones (the local stack) are left out.
 */
final class KafkaSecurity {

    private static final List<String> KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.type", "ssl.truststore.location");

    private KafkaSecurity() {
    }

    static Map<String, Object> settings() {
        var config = ConfigProvider.getConfig();
        Map<String, Object> settings = new HashMap<>();
        for (String key : KEYS) {
            config.getOptionalValue("kafka." + key, String.class).filter(v -> !v.isBlank()).ifPresent(v -> settings.put(key, v));
        }
        return settings;
    }
}
