package org.sabt.application.lifecycle;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.ServiceCode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An application in a list or a work queue. */
@Schema(name = "ApplicationSummary")
public record ApplicationSummary(UUID id, ServiceCode service, String serviceName, ApplicationStatus status, String office,
                                 String applicantName, String applicantNationalId, Instant submittedAt, LocalDate deadline,
                                 boolean overdue, @Schema(description = "Who holds it (a live claim)") String assignedTo,
                                 int version) {
}
