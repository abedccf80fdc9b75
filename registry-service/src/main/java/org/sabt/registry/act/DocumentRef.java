package org.sabt.registry.act;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A document an act rests on: a court decision, a joint application, a supervisor's decision. */
@Schema(description = "A basis document: number, date and who issued it")
public record DocumentRef(
        @NotBlank @Size(max = 50) @Schema(example = "2-1187/2026") String number,
        @NotNull @PastOrPresent @Schema(example = "2026-10-02") LocalDate date,
        @Size(max = 200) @Schema(example = "Суди шаҳри Кӯлоб") String issuedBy) {
}
