package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A person as an act records them. On input, either {@code personId} of someone in the person index (their
 * details are then taken from the index) or the details of someone new; the stored act always carries both.
 * Names are in the state language (Cyrillic); the Latin form is made by the registry.
 */
@Schema(description = "A person named in an act: personId of someone in the index, or their details")
public record PersonDetails(
        @Schema(description = "The person in the index; when given, the other fields are filled from it") UUID personId,
        @Size(max = 100) @Schema(example = "Раҳимзода") String surname,
        @Size(max = 100) @Schema(example = "Фирдавс") String givenName,
        @Size(max = 100) @Schema(example = "Рустамович") String patronymic,
        @Valid @Schema(readOnly = true, description = "Latin form for documents abroad, made by the registry") LatinName latin,
        Sex sex,
        @Schema(example = "2026-11-20") LocalDate birthDate,
        @Size(max = 200) @Schema(example = "Кӯлоб") String placeOfBirth,
        @Pattern(regexp = "[A-Z]{3}") @Schema(example = "TJK", description = "ISO 3166-1 alpha-3") String citizenship,
        @Pattern(regexp = "\\d{6,20}") @Schema(example = "1000000001") String nationalId) {

    /** Someone new must be described: surname, given name and sex; someone known is named by personId. */
    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "give personId, or surname, givenName and sex")
    public boolean isReferencedOrDescribed() {
        return personId != null || (surname != null && !surname.isBlank() && givenName != null && !givenName.isBlank()
                && sex != null);
    }

    /** The same person with other names (and the Latin form made anew). */
    public PersonDetails renamed(String newSurname, String newGivenName, String newPatronymic) {
        return new PersonDetails(personId, newSurname, newGivenName, newPatronymic,
                LatinName.of(newSurname, newGivenName, newPatronymic), sex, birthDate, placeOfBirth, citizenship, nationalId);
    }

    public PersonDetails withPersonId(UUID id) {
        return new PersonDetails(id, surname, givenName, patronymic, latin, sex, birthDate, placeOfBirth, citizenship,
                nationalId);
    }

    /** The details with their Latin form made by the registry. */
    public PersonDetails withLatin() {
        return new PersonDetails(personId, surname, givenName, patronymic, LatinName.of(surname, givenName, patronymic),
                sex, birthDate, placeOfBirth, citizenship, nationalId);
    }

    @JsonIgnore
    public String fullName() {
        return fullName(surname, givenName, patronymic);
    }

    /** Surname, given name and patronymic (when there is one), as the registry writes a name in one line. */
    public static String fullName(String surname, String givenName, String patronymic) {
        return String.join(" ", surname, givenName, patronymic == null ? "" : patronymic).strip();
    }

    /** Age in whole years on a day; -1 when the birth date is unknown. */
    public int ageOn(LocalDate day) {
        return birthDate == null ? -1 : java.time.Period.between(birthDate, day).getYears();
    }
}
