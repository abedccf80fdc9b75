package org.sabt.notification.message;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(name = "Message", description = "A message of the delivery log, with its attempts when read alone")
public record MessageView(UUID id, @Schema(description = "The CloudEvent id that caused it") String eventId,
                          @Schema(example = "sabt.act.registered") String eventType,
                          @Schema(description = "The event's subject or key: an applicant, an act's id") String subject,
                          @Schema(example = "subscription:7f0c…") String recipient,
                          @Schema(enumeration = {"WEBHOOK", "EMAIL", "SMS", "LOG"}) String channel,
                          @Schema(enumeration = {"QUEUED", "SENT", "DELIVERED", "FAILED", "UNKNOWN", "PARKED", "CANCELLED",
                                  "RECORDED", "UNDELIVERABLE", "EXPIRED"}, description = "SENT: the SMTP server or SMSC "
                                  + "took it; DELIVERED: the webhook endpoint answered 2xx, or every SMS segment's receipt "
                                  + "said so; UNDELIVERABLE, EXPIRED: an SMS receipt said so; UNKNOWN: an SMS submit got no "
                                  + "answer, and is not resent blindly (a receipt settles it); PARKED: no more attempts, for "
                                  + "a person to replay; CANCELLED: a reminder for a booking that changed; RECORDED: a step "
                                  + "kept for the applicant's own view") String status,
                          String body, Instant createdAt, UUID subscriptionId,
                          @Schema(description = "The office the message is about, if any") String office,
                          @Schema(description = "The application the message is about, if any") UUID applicationId,
                          @Schema(description = "An SMS's segments (concatenated, UDH)") Integer segments,
                          @Schema(description = "Attempts in the current schedule") int attempts,
                          Instant nextAttemptAt, String lastError, Instant updatedAt,
                          @Schema(description = "Every attempt, oldest first (only when one message is read)") List<Attempt> attemptLog) {

    @Schema(name = "MessageAttempt")
    public record Attempt(int attempt, Instant at, Integer statusCode, int latencyMs,
                          @Schema(description = "DELIVERED, SENT, HTTP_<status>, GONE, TIMEOUT, CONNECTION_FAILED: …, "
                                  + "ENDPOINT_FORBIDDEN, SMTP_FAILED: …, SMSC_UNAVAILABLE: …, SMSC_REFUSED: …, UNKNOWN: "
                                  + "SUBMIT_TIMEOUT …, RECEIPT_DELIVERED, RECEIPT_UNDELIVERABLE, RECEIPT_EXPIRED")
                          String outcome,
                          @Schema(description = "The first 4 KB of the answer") String answer) {
    }

    static MessageView of(Message m) {
        return of(m, null);
    }

    static MessageView of(Message m, List<Attempt> attempts) {
        return new MessageView(m.id, m.eventId, m.eventType, m.subject, m.recipient, m.channel, m.status, m.body, m.createdAt,
                m.subscriptionId, m.office, m.applicationId, m.segments, m.attempts, m.nextAttemptAt, m.lastError, m.updatedAt, attempts);
    }
}
