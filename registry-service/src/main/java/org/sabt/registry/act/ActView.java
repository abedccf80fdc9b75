package org.sabt.registry.act;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An act as the API and the events show it: the registry's facts plus the typed details of one version. */
@Schema(name = "Act")
public record ActView(UUID id, ActType type,
                      @Schema(example = "BIR-KHT02-2026-000123") String registrationNumber,
                      @Schema(example = "KHT02") String office,
                      LocalDate registrationDate, ActStatus status,
                      @Schema(description = "Version shown; the ETag") int version,
                      @Schema(description = "An old paper record restored by an archivist, with its paper number") boolean restored,
                      @Schema(description = "Username of the registrar") String registeredBy,
                      Instant registeredAt, ActRegistration details) {
}
