package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.LocalDate;
import java.util.List;

/**
 * What a registrar records for one act, by act type. A closed set: every switch over it names each
 * type, so adding a type is a compile error wherever it matters.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BirthRegistration.class, name = "BIRTH"),
        @JsonSubTypes.Type(value = DeathRegistration.class, name = "DEATH"),
        @JsonSubTypes.Type(value = MarriageRegistration.class, name = "MARRIAGE"),
        @JsonSubTypes.Type(value = DivorceRegistration.class, name = "DIVORCE"),
        @JsonSubTypes.Type(value = AdoptionRegistration.class, name = "ADOPTION"),
        @JsonSubTypes.Type(value = PaternityRegistration.class, name = "PATERNITY"),
        @JsonSubTypes.Type(value = NameChangeRegistration.class, name = "NAME_CHANGE")})
public sealed interface ActRegistration permits BirthRegistration, DeathRegistration, MarriageRegistration,
        DivorceRegistration, AdoptionRegistration, PaternityRegistration, NameChangeRegistration {

    /** The registering office's code (shared/data/offices.csv). */
    String office();

    ActType type();

    /** The date of the event the act records (birth, death, marriage...). */
    LocalDate eventDate();

    /** The number of the basis document that may register only one act of this type (a medical certificate), if any. */
    default String uniqueBasisDocument() {
        return null;
    }

    /** The persons the act names, with their role in it. */
    List<Party> parties();

    /** A person named in an act, and in which role (CHILD, MOTHER, SPOUSE...). */
    record Party(String role, PersonDetails person) {
    }
}
