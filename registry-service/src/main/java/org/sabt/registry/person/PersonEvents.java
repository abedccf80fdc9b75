package org.sabt.registry.person;

import org.sabt.chassis.outbox.Outbox;

import java.time.LocalDate;
import java.util.UUID;

/** The events of the persons topic (key: the person id); schemas in docs/events/. */
public final class PersonEvents {

    public static final String TOPIC = "sabt.registry.persons";
    public static final String DECEASED = "sabt.person.deceased";
    public static final String NAME_CHANGED = "sabt.person.name-changed";

    /** A person's names in Cyrillic and Latin. */
    public record Names(String surname, String givenName, String patronymic, String latinSurname, String latinGivenName,
                        String latinPatronymic) {
        static Names of(Person p) {
            return new Names(p.surname, p.givenName, p.patronymic, p.latinSurname, p.latinGivenName, p.latinPatronymic);
        }
    }

    /** sabt.person.deceased, schema version 1. */
    public record PersonDeceased(int version, UUID personId, String nationalId, LocalDate dateOfDeath, UUID deathActId,
                                 String deathRegistrationNumber) {
    }

    /** sabt.person.name-changed, schema version 1: before and after, and the act that changed them. */
    public record PersonNameChanged(int version, UUID personId, String nationalId, Names previous, Names current,
                                    UUID actId, String actType) {
    }

    public static Outbox.Event deceased(Person p, UUID deathAct, String number) {
        return new Outbox.Event(TOPIC, DECEASED, p.id.toString(), p.id.toString(),
                new PersonDeceased(1, p.id, p.nationalId, p.dateOfDeath, deathAct, number));
    }

    public static Outbox.Event nameChanged(Person p, Names previous, UUID act, String actType) {
        return new Outbox.Event(TOPIC, NAME_CHANGED, p.id.toString(), p.id.toString(),
                new PersonNameChanged(1, p.id, p.nationalId, previous, Names.of(p), act, actType));
    }

    private PersonEvents() {
    }
}
