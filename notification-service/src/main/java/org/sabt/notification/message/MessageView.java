package org.sabt.notification.message;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(name = "Message", description = "A message of the delivery log")
public record MessageView(UUID id, @Schema(description = "The CloudEvent id that caused it") String eventId,
                          @Schema(example = "sabt.application.submitted") String eventType,
                          @Schema(description = "The event's subject: an application's applicant, an act's number") String subject,
                          @Schema(example = "citizen:1000000001") String recipient,
                          @Schema(example = "LOG") String channel, @Schema(example = "RECORDED") String status,
                          String body, Instant createdAt) {

    static MessageView of(Message m) {
        return new MessageView(m.id, m.eventId, m.eventType, m.subject, m.recipient, m.channel, m.status, m.body, m.createdAt);
    }
}
