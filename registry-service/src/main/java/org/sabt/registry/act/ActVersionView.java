package org.sabt.registry.act;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One version of an act in its history: complete, with who made it, when, why and on what basis. */
@Schema(name = "ActVersion")
public record ActVersionView(int version, ActVersions.Change change, ActStatus status,
                             @Schema(description = "Why this version was made") String reason,
                             BasisDocument basisDocument,
                             @Schema(description = "Username of who made it") String changedBy, Instant changedAt,
                             @Schema(description = "The act whose consequence this version is (adoption, paternity, name change)") UUID causedByAct,
                             @Schema(description = "Sealed by an adoption: shown to archivists only") boolean sealed,
                             ActRegistration details) {
}
