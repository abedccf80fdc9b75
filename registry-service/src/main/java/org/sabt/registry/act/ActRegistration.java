package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.LocalDate;

/**
 * What a registrar records for one act, by act type. A closed set: every switch over it names each
 * type, so adding a type is a compile error wherever it matters.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = BirthRegistration.class, name = "BIRTH")})
public sealed interface ActRegistration permits BirthRegistration {

    /** The registering office's code (shared/data/offices.csv). */
    String office();

    /** The date of registration; today when not given. */
    LocalDate registrationDate();

    ActType type();

    /** The date of the event the act records (birth, death, marriage...). */
    LocalDate eventDate();

    /** The number of the basis document that may register only one act of this type, if any. */
    String uniqueBasisDocument();
}
