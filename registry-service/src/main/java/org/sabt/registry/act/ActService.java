package org.sabt.registry.act;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.problem.DatabaseFailure;
import org.sabt.chassis.problem.Problem;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.registry.office.Offices;
import org.sabt.registry.duplicate.DuplicateCheck;
import org.sabt.registry.person.PersonIndex;
import org.sabt.registry.search.PersonMatch;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers, restores, amends and annuls acts, and reads them back. Each write checks the act type's rules,
 * applies its consequences, writes its versions and events and its audit entry in one transaction; every full
 * read by staff is audited.
 */
@ApplicationScoped
public class ActService {

    /** A restored paper record: its number and date as the paper gives them, and the act it records. */
    @Schema(name = "Restoration")
    public record Restoration(
            @NotBlank @Size(max = 40) @Schema(example = "412") String paperRegistrationNumber,
            @NotNull @Schema(example = "1994-05-12") LocalDate registrationDate,
            @NotNull @Valid ActRegistration act) {
    }

    /** A correction: why, on what basis, and the whole corrected details. */
    @Schema(name = "Amendment")
    public record Amendment(
            @NotBlank @Size(max = 500) @Schema(example = "Spelling of the mother's given name corrected") String reason,
            @NotNull @Valid BasisDocument basisDocument,
            @NotNull @Valid ActRegistration details) {
    }

    /** An annulment: why, and the court decision. */
    @Schema(name = "Annulment")
    public record Annulment(
            @NotBlank @Size(max = 500) @Schema(example = "Marriage declared void by the court") String reason,
            @NotNull @Valid BasisDocument courtDecision) {
    }

    /** What the registry would say to a registration now: each rule's outcome, and which persons it knows. */
    @Schema(name = "RuleCheck")
    public record RuleCheck(ActType type, List<RegistrationRules.Outcome> rules, List<PartyFound> persons) {
    }

    /** A person the registration names, and whether the registry knows them (by personId or national id). */
    public record PartyFound(@Schema(example = "MOTHER") String role, boolean found) {
    }

    private final Offices offices;
    private final RegistrationNumbers numbers;
    private final PersonIndex persons;
    private final Consequences consequences;
    private final ActHistory history;
    private final AuditLog audit;
    private final RulesConfig rules;
    private final NameConventions nameConventions;
    private final EntityManager em;
    private final Clock clock;
    private final DuplicateCheck duplicates;

