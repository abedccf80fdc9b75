package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A birth: the child, the mother, the father when known, and the medical birth certificate. */
@Schema(name = "BirthRegistration", description = "Registration of a birth (type BIRTH)")
public record BirthRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        LocalDate registrationDate,
        @NotNull @Valid PersonDetails child,
        @NotNull @Valid PersonDetails mother,
        @Valid PersonDetails father,
        @Schema(description = "false for a stillbirth (no person entry is made)", defaultValue = "true") Boolean liveBorn,
        @Min(1) @Max(10) @Schema(description = "Children born in this birth", defaultValue = "1") Integer childrenBorn,
        @NotBlank @Size(max = 50) @Schema(description = "Number of the health ministry's medical birth certificate",
                example = "MBC-2026-004711") String medicalCertificateNumber) implements ActRegistration {

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.BIRTH;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return child.birthDate();
    }

    @Override
    @JsonIgnore
    public String uniqueBasisDocument() {
        return medicalCertificateNumber;
    }

    BirthRegistration withDefaults(LocalDate today) {
        return new BirthRegistration(office, registrationDate == null ? today : registrationDate, child, mother, father,
                liveBorn == null ? Boolean.TRUE : liveBorn, childrenBorn == null ? 1 : childrenBorn, medicalCertificateNumber);
    }
}
