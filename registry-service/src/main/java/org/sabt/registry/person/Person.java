package org.sabt.registry.person;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sabt.chassis.time.Timestamps;
import org.sabt.registry.act.LatinName;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A person in the index, once: current names and the status and marital status their acts give them. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    public enum Status { ALIVE, DECEASED }

    public enum MaritalStatus { SINGLE, MARRIED, DIVORCED, WIDOWED }

    @Id
    public UUID id;
    public String surname;
    @Column(name = "given_name")
    public String givenName;
    public String patronymic;
    @Column(name = "latin_surname")
    public String latinSurname;
    @Column(name = "latin_given_name")
    public String latinGivenName;
    @Column(name = "latin_patronymic")
    public String latinPatronymic;
    @Column(name = "latin_scheme")
    public String latinScheme;
    @Enumerated(EnumType.STRING)
    public Sex sex;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    @Column(name = "place_of_birth")
    public String placeOfBirth;
    public String citizenship;
    @Column(name = "national_id")
    public String nationalId;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    @Column(name = "marital_status")
    public MaritalStatus maritalStatus;
    @Column(name = "date_of_death")
    public LocalDate dateOfDeath;
    @Column(name = "birth_act_id")
    public UUID birthActId;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Whether the names are in person_name (search keys); a person loaded straight into PostgreSQL is not, at first. */
    public boolean keyed;

    /** A person as read to be compared: not an entity, so nothing to dirty-check until commit. */
    public record Snapshot(PersonDetails details, UUID birthActId, Status status) {
    }

    /**
     * The persons by id, in one query. Entities would cost every later flush of the caller's transaction a dirty check
     * of each: the duplicate check reads dozens of namesakes per birth, which was a third of a registration's CPU.
     */
    @SuppressWarnings("unchecked")
    public static Map<UUID, Snapshot> snapshots(Collection<UUID> ids) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT id, surname, given_name, patronymic, sex, birth_date, place_of_birth, citizenship,
                               national_id, birth_act_id, status, latin_surname, latin_given_name, latin_patronymic,
                               latin_scheme
                        FROM person WHERE id = ANY(CAST(?1 AS uuid[]))""")
                .setParameter(1, new HashSet<>(ids).toArray(UUID[]::new)).getResultList();
        Map<UUID, Snapshot> found = new HashMap<>();
        for (Object[] r : rows) {
            LatinName latin = r[11] == null && r[12] == null ? null // a person loaded straight into PostgreSQL has none
                    : new LatinName((String) r[11], (String) r[12], (String) r[13], (String) r[14]);
            found.put((UUID) r[0], new Snapshot(new PersonDetails((UUID) r[0], (String) r[1], (String) r[2],
                    (String) r[3], latin, r[4] == null ? null : Sex.valueOf((String) r[4]), Timestamps.date(r[5]),
                    (String) r[6], (String) r[7], (String) r[8]), (UUID) r[9], Status.valueOf((String) r[10])));
        }
        return found;
    }

    public static Optional<Person> findByNationalId(String nationalId) {
        return nationalId == null ? Optional.empty() : find("nationalId", nationalId).firstResultOptional();
    }

    /** The person as an act records them today. */
    public PersonDetails details() {
        return new PersonDetails(id, surname, givenName, patronymic,
                new LatinName(latinSurname, latinGivenName, latinPatronymic, latinScheme), sex, birthDate, placeOfBirth,
                citizenship, nationalId);
    }

    /** Takes the names and facts of the details (the Latin form made anew unless given). */
    void describe(PersonDetails d) {
        LatinName latin = d.latin() != null ? d.latin() : LatinName.of(d.surname(), d.givenName(), d.patronymic());
        surname = d.surname();
        givenName = d.givenName();
        patronymic = d.patronymic();
        latinSurname = latin.surname();
        latinGivenName = latin.givenName();
        latinPatronymic = latin.patronymic();
        latinScheme = latin.scheme();
        sex = d.sex();
        birthDate = d.birthDate();
        placeOfBirth = d.placeOfBirth();
        citizenship = d.citizenship();
        if (d.nationalId() != null) {
            nationalId = d.nationalId();
        }
    }

    public boolean isDeceased() {
        return status == Status.DECEASED;
    }
}
