package org.sabt.document.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a certificate's QR carries: only what is printed on the paper, enough to compare the two, and the
 * certificate's place in the status list. The persons are in the order of the certificate type's layout (a birth:
 * the child, the mother, the father).
 */
@Schema(description = "What the certificate's QR carries: the printed minimum to compare with the paper")
public record TokenClaims(UUID certificateId, String certificateType, String kind, String registrationNumber,
                          LocalDate registrationDate, @Schema(description = "The date of the event: birth, death, marriage…") LocalDate eventDate,
                          List<Person> persons, String blankSeries, Integer blankNumber, long statusIndex, LocalDate issuedOn) {

    @Schema(name = "TokenPerson")
    public record Person(String surname, String givenName, String patronymic, LocalDate birthDate) {
    }
}