    ActService(Offices offices, RegistrationNumbers numbers, PersonIndex persons, Consequences consequences,
               ActHistory history, AuditLog audit, RulesConfig rules, NameConventions nameConventions, EntityManager em,
               Clock clock, DuplicateCheck duplicates) {
        this.duplicates = duplicates;
        this.offices = offices;
        this.numbers = numbers;
        this.persons = persons;
        this.consequences = consequences;
        this.history = history;
        this.audit = audit;
        this.rules = rules;
        this.nameConventions = nameConventions;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public ActView register(Caller caller, ActRegistration registration, String reason) {
        return record(caller, registration, LocalDate.now(clock), null, reason);
    }

    /** An archivist restores an old paper record: restored=true, with its paper number and date. */
    @Transactional
    public ActView restore(Caller caller, Restoration restoration, String reason) {
        if (Act.withRegistrationNumber(restoration.paperRegistrationNumber()).stream()
                .anyMatch(a -> a.office.equals(restoration.act().office()))) {
            throw ProblemException.conflict("REGISTRATION_NUMBER_TAKEN", restoration.paperRegistrationNumber());
        }
        return record(caller, restoration.act(), restoration.registrationDate(), restoration.paperRegistrationNumber(), reason);
    }

    private ActView record(Caller caller, ActRegistration request, LocalDate registrationDate, String paperNumber,
                           String reason) {
        if (offices.find(request.office()).isEmpty()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", request.office());
        }
        caller.requireOffice(request.office());
        RegistrationRules.Context context = context(registrationDate, paperNumber != null);
        DuplicateCheck.Screening screening = duplicates.screen(request);
        ActRegistration registration = resolve(request, context, given -> {
            PersonDetails found = persons.resolve(given);
            if (found == null || found.personId() != null) {
                return found;
            }
            screening.newcomer(found);
            return persons.enter(found, null).details();
        });
        requireConsistentWithIndex(request, registration);
        screening.registration(registration);
        screening.holdIfFound(caller, request);
        // Two acts about one person (two deaths, two marriages) queue up here, so each sees the other's effects.
        persons.lock(registration.parties().stream().map(p -> p.person().personId()).filter(Objects::nonNull).toList());
        RegistrationRules.check(registration, context);
        if (registration instanceof BirthRegistration b) {
            registration = b.withNameWarnings(nameConventions.check(b));
        }

        Act act = new Act();
        act.id = UUID.randomUUID();
        act.type = registration.type();
        act.restored = paperNumber != null;
        act.registrationNumber = act.restored ? paperNumber
                : numbers.next(registration.office(), registration.type(), registrationDate.getYear());
        act.office = registration.office();
        act.registrationDate = registrationDate;
        act.eventDate = registration.eventDate();
        act.status = ActStatus.REGISTERED;
        act.version = 1;
        act.basisDocument = registration.uniqueBasisDocument();
        act.payload = history.write(registration);
        act.registeredBy = caller.username();
        act.registeredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            act.persist();
            em.flush();
        } catch (PersistenceException e) {
            // A concurrent registration won a unique index. The medical certificate's code names the act's type;
            // any other failure is the chassis's to map by its SQLSTATE (sabt.unique-constraint.* names the codes).
            if ("act_basis_document_once".equals(DatabaseFailure.constraint(e))) {
                throw ProblemException.unprocessable(act.type + "_MEDICAL_CERTIFICATE_ALREADY_USED", registration.uniqueBasisDocument());
            }
            throw e;
        }
        ActRegistration done = consequences.apply(act, registration, caller);
        em.flush();
        act.payload = history.write(done);
        ActView view = history.first(act, done, reason);
        for (ActRegistration.Party party : done.parties()) {
            if (party.person().personId() != null) {
                em.createNativeQuery("INSERT INTO act_party (act_id, person_id, role) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                        .setParameter(1, act.id).setParameter(2, party.person().personId()).setParameter(3, party.role())
                        .executeUpdate();
            }
        }
        audit.append(caller, new AuditLog.Entry(act.restored ? "RESTORE" : "REGISTER", "ACT", act.id.toString(),
                screening.clearedBy() == null ? reason : "not a duplicate (review " + screening.clearedBy() + ")"
                        + (reason == null ? "" : ": " + reason)));
        return view;
    }

    /**
     * A person named by personId or national id must be the one the index holds: stated names (a spelling the matcher
     * accepts is the same name), sex and birth date that contradict it are refused, field by field, rather than
     * silently replaced by the index's.
     */
    private static void requireConsistentWithIndex(ActRegistration request, ActRegistration resolved) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ActRegistration.Party party : request.parties()) {
            int nth = seen.merge(party.role(), 1, Integer::sum) - 1;
            PersonDetails stated = party.person();
            PersonDetails known = resolved.parties().stream().filter(p -> p.role().equals(party.role())).skip(nth)
                    .findFirst().map(ActRegistration.Party::person).orElse(null);
            if (stated == null || known == null || known.personId() == null
                    || (stated.personId() == null && stated.nationalId() == null) || stated == known) {
                continue;
            }
            String at = party.role().toLowerCase(java.util.Locale.ROOT) + (nth > 0 ? "[" + nth + "]" : "") + ".";
            differs(errors, at + "surname", stated.surname(), known.surname(), PersonMatch::sameSurname);
            differs(errors, at + "givenName", stated.givenName(), known.givenName(), PersonMatch::sameGivenName);
            differs(errors, at + "patronymic", stated.patronymic(), known.patronymic(), PersonMatch::samePatronymic);
            differs(errors, at + "sex", stated.sex(), known.sex(), Object::equals);
            differs(errors, at + "birthDate", stated.birthDate(), known.birthDate(), Object::equals);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "PERSON_DETAILS_CONTRADICT_INDEX", errors,
                    errors.stream().map(Problem.FieldError::field).collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    private static <T> void differs(List<Problem.FieldError> errors, String field, T stated, T known,
                                    java.util.function.BiPredicate<T, T> same) {
        if (stated != null && known != null && !same.test(stated, known)) {
            errors.add(new Problem.FieldError(field, "DIFFERS_FROM_INDEX", "the index has " + known));
        }
    }

    /**
     * Evaluates every rule of the act type for a registration as it would be made today, without making it: the
     * one window's checks before an approval. Persons not in the index stay unknown (nobody is entered).
     */
    @Transactional
    public RuleCheck check(Caller caller, ActRegistration request) {
        if (offices.find(request.office()).isEmpty()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", request.office());
        }
        caller.requireOffice(request.office());
        RegistrationRules.Context context = context(LocalDate.now(clock), false);
        ActRegistration registration = resolve(request, context, persons::resolve);
        List<PartyFound> found = registration.parties().stream()
                .map(p -> new PartyFound(p.role(), p.person() != null && p.person().personId() != null)).toList();
        return new RuleCheck(registration.type(), RegistrationRules.evaluate(registration, context), found);
    }

    /**
     * Finds the persons an act names, fills what the registry knows, and what the registry derives. Someone new
     * is passed to {@code newcomer}: entered into the index when registering, left as given when only checking.
     */
    private ActRegistration resolve(ActRegistration r, RegistrationRules.Context context,
                                    java.util.function.UnaryOperator<PersonDetails> newcomer) {
        return switch (r) {
            case BirthRegistration b -> {
                PersonDetails mother = newcomer.apply(b.mother());
                Optional<UUID> husband = b.child().birthDate() == null ? Optional.empty()
                        : persons.presumedFather(mother.personId(), b.child().birthDate(), rules.paternityPresumptionDays());
                PersonDetails father;
                BirthRegistration.FatherBasis basis;
                if (b.father() == null) {
                    father = husband.map(h -> persons.require(h).details()).orElse(null);
                    basis = husband.isPresent() ? BirthRegistration.FatherBasis.PRESUMED_BY_MARRIAGE : null;
                } else if (b.fatherBasis() == BirthRegistration.FatherBasis.COURT_DECISION) {
                    father = newcomer.apply(b.father());
                    basis = BirthRegistration.FatherBasis.COURT_DECISION;
                } else if (context.restored()) {
                    father = newcomer.apply(b.father());
                    basis = husband.isPresent() && husband.get().equals(father.personId())
                            ? BirthRegistration.FatherBasis.PRESUMED_BY_MARRIAGE : BirthRegistration.FatherBasis.PAPER_RECORD;
                } else {
                    father = persons.resolve(b.father());
                    basis = husband.isPresent() && husband.get().equals(father.personId())
                            ? BirthRegistration.FatherBasis.PRESUMED_BY_MARRIAGE : BirthRegistration.FatherBasis.MOTHER_DECLARATION;
                }
                PersonDetails child = b.child().withPersonId(null).withLatin();
                BirthRegistration resolved = b.with(child, mother, father, basis, null);
                boolean late = child.birthDate() != null && RegistrationRules.BirthRules.isLate(resolved, context);
                yield resolved.with(child, mother, father, basis, late);
            }
            case DeathRegistration d -> d.with(persons.resolve(d.deceased()));
            case MarriageRegistration m -> m.with(newcomer.apply(m.spouse1()), newcomer.apply(m.spouse2()));
            case DivorceRegistration d -> {
                PersonDetails one = persons.resolve(d.spouse1());
                PersonDetails two = persons.resolve(d.spouse2());
                UUID marriage = one.personId() == null ? null : persons.activeMarriage(one.personId())
                        .filter(l -> l.relatedId.equals(two.personId())).map(l -> l.actId).orElse(null);
                yield d.with(one, two, marriage);
            }
            case AdoptionRegistration a -> {
                PersonDetails child = persons.resolve(a.child());
                yield a.with(child, a.adopters().stream().map(newcomer).toList(), birthActOf(child));
            }
            case PaternityRegistration p -> {
                PersonDetails child = persons.resolve(p.child());
                yield p.with(child, newcomer.apply(p.father()), birthActOf(child));
            }
            case NameChangeRegistration n -> n.with(persons.resolve(n.person()));
        };
    }

    private UUID birthActOf(PersonDetails person) {
        return person.personId() == null ? null : persons.require(person.personId()).birthActId;
    }

    /**
     * A correction: a new version with the corrected details, for the version the caller read (If-Match). The
     * persons an act names and its office stay; dates must still hold.
     */
    @Transactional
    public ActView amend(Caller caller, UUID id, Integer expectedVersion, Amendment amendment) {
        Locked locked = lockForChange(caller, id, expectedVersion);
        Act act = locked.act();
        ActRegistration current = locked.details();
        ActRegistration details = withDerivedFacts(amendment.details(), current);
        if (details.type() != act.type) {
            throw ProblemException.unprocessable("AMENDMENT_CHANGES_TYPE", act.type);
        }
        if (!details.office().equals(act.office)) {
            throw ProblemException.unprocessable("AMENDMENT_CHANGES_OFFICE", act.office);
        }
        if (!personIds(details).equals(personIds(current))) {
            throw ProblemException.unprocessable("AMENDMENT_CHANGES_PERSONS");
        }
        RegistrationRules.checkDates(details, context(act.registrationDate, act.restored));
        String basis = details.uniqueBasisDocument();
        if (basis != null && !basis.equals(current.uniqueBasisDocument()) && Act.basisDocumentUsed(act.type, basis)) {
            throw ProblemException.unprocessable(act.type + "_MEDICAL_CERTIFICATE_ALREADY_USED", basis);
        }
        ActView view = history.amend(act, details, caller, amendment.reason(), amendment.basisDocument(), null, false);
        if (details instanceof BirthRegistration b && b.child().personId() != null) {
            persons.describe(b.child().personId(), b.child(), act.id, act.type.name());
        }
        audit.append(caller, new AuditLog.Entry("AMEND", "ACT", act.id.toString(), amendment.reason()));
        return view;
    }

    /** A supervisor annuls an act by court decision: status ANNULLED, and its consequences undone. */
    @Transactional
    public ActView annul(Caller caller, UUID id, Integer expectedVersion, Annulment annulment) {
        Locked locked = lockForChange(caller, id, expectedVersion);
        Act act = locked.act();
        consequences.undo(act, locked.details(), caller, annulment.reason(), annulment.courtDecision());
        ActView view = history.annul(act, caller, annulment.reason(), annulment.courtDecision());
        audit.append(caller, new AuditLog.Entry("ANNUL", "ACT", act.id.toString(), annulment.reason()));
        return view;
    }

    /**
     * A correction changes what the registrar recorded, not what the registry derived: the father's basis, the late
     * and name-convention flags, the marriage a divorce ended, the birth record an adoption or paternity amended.
     */
    private static ActRegistration withDerivedFacts(ActRegistration corrected, ActRegistration current) {
        return switch (corrected) {
            case BirthRegistration b when current instanceof BirthRegistration was ->
                    b.with(b.child(), b.mother(), b.father(), was.fatherBasis(), was.late()).withNameWarnings(
                            was.nameWarnings() == null ? List.of() : was.nameWarnings());
            case DivorceRegistration d when current instanceof DivorceRegistration was ->
                    d.with(d.spouse1(), d.spouse2(), was.marriageActId());
            case AdoptionRegistration a when current instanceof AdoptionRegistration was ->
                    a.with(a.child(), a.adopters(), was.birthActId());
            case PaternityRegistration p when current instanceof PaternityRegistration was ->
                    p.with(p.child(), p.father(), was.birthActId());
            case BirthRegistration b -> b;
            case DivorceRegistration d -> d;
            case AdoptionRegistration a -> a;
            case PaternityRegistration p -> p;
            case DeathRegistration d -> d;
            case MarriageRegistration m -> m;
            case NameChangeRegistration n -> n;
        };
    }

    /** An act locked for a change, with its current details. */
    private record Locked(Act act, ActRegistration details) {
    }

    private Locked lockForChange(Caller caller, UUID id, Integer expectedVersion) {
        // Persons first, then the act: the order registrations take them in (persons, then the acts their
        // consequences amend), so that an amendment and a registration about the same person cannot deadlock.
        // A correction never changes an act's persons, so reading them before the act's lock is safe. The read
        // is a plain query, not the entity: the entity is loaded under the lock, so its state is current.
        List<?> payload = em.createNativeQuery("SELECT CAST(payload AS text) FROM act WHERE id = ?1").setParameter(1, id)
                .getResultList();
        if (payload.isEmpty()) {
            throw ProblemException.notFound("ACT_NOT_FOUND", id);
        }
        persons.lock(history.read((String) payload.get(0)).parties().stream().map(p -> p.person().personId())
                .filter(Objects::nonNull).distinct().toList());
        Act act = Act.lockById(id).orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", id));
        ActRegistration details = history.read(act.payload);
        caller.requireOffice(act.office);
        if (expectedVersion != null && expectedVersion != act.version) {
            throw new ProblemException(412, "VERSION_MISMATCH", expectedVersion, act.version);
        }
        if (act.status == ActStatus.ANNULLED) {
            throw ProblemException.conflict("ACT_ANNULLED", act.registrationNumber);
        }
        return new Locked(act, details);
    }

    private static List<String> personIds(ActRegistration r) {
        return r.parties().stream().map(p -> p.role() + ":" + p.person().personId()).sorted().toList();
    }

    private RegistrationRules.Context context(LocalDate registrationDate, boolean restored) {
        return new RegistrationRules.Context(LocalDate.now(clock), registrationDate, restored, rules, persons);
    }

    /** A full read of an act by staff: audited with the reason the caller gave. */
    @Transactional
    public ActView read(Caller caller, UUID id, String reason) {
        Act act = Act.<Act>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", id));
        audit.append(caller, new AuditLog.Entry("READ", "ACT", id.toString(), reason));
        return history.view(act);
    }

    @Transactional
    public ActView readByNumber(Caller caller, String registrationNumber, String office, String reason) {
        List<Act> found = Act.withRegistrationNumber(registrationNumber).stream()
                .filter(a -> office == null || a.office.equals(office)).toList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("ACT_NOT_FOUND", registrationNumber);
        }
        if (found.size() > 1) {
            throw ProblemException.conflict("REGISTRATION_NUMBER_AMBIGUOUS", registrationNumber);
        }
        Act act = found.get(0);
        audit.append(caller, new AuditLog.Entry("READ", "ACT", act.id.toString(), reason));
        return history.view(act);
    }

    /**
     * Every version of an act, oldest first. Versions sealed by an adoption are shown to archivists only, who
     * must give a reason; everyone else sees neither them nor that they exist beyond the version numbers.
     */
    @Transactional
    public List<ActVersionView> versions(Caller caller, UUID id, String reason) {
        Act act = Act.<Act>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", id));
        List<ActVersions.Stored> all = history.versionsOf(act.id);
        boolean anySealed = all.stream().anyMatch(ActVersions.Stored::sealed);
        boolean archivist = caller.has(Roles.ARCHIVIST);
        if (anySealed && archivist && (reason == null || reason.isBlank())) {
            throw ProblemException.badRequest("REASON_REQUIRED");
        }
        audit.append(caller, new AuditLog.Entry(anySealed && archivist ? "READ_SEALED" : "READ_VERSIONS", "ACT",
                act.id.toString(), reason));
        return all.stream().filter(v -> archivist || !v.sealed()).map(history::view).toList();
    }
}
