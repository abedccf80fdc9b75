package org.sabt.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Application events as application-service publishes them, for the module's tests to send through Kafka. */
public final class TestEvents {

    public static String nationalId() {
        return String.valueOf(2_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 7_000_000_000L));
    }

    /** A phone number of its own for each test (9 random digits after 992), ending as given. */
    public static String phone(String ending) {
        String digits = String.valueOf(Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000L) + 10_000_000L);
        String number = "992" + ("9" + digits).substring(0, 9 - ending.length()) + ending;
        return number.substring(0, 12);
    }

    public static String statusChanged(String application, String nationalId, String status, String reason, LocalDate deadline,
                                       String number, String certificate, String phone, String email, String language) {
        return """
                {"version":1,"applicationId":"%s","service":"REGISTER_BIRTH","office":"KHT02","previousStatus":"SUBMITTED",
                 "status":"%s","action":"RETURN","reason":%s,"changedBy":"registrar.kulob","changedAt":"2026-12-01T10:00:00Z",
                 "applicantNationalId":"%s","contact":{"phone":%s,"email":%s,"language":"%s"},"deadline":"%s",
                 "actId":null,"registrationNumber":%s,"certificateId":%s}""".formatted(application, status, quote(reason),
                nationalId, quote(phone), quote(email), language, deadline, quote(number), quote(certificate));
    }

    /** What a payload breaks of its type's schema in docs/events (sabt.handoff.requested: handoff-requested.schema.json). */
    public static Set<ValidationMessage> problems(String type, String payload) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Path.of("..", "docs", "events", type.substring("sabt.".length()).replace('.', '-')
                        + ".schema.json").toAbsolutePath().toUri())
                .validate(new ObjectMapper().readTree(payload));
    }

    /** sabt.handoff.status-changed as application-service publishes it (docs/events/handoff-status-changed.schema.json). */
    public static String handoffChanged(String application, String nationalId, String status, String reference, String email,
                                        String language) {
        return """
                {"version":1,"handoffId":"%s","agency":"civil-id","agencyNames":{"tg":"Хадамоти шиносномавӣ (рақами шахсӣ)",
                 "ru":"Паспортная служба (персональный номер)","en":"ID and passport service (personal number)"},
                 "applicationId":"%s","service":"REGISTER_BIRTH","office":"KHT02","registrationNumber":"BIR-KHT02-2026-000321",
                 "previousStatus":"ACKNOWLEDGED","status":"%s","reference":%s,"reason":null,"changedAt":"2026-12-02T10:00:00Z",
                 "applicantNationalId":"%s","contact":{"phone":null,"email":%s,"language":"%s"}}"""
                .formatted(UUID.randomUUID(), application, status, quote(reference), nationalId, quote(email), language);
    }

    public static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** To sabt.applications, keyed by the application, its subject the applicant's national id (if the data has one). */
    /**
     * The topic the service reads for one of its incoming channels: in tests its own ({@code %test} in
     * application.properties), not the shared one other modules' tests fill.
     */
    public static String topic(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".topic", String.class);
    }

    public static void publish(String bootstrap, String eventId, String type, String key, String data) throws Exception {
        String subject = new ObjectMapper().readTree(data).path("applicantNationalId").asText("");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            var r = new ProducerRecord<>(topic("applications"), key, data);
            r.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                    .add("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
    }

    private TestEvents() {
    }
}
