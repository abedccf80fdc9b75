package org.sabt.registry.person;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.person.Person.MaritalStatus;
import org.sabt.registry.person.PersonLink.EndReason;
import org.sabt.registry.person.PersonLink.Kind;
import org.sabt.registry.search.PersonNames;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The person index: each person once, their status and marital status, and the links between people, all
 * changed only by acts (in the act's transaction) and asked by the registration rules.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PersonIndex {

    private final Clock clock;
    private final Outbox outbox;
    private final PersonNames names;

    PersonIndex(Clock clock, Outbox outbox, PersonNames names) {
        this.clock = clock;
        this.outbox = outbox;
        this.names = names;
    }

    // ---- questions -------------------------------------------------------------------------------------

    public Person require(UUID id) {
        return Person.<Person>findByIdOptional(id).orElseThrow(() -> ProblemException.unprocessable("PERSON_NOT_FOUND", id));
    }

    /**
     * The person the details name: by personId (422 PERSON_NOT_FOUND when unknown), else by national id when
     * someone has it; otherwise the details as given (no personId: someone new).
     */
    public PersonDetails resolve(PersonDetails given) {
        if (given == null) {
            return null;
        }
        if (given.personId() != null) {
            return require(given.personId()).details();
        }
        return Person.findByNationalId(given.nationalId()).map(Person::details).orElseGet(given::withLatin);
    }

    public Optional<PersonLink> activeMarriage(UUID person) {
        return PersonLink.<PersonLink>find("personId = ?1 and kind = ?2 and endedOn is null", person, Kind.SPOUSE)
                .firstResultOptional();
    }

    public boolean isMarried(UUID person) {
        return person != null && activeMarriage(person).isPresent();
    }

    public boolean isDeceased(UUID person) {
        return person != null && Person.<Person>findByIdOptional(person).map(Person::isDeceased).orElse(false);
    }

    /**
     * The mother's husband, presumed the father: she was married at the birth, or the marriage ended (death,
     * divorce) within the given days before it.
     */
    public Optional<UUID> presumedFather(UUID mother, LocalDate birth, int days) {
        if (mother == null || birth == null) {
            return Optional.empty();
        }
        return PersonLink.<PersonLink>list("personId = ?1 and kind = ?2", mother, Kind.SPOUSE).stream()
                .filter(m -> !m.since.isAfter(birth))
                .filter(m -> m.endedOn == null || !m.endedOn.isBefore(birth.minusDays(days)))
                .max(Comparator.comparing(m -> m.since))
                .map(m -> m.relatedId)
                .filter(husband -> require(husband).sex == Sex.MALE);
    }

    /** Parents by birth or paternity, sealed ones included: kinship does not end with an adoption. */
    public Set<UUID> parents(UUID person) {
        return PersonLink.<PersonLink>list("personId = ?1 and kind = ?2", person, Kind.PARENT).stream()
                .map(l -> l.relatedId).collect(Collectors.toSet());
    }

    public boolean hasLegalFather(UUID child) {
        return PersonLink.<PersonLink>list("personId = ?1 and kind = ?2 and sealed = false", child, Kind.PARENT).stream()
                .anyMatch(l -> require(l.relatedId).sex == Sex.MALE);
    }

    /**
     * Close relatives who may not marry: parent and child, grandparent and grandchild, full or half siblings,
     * adopter and adoptee, found through the birth, paternity and adoption links.
     */
    public boolean areCloseRelatives(UUID a, UUID b) {
        Set<UUID> parentsOfA = parents(a);
        Set<UUID> parentsOfB = parents(b);
        if (parentsOfA.contains(b) || parentsOfB.contains(a)) {
            return true;
        }
        if (parentsOfA.stream().anyMatch(p -> parents(p).contains(b)) || parentsOfB.stream().anyMatch(p -> parents(p).contains(a))) {
            return true;
        }
        Set<UUID> shared = new HashSet<>(parentsOfA);
        shared.retainAll(parentsOfB);
        if (!shared.isEmpty()) {
            return true;
        }
        return PersonLink.count("kind = ?1 and ((personId = ?2 and relatedId = ?3) or (personId = ?3 and relatedId = ?2))",
                Kind.ADOPTER, a, b) > 0;
    }

    /** Children of both (by birth, paternity or adoption) who are under the given age on a day. */
    public List<UUID> commonMinorChildren(UUID a, UUID b, LocalDate on, int adultAge) {
        Set<UUID> childrenOfA = children(a);
        return children(b).stream().filter(childrenOfA::contains)
                .map(this::require)
                .filter(c -> !c.isDeceased() && c.birthDate != null && c.birthDate.plusYears(adultAge).isAfter(on))
                .map(c -> c.id).toList();
    }

    private Set<UUID> children(UUID parent) {
        return PersonLink.<PersonLink>list("relatedId = ?1 and kind in ?2 and sealed = false", parent,
                List.of(Kind.PARENT, Kind.ADOPTER)).stream().map(l -> l.personId).collect(Collectors.toSet());
    }

    /** Locks the persons' rows until the transaction ends, in one order so that two acts cannot deadlock. */
    public void lock(List<UUID> ids) {
        if (!ids.isEmpty()) {
            Person.getEntityManager().createNativeQuery("SELECT id FROM person WHERE id IN (?1) ORDER BY id FOR UPDATE")
                    .setParameter(1, ids).getResultList();
        }
    }

    // ---- changes made by acts ---------------------------------------------------------------------------

    /** Enters someone new (a child at birth, or a person an act names who was not yet in the index). */
    public Person enter(PersonDetails details, UUID birthAct) {
        if (details.nationalId() != null && Person.findByNationalId(details.nationalId()).isPresent()) {
            throw ProblemException.unprocessable("PERSON_NATIONAL_ID_TAKEN", details.nationalId());
        }
        Person p = new Person();
        p.id = UUID.randomUUID();
        p.describe(details);
        p.status = Person.Status.ALIVE;
        p.maritalStatus = MaritalStatus.SINGLE;
        p.birthActId = birthAct;
        p.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        p.keyed = true; // its names are keyed just below, in this transaction
        p.persist();
        Person.flush();
        names.record(p.id, p.surname, p.givenName, p.patronymic);
        return p;
    }

    /** The person with this national id, when they have no birth record in the registry yet. */
    public Optional<Person> withoutBirthRecord(String nationalId) {
        return Person.findByNationalId(nationalId).filter(p -> p.birthActId == null);
    }

    /**
     * Makes a birth record the person's own. Their current names stay (they may have changed since the birth);
     * facts the index lacks are taken from the record.
     */
    public Person attachBirthRecord(UUID person, PersonDetails details, UUID birthAct) {
        Person p = require(person);
        p.birthActId = birthAct;
        if (p.birthDate == null) {
            p.birthDate = details.birthDate();
        }
        if (p.placeOfBirth == null) {
            p.placeOfBirth = details.placeOfBirth();
        }
        return p;
    }

    public void link(UUID person, UUID related, Kind kind, UUID act, LocalDate since) {
        PersonLink.of(person, related, kind, act, since).persist();
    }

    public void marry(UUID a, UUID b, UUID act, LocalDate since) {
        link(a, b, Kind.SPOUSE, act, since);
        link(b, a, Kind.SPOUSE, act, since);
        require(a).maritalStatus = MaritalStatus.MARRIED;
        require(b).maritalStatus = MaritalStatus.MARRIED;
    }

    public void divorce(UUID marriageAct, UUID divorceAct, LocalDate on) {
        for (PersonLink link : PersonLink.<PersonLink>list("actId = ?1 and endedOn is null", marriageAct)) {
            end(link, on, EndReason.DIVORCE, divorceAct);
        }
    }

    /** The person dies: DECEASED, and an active marriage ends (the spouse is widowed); sabt.person.deceased. */
    public void die(UUID person, LocalDate on, UUID deathAct, String registrationNumber) {
        Person p = require(person);
        p.status = Person.Status.DECEASED;
        p.dateOfDeath = on;
        outbox.publish(PersonEvents.deceased(p, deathAct, registrationNumber));
        activeMarriage(person).ifPresent(own -> {
            end(own, on, EndReason.DEATH, deathAct);
            PersonLink.<PersonLink>find("personId = ?1 and relatedId = ?2 and actId = ?3", own.relatedId, person, own.actId)
                    .firstResultOptional().ifPresent(other -> end(other, on, EndReason.DEATH_OF_SPOUSE, deathAct));
        });
    }

    private void end(PersonLink link, LocalDate on, EndReason reason, UUID act) {
        link.endedOn = on;
        link.endReason = reason;
        link.endedByAct = act;
        refreshMaritalStatus(link.personId);
    }

    /** New names by an act; sabt.person.name-changed when they differ from the old. */
    public void rename(UUID person, String surname, String givenName, String patronymic, UUID act, String actType) {
        Person p = require(person);
        describe(person, p.details().renamed(surname, givenName, patronymic), act, actType);
    }

    /** Takes the names and facts of an act's record of the person; sabt.person.name-changed when the names differ. */
    public void describe(UUID person, PersonDetails details, UUID act, String actType) {
        Person p = require(person);
        PersonEvents.Names before = PersonEvents.Names.of(p);
        p.describe(details.withLatin());
        if (!before.equals(PersonEvents.Names.of(p))) {
            outbox.publish(PersonEvents.nameChanged(p, before, act, actType));
            names.record(p.id, p.surname, p.givenName, p.patronymic);
        }
    }

    /** Hides the child's links to the parents by birth: secrecy of adoption. */
    public void sealParents(UUID child) {
        PersonLink.<PersonLink>list("personId = ?1 and kind = ?2", child, Kind.PARENT).forEach(l -> l.sealed = true);
    }

    /** The names an adoption replaced are found by archivists only. */
    public void sealFormerNames(UUID child) {
        names.sealFormer(child);
    }

    // ---- undone by an annulment ---------------------------------------------------------------------------

    /** Removes the links an annulled act made, and recomputes the marital status of those it touched. */
    public void unlinkAct(UUID act) {
        List<PersonLink> made = PersonLink.ofAct(act);
        made.forEach(PersonLink::delete);
        made.stream().map(l -> l.personId).distinct().forEach(this::refreshMaritalStatus);
    }

    /** Reopens the marriages an annulled divorce or death ended; refused when a spouse has married since. */
    public void reopenEndedBy(UUID act) {
        List<PersonLink> ended = PersonLink.endedBy(act);
        for (PersonLink link : ended) {
            if (activeMarriage(link.personId).isPresent()) {
                throw ProblemException.conflict("ANNULMENT_BLOCKED_BY_LATER_MARRIAGE", link.personId);
            }
        }
        for (PersonLink link : ended) {
            link.endedOn = null;
            link.endReason = null;
            link.endedByAct = null;
            refreshMaritalStatus(link.personId);
        }
    }

    public void revive(UUID person) {
        Person p = require(person);
        p.status = Person.Status.ALIVE;
        p.dateOfDeath = null;
    }

    public void unsealParents(UUID child) {
        PersonLink.<PersonLink>list("personId = ?1 and kind = ?2", child, Kind.PARENT).forEach(l -> l.sealed = false);
        names.unsealFormer(child);
    }

    private void refreshMaritalStatus(UUID person) {
        List<PersonLink> marriages = PersonLink.<PersonLink>list("personId = ?1 and kind = ?2", person, Kind.SPOUSE);
        Person p = require(person);
        if (marriages.stream().anyMatch(PersonLink::isActive)) {
            p.maritalStatus = MaritalStatus.MARRIED;
            return;
        }
        p.maritalStatus = marriages.stream().max(Comparator.comparing(l -> l.endedOn))
                .map(last -> switch (last.endReason) {
                    case DIVORCE -> MaritalStatus.DIVORCED;
                    case DEATH_OF_SPOUSE -> MaritalStatus.WIDOWED;
                    case DEATH -> MaritalStatus.MARRIED;
                })
                .orElse(MaritalStatus.SINGLE);
    }
}
