package org.sabt.registry.person;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.registry.act.LatinName;
import org.sabt.registry.act.Sex;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A person's full record: names, status and marital status, the people they are linked to, and their acts. */
@Schema(name = "Person")
public record PersonView(UUID id, @Schema(example = "Раҳимзода") String surname, @Schema(example = "Мадина") String givenName,
                         String patronymic, LatinName latin, Sex sex, LocalDate birthDate, String placeOfBirth,
                         String citizenship, String nationalId, Person.Status status, Person.MaritalStatus maritalStatus,
                         LocalDate dateOfDeath, UUID birthActId, List<Link> links, List<ActOfPerson> acts) {

    /** Someone the person is linked to by an act. */
    @Schema(name = "PersonLinkView")
    public record Link(@Schema(description = "What the other person is to this one") Relation relation, UUID personId,
                       String fullName, UUID actId, LocalDate since, LocalDate endedOn, PersonLink.EndReason endReason) {
    }

    public enum Relation { PARENT, CHILD, ADOPTER, ADOPTED_CHILD, SPOUSE }

    /** An act naming the person, and in which role. */
    @Schema(name = "ActOfPerson")
    public record ActOfPerson(UUID actId, String type, String registrationNumber, LocalDate registrationDate, String status,
                              @Schema(example = "MOTHER") String role) {
    }
}
