package org.sabt.registry.act;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A person as an act records them: names in the state language (Cyrillic), sex, birth, citizenship. */
@Schema(description = "A person named in an act")
public record PersonDetails(
        @NotBlank @Size(max = 100) @Schema(example = "Раҳимзода") String surname,
        @NotBlank @Size(max = 100) @Schema(example = "Фирдавс") String givenName,
        @Size(max = 100) @Schema(example = "Рустамович") String patronymic,
        @NotNull Sex sex,
        @Schema(example = "2026-11-20") LocalDate birthDate,
        @Size(max = 200) @Schema(example = "Кӯлоб") String placeOfBirth,
        @Pattern(regexp = "[A-Z]{3}") @Schema(example = "TJK") String citizenship,
        @Pattern(regexp = "\\d{6,20}") @Schema(example = "1000000001") String nationalId) {
}
