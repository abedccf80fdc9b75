package org.sabt.registry.act;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.person.Person;
import org.sabt.registry.person.PersonIndex;
import org.sabt.registry.person.PersonLink;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What each act does to the rest of the registry, in the act's own transaction: the person index (status,
 * marital status, names, links) and the other acts it amends, each amendment with its own event. And how an
 * annulment undoes it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Consequences {

    private final PersonIndex persons;
    private final ActHistory history;

    Consequences(PersonIndex persons, ActHistory history) {
        this.persons = persons;
        this.history = history;
    }

    /** Applies the act's consequences; returns its details completed with what they made (the child's personId). */
    public ActRegistration apply(Act act, ActRegistration registration, Caller caller) {
        String why = "consequence of " + act.registrationNumber;
        return switch (registration) {
            case BirthRegistration b -> born(act, b);
            case DeathRegistration d -> {
                persons.die(d.deceased().personId(), d.dateOfDeath(), act.id, act.registrationNumber);
                yield d;
            }
            case MarriageRegistration m -> {
                persons.marry(m.spouse1().personId(), m.spouse2().personId(), act.id, m.marriageDate());
                takeSurname(m.spouse1(), m.surnameAfterMarriage1(), act);
                takeSurname(m.spouse2(), m.surnameAfterMarriage2(), act);
                yield m;
            }
            case DivorceRegistration d -> {
                persons.divorce(d.marriageActId(), act.id, d.divorceDate());
                takeSurname(d.spouse1(), d.surnameAfterDivorce1(), act);
                takeSurname(d.spouse2(), d.surnameAfterDivorce2(), act);
                yield d;
            }
            case AdoptionRegistration a -> {
                Act birth = Act.lockById(a.birthActId()).orElseThrow();
                BirthRegistration original = (BirthRegistration) history.read(birth.payload);
                BirthRegistration adopted = adopted(original, a);
                history.amend(birth, adopted, caller, why, BasisDocument.of(BasisDocument.Kind.COURT_DECISION,
                        a.courtDecision()), act.id, true);
                persons.sealParents(a.child().personId());
                a.adopters().forEach(adopter -> persons.link(a.child().personId(), adopter.personId(),
                        PersonLink.Kind.ADOPTER, act.id, a.adoptionDate()));
                persons.describe(a.child().personId(), adopted.child(), act.id, act.type.name());
                persons.sealFormerNames(a.child().personId());
                yield a;
            }
            case PaternityRegistration p -> {
                Act birth = Act.lockById(p.birthActId()).orElseThrow();
                BirthRegistration before = (BirthRegistration) history.read(birth.payload);
                PersonDetails child = before.child().renamed(
                        p.childNewSurname() == null ? before.child().surname() : p.childNewSurname(),
                        before.child().givenName(),
                        p.childNewPatronymic() == null ? before.child().patronymic() : p.childNewPatronymic());
                BirthRegistration after = before.with(child, before.mother(), p.father(),
                        BirthRegistration.FatherBasis.PATERNITY_ACT, before.late());
                BasisDocument basis = switch (p.basis()) {
                    case COURT_DECISION -> BasisDocument.of(BasisDocument.Kind.COURT_DECISION, p.courtDecision());
                    case JOINT_APPLICATION -> BasisDocument.of(BasisDocument.Kind.APPLICATION, p.jointApplication());
                };
                history.amend(birth, after, caller, why, basis, act.id, false);
                persons.link(p.child().personId(), p.father().personId(), PersonLink.Kind.PARENT, act.id, p.establishedOn());
                persons.describe(p.child().personId(), child, act.id, act.type.name());
                yield p;
            }
            case NameChangeRegistration n -> {
                UUID id = n.person().personId();
                persons.rename(id, n.newSurname(), n.newGivenName(), n.newPatronymic(), act.id, act.type.name());
                BasisDocument basis = new BasisDocument(BasisDocument.Kind.ACT_OF_CIVIL_STATUS, act.registrationNumber,
                        act.registrationDate, act.office);
                Person person = persons.require(id);
                if (person.birthActId != null) {
                    Act birth = Act.lockById(person.birthActId).orElseThrow();
                    BirthRegistration b = (BirthRegistration) history.read(birth.payload);
                    history.amend(birth, b.with(b.child().renamed(n.newSurname(), n.newGivenName(), n.newPatronymic()),
                            b.mother(), b.father(), b.fatherBasis(), b.late()), caller, why, basis, act.id, false);
                }
                Optional<PersonLink> marriage = persons.activeMarriage(id);
                if (marriage.isPresent()) {
                    Act marriageAct = Act.lockById(marriage.get().actId).orElseThrow();
                    MarriageRegistration m = (MarriageRegistration) history.read(marriageAct.payload);
                    history.amend(marriageAct, renamedSpouse(m, id, n), caller, why, basis, act.id, false);
                }
                yield n;
            }
        };
    }

    /** Undoes what the act did, where the domain says so; amendments it caused are reverted by ActHistory. */
    public void undo(Act act, ActRegistration registration, Caller caller, String reason, BasisDocument basis) {
        List<Act> reverted = history.revertConsequencesOf(act, caller, reason, basis);
        // A reverted birth record gives the child back its names (adoption, paternity); a name change's undoing
        // below restores the names the person had before it instead.
        for (Act birth : reverted) {
            if (!(registration instanceof NameChangeRegistration)
                    && history.read(birth.payload) instanceof BirthRegistration b && b.child().personId() != null) {
                persons.describe(b.child().personId(), b.child(), act.id, act.type.name());
            }
        }
        switch (registration) {
            case BirthRegistration b -> persons.unlinkAct(act.id);
            case DeathRegistration d -> {
                persons.revive(d.deceased().personId());
                persons.reopenEndedBy(act.id);
            }
            case MarriageRegistration m -> persons.unlinkAct(act.id);
            case DivorceRegistration d -> persons.reopenEndedBy(act.id);
            case AdoptionRegistration a -> {
                persons.unlinkAct(act.id);
                persons.unsealParents(a.child().personId());
            }
            case PaternityRegistration p -> persons.unlinkAct(act.id);
            case NameChangeRegistration n -> persons.rename(n.person().personId(), n.person().surname(),
                    n.person().givenName(), n.person().patronymic(), act.id, act.type.name());
        }
    }

    private BirthRegistration born(Act act, BirthRegistration b) {
        if (!b.bornAlive()) {
            return b;
        }
        // Someone already in the index (e.g. entered by their marriage) whose birth record is registered or
        // restored now: the record becomes theirs rather than a second entry.
        Optional<Person> known = persons.withoutBirthRecord(b.child().nationalId());
        Person child = known.map(p -> persons.attachBirthRecord(p.id, b.child(), act.id))
                .orElseGet(() -> persons.enter(b.child(), act.id));
        // The act keeps the names the record gives, linked to the person.
        PersonDetails recorded = known.isPresent() ? b.child().withPersonId(child.id) : child.details();
        persons.link(child.id, b.mother().personId(), PersonLink.Kind.PARENT, act.id, b.eventDate());
        if (b.fatherIsLegalParent()) {
            persons.link(child.id, b.father().personId(), PersonLink.Kind.PARENT, act.id, b.eventDate());
        }
        return b.with(recorded, b.mother(), b.father(), b.fatherBasis(), b.late());
    }

    private void takeSurname(PersonDetails spouse, String surname, Act act) {
        if (surname != null && !surname.isBlank()) {
            persons.rename(spouse.personId(), surname, spouse.givenName(), spouse.patronymic(), act.id, act.type.name());
        }
    }

    /** The birth record after an adoption: the child's new names, and the adopters as parents when so decided. */
    private static BirthRegistration adopted(BirthRegistration b, AdoptionRegistration a) {
        PersonDetails child = b.child().renamed(a.newSurname() == null ? b.child().surname() : a.newSurname(),
                a.newGivenName() == null ? b.child().givenName() : a.newGivenName(),
                a.newPatronymic() == null ? b.child().patronymic() : a.newPatronymic());
        if (!Boolean.TRUE.equals(a.adoptersRecordedAsParents())) {
            return b.with(child, b.mother(), b.father(), b.fatherBasis(), b.late());
        }
        PersonDetails mother = a.adopters().stream().filter(p -> p.sex() == Sex.FEMALE).findFirst().orElse(null);
        PersonDetails father = a.adopters().stream().filter(p -> p.sex() == Sex.MALE).findFirst().orElse(null);
        return b.with(child, mother, father, father == null ? null : BirthRegistration.FatherBasis.ADOPTION, b.late());
    }

    private static MarriageRegistration renamedSpouse(MarriageRegistration m, UUID person, NameChangeRegistration n) {
        PersonDetails one = person.equals(m.spouse1().personId())
                ? m.spouse1().renamed(n.newSurname(), n.newGivenName(), n.newPatronymic()) : m.spouse1();
        PersonDetails two = person.equals(m.spouse2().personId())
                ? m.spouse2().renamed(n.newSurname(), n.newGivenName(), n.newPatronymic()) : m.spouse2();
        return m.with(one, two);
    }
}
