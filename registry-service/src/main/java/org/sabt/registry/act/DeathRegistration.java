package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** A death: the deceased (someone in the person index), when and where, the cause, and the basis. */
@Schema(name = "DeathRegistration", description = "Registration of a death (type DEATH)")
public record DeathRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid @Schema(description = "The deceased, by personId") PersonDetails deceased,
        @NotNull @Schema(example = "2026-11-18") LocalDate dateOfDeath,
        @Size(max = 200) @Schema(example = "Кӯлоб") String placeOfDeath,
        @Pattern(regexp = "[A-Z]\\d{2}(\\.\\d{1,2})?") @Schema(description = "ICD-10 code of the underlying cause", example = "I21.9") String causeOfDeathCode,
        @Size(max = 50) @Schema(description = "Number of the medical death certificate", example = "MDC-2026-000311") String medicalCertificateNumber,
        @Valid @Schema(description = "Court decision declaring the death, instead of a medical certificate") DocumentRef courtDecision)
        implements ActRegistration {

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.DEATH;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return dateOfDeath;
    }

    @Override
    @JsonIgnore
    public String uniqueBasisDocument() {
        return medicalCertificateNumber;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        return List.of(new Party("DECEASED", deceased));
    }

    DeathRegistration with(PersonDetails resolved) {
        return new DeathRegistration(office, resolved, dateOfDeath, placeOfDeath, causeOfDeathCode, medicalCertificateNumber,
                courtDecision);
    }
}
