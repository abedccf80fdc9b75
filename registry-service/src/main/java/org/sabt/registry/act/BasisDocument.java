package org.sabt.registry.act;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** The document an amendment or an annulment rests on. */
@Schema(description = "The basis document of an amendment or annulment")
public record BasisDocument(
        @NotNull Kind kind,
        @NotBlank @Size(max = 50) @Schema(example = "2-1187/2026") String number,
        @NotNull @PastOrPresent LocalDate date,
        @Size(max = 200) String issuedBy) {

    @Schema(name = "BasisDocumentKind")
    public enum Kind { COURT_DECISION, APPLICATION, MEDICAL_CERTIFICATE, SUPERVISOR_DECISION, ACT_OF_CIVIL_STATUS, OTHER }

    /** A document an act names (a court decision, an application) as the basis of a change. */
    public static BasisDocument of(Kind kind, DocumentRef document) {
        return new BasisDocument(kind, document.number(), document.date(), document.issuedBy());
    }
}
