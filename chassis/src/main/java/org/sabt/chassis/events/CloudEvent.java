package org.sabt.chassis.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CloudEvent 1.0 in Kafka binary mode: attributes in {@code ce_*} headers, JSON data in the value,
 * the aggregate id as the record key. Sabt adds the extension {@code ce_requestid} and X-Road headers.
 */
public record CloudEvent(String id, String type, String source, String subject, Instant time, String key,
                         String data, Map<String, String> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final String REQUEST_ID = "requestid";

    public static CloudEvent from(ConsumerRecord<String, String> record) {
        Headers h = record.headers();
        Map<String, String> ext = new LinkedHashMap<>();
        for (Header header : h) {
            String k = header.key();
            if (header.value() != null && (k.equals("ce_" + REQUEST_ID) || k.startsWith("X-Road-"))) {
                ext.put(k.startsWith("ce_") ? k.substring(3) : k, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String time = header(h, "ce_time");
        return new CloudEvent(header(h, "ce_id"), header(h, "ce_type"), header(h, "ce_source"), header(h, "ce_subject"),
                time == null ? null : Instant.parse(time), record.key(), record.value(), ext);
    }

    public String requestId() {
        return extensions.get(REQUEST_ID);
    }

    public Map<String, String> xRoad() {
        Map<String, String> out = new LinkedHashMap<>();
        extensions.forEach((k, v) -> {
            if (k.startsWith("X-Road-")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
