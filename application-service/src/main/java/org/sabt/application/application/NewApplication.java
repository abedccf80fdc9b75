package org.sabt.application.application;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the applicant submits once: the service, the office that serves them, and the form. */
@Schema(name = "NewApplication")
public record NewApplication(
        @NotNull ServiceType service,
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Schema(description = "The form for the service (its schema per service comes with the one-window issue)",
                example = "{\"child\": {\"givenName\": \"Фирдавс\", \"birthDate\": \"2026-11-20\"}, \"medicalCertificateNumber\": \"MBC-2026-004711\"}")
        JsonNode details) {
}
