package org.sabt.application.application;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(name = "Application")
public record ApplicationView(UUID id, ServiceType service, ApplicationStatus status,
                              @Schema(example = "1000000001") String applicantNationalId,
                              @Schema(example = "KHT02") String office, String submittedBy, Instant submittedAt,
                              @Schema(description = "The application form, as submitted") JsonNode details, int version) {
}
