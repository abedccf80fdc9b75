package org.sabt.application.health;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** A medical notice in our JSON (a FHIR document becomes one of these too). */
@Schema(name = "MedicalNotice", description = "A live birth, a stillbirth or a death, as the health ministry certified it")
public record NoticeRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+")
        @Schema(description = "The ministry's own id of the notice: sending it again is safe, sending other content with "
                + "it is a correction", example = "MOH-2026-000123") String noticeId,
        @NotNull Kind kind,
        @NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9./-]+") @Schema(example = "MBC-2026-000777") String medicalCertificateNumber,
        @Valid Facility facility,
        @NotBlank @Size(max = 10) @Schema(description = "The registry office of the facility's district", example = "KHT02") String office,
        @NotNull @Schema(description = "Of the birth, stillbirth or death") LocalDate date,
        @Valid @Schema(description = "Births: the mother") Person mother,
        @Valid @Schema(description = "Births: the child") Child child,
        @Valid @Schema(description = "Deaths: the deceased") Person deceased,
        @Size(max = 10) @Pattern(regexp = "[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?") @Schema(description = "ICD-10", example = "I21.9")
        String causeOfDeathCode) {

    @Schema(name = "MedicalNoticeKind")
    public enum Kind { LIVE_BIRTH, STILLBIRTH, DEATH }

    public enum Sex { MALE, FEMALE }

    public record Facility(@Size(max = 50) String code, @Size(max = 200) String name) {
    }

    @Schema(name = "MedicalNoticePerson")
    public record Person(@Pattern(regexp = "\\d{6,20}") String nationalId, @NotBlank @Size(max = 100) String surname,
                         @NotBlank @Size(max = 100) String givenName, @Size(max = 100) String patronymic,
                         LocalDate birthDate,
                         @Pattern(regexp = "\\+?\\d{7,15}") @Schema(description = "Births: the mother's mobile, as the "
                                 + "facility recorded it; she is told by SMS of the application proposed for her child",
                                 example = "+992900000001") String phone,
                         @Pattern(regexp = "tg|ru|en") @Schema(description = "The language she is told in", defaultValue = "tg")
                         String language) {

        public Person(String nationalId, String surname, String givenName, String patronymic, LocalDate birthDate) {
            this(nationalId, surname, givenName, patronymic, birthDate, null, null);
        }
    }

    public record Child(@NotNull Sex sex, @Positive @Max(10_000) @Schema(description = "Grams") Integer weightGrams) {
    }
}
