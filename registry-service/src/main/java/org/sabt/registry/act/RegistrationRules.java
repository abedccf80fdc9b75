package org.sabt.registry.act;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.registry.person.PersonIndex;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * The rules that stop a registration, each named, with its stable error code, listed per act type in one
 * place: "what stops a marriage?" is answered by {@link MarriageRules#ALL}. A refusal is 422 problem+json
 * with the rule's code, and nothing is written. Country-specific values come from {@link RulesConfig}.
 */
public final class RegistrationRules {

    /** A named rule: its error code, and when a registration breaks it. */
    public record Rule<R extends ActRegistration>(String code, BiPredicate<R, Context> brokenBy) {
    }

    /**
     * What a rule may look at: the day, the registration date, whether an old paper record is being restored,
     * the configured values and the person index (asked, never changed).
     */
    public record Context(LocalDate today, LocalDate registrationDate, boolean restored, RulesConfig config,
                          PersonIndex persons) {
    }

    /** The rules of an act type, in the order they are checked. */
    public static void check(ActRegistration registration, Context context) {
        switch (registration) {
            case BirthRegistration b -> check(b, BirthRules.ALL, context);
            case DeathRegistration d -> check(d, DeathRules.ALL, context);
            case MarriageRegistration m -> check(m, MarriageRules.ALL, context);
            case DivorceRegistration d -> check(d, DivorceRules.ALL, context);
            case AdoptionRegistration a -> check(a, AdoptionRules.ALL, context);
            case PaternityRegistration p -> check(p, PaternityRules.ALL, context);
            case NameChangeRegistration n -> check(n, NameChangeRules.ALL, context);
        }
    }

    /** How one rule came out for a proposed registration; NOT_EVALUATED when what it needs is missing. */
    @Schema(name = "RuleOutcome")
    public record Outcome(String code, Result result) {
        public enum Result { PASSED, FAILED, NOT_EVALUATED }
    }

    /**
     * Every rule of the act type, each evaluated on its own (not stopping at the first broken one), for the one
     * window's checks before an approval. Nothing is refused and nothing written.
     */
    public static List<Outcome> evaluate(ActRegistration registration, Context context) {
        return switch (registration) {
            case BirthRegistration b -> evaluate(b, BirthRules.ALL, context);
            case DeathRegistration d -> evaluate(d, DeathRules.ALL, context);
            case MarriageRegistration m -> evaluate(m, MarriageRules.ALL, context);
            case DivorceRegistration d -> evaluate(d, DivorceRules.ALL, context);
            case AdoptionRegistration a -> evaluate(a, AdoptionRules.ALL, context);
            case PaternityRegistration p -> evaluate(p, PaternityRules.ALL, context);
            case NameChangeRegistration n -> evaluate(n, NameChangeRules.ALL, context);
        };
    }

    private static <R extends ActRegistration> List<Outcome> evaluate(R registration, List<Rule<? super R>> rules,
                                                                      Context context) {
        Map<String, Outcome.Result> results = new LinkedHashMap<>();
        for (Rule<? super R> rule : rules) {
            Outcome.Result result;
            try {
                result = rule.brokenBy().test(registration, context) ? Outcome.Result.FAILED : Outcome.Result.PASSED;
            } catch (RuntimeException e) {
                // A rule reads what an earlier rule requires (a date, a person): that rule has failed already.
                result = Outcome.Result.NOT_EVALUATED;
            }
            // Two rules may share a code (a court decision required for two reasons): the worse result stands.
            results.merge(rule.code(), result, (a, b) -> a == Outcome.Result.FAILED || b == Outcome.Result.FAILED
                    ? Outcome.Result.FAILED : a == Outcome.Result.NOT_EVALUATED ? a : b);
        }
        return results.entrySet().stream().map(e -> new Outcome(e.getKey(), e.getValue())).toList();
    }

    /** Only the rules about dates: what a correction (amendment) must still satisfy. */
    /** A birth's rules but those that ask the index, which the caller settles itself (set-based). */
    static void checkWithoutTheIndex(BirthRegistration birth, Context context) {
        check(birth, BirthRules.WITHOUT_THE_INDEX, context);
    }

    public static void checkDates(ActRegistration registration, Context context) {
        check(registration, DateRules.ALL, context);
    }

    private static <R extends ActRegistration> void check(R registration, List<Rule<? super R>> rules, Context context) {
        for (Rule<? super R> rule : rules) {
            if (rule.brokenBy().test(registration, context)) {
                throw ProblemException.unprocessable(rule.code(), registration.eventDate());
            }
        }
    }

    /** Every act: no event in the future, no registration before the event or in the future. */
    public static final class DateRules {
        public static final Rule<ActRegistration> EVENT_DATE_KNOWN = new Rule<>("EVENT_DATE_REQUIRED",
                (r, c) -> r.eventDate() == null);
        public static final Rule<ActRegistration> EVENT_NOT_IN_FUTURE = new Rule<>("EVENT_DATE_IN_FUTURE",
                (r, c) -> r.eventDate().isAfter(c.today()));
        public static final Rule<ActRegistration> REGISTRATION_NOT_IN_FUTURE = new Rule<>("REGISTRATION_DATE_IN_FUTURE",
                (r, c) -> c.registrationDate().isAfter(c.today()));
        public static final Rule<ActRegistration> REGISTRATION_NOT_BEFORE_EVENT = new Rule<>("REGISTRATION_BEFORE_EVENT",
                (r, c) -> c.registrationDate().isBefore(r.eventDate()));
        /** Everyone an act names, other than a newborn, was born by the day of the event. */
        public static final Rule<ActRegistration> PERSONS_BORN_BY_EVENT = new Rule<>("PERSON_BORN_AFTER_EVENT",
                (r, c) -> r.parties().stream().filter(p -> !(r instanceof BirthRegistration && p.role().equals("CHILD")))
                        .map(p -> p.person().birthDate()).anyMatch(b -> b != null && b.isAfter(r.eventDate())));

        public static final List<Rule<ActRegistration>> ALL = List.of(EVENT_DATE_KNOWN, EVENT_NOT_IN_FUTURE,
                REGISTRATION_NOT_IN_FUTURE, REGISTRATION_NOT_BEFORE_EVENT, PERSONS_BORN_BY_EVENT);

        private DateRules() {
        }
    }

    /** What stops a birth. */
    public static final class BirthRules {
        public static final Rule<BirthRegistration> BASIS_DOCUMENT_GIVEN = new Rule<>("BIRTH_BASIS_DOCUMENT_REQUIRED",
                (b, c) -> !c.restored() && b.medicalCertificateNumber() == null && b.witnessStatement() == null
                        && b.courtDecision() == null);
        public static final Rule<BirthRegistration> MEDICAL_CERTIFICATE_USED_ONCE = new Rule<>(
                "BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED",
                (b, c) -> b.medicalCertificateNumber() != null && Act.basisDocumentUsed(ActType.BIRTH, b.medicalCertificateNumber()));
        public static final Rule<BirthRegistration> LATE_BIRTH_HAS_REASON = new Rule<>("BIRTH_LATE_REASON_REQUIRED",
                (b, c) -> !c.restored() && isLate(b, c) && (b.lateRegistrationReason() == null || b.lateRegistrationReason().isBlank()));
        public static final Rule<BirthRegistration> VERY_LATE_BIRTH_HAS_COURT_DECISION = new Rule<>("BIRTH_COURT_DECISION_REQUIRED",
                (b, c) -> !c.restored() && b.courtDecision() == null
                        && c.registrationDate().isAfter(b.eventDate().plus(c.config().birthCourtDecisionAfter())));
        public static final Rule<BirthRegistration> MOTHER_IS_FEMALE = new Rule<>("BIRTH_MOTHER_NOT_FEMALE",
                (b, c) -> b.mother().sex() != Sex.FEMALE);
        public static final Rule<BirthRegistration> FATHER_IS_MALE = new Rule<>("BIRTH_FATHER_NOT_MALE",
                (b, c) -> b.father() != null && b.father().sex() != Sex.MALE);
        public static final Rule<BirthRegistration> MOTHER_BORN_BEFORE_CHILD = new Rule<>("BIRTH_MOTHER_NOT_OLDER",
                (b, c) -> b.mother().birthDate() != null && !b.mother().birthDate().isBefore(b.eventDate()));
        /** The mother's husband is the father unless a court decided otherwise. */
        public static final Rule<BirthRegistration> FATHER_AGREES_WITH_PRESUMPTION = new Rule<>(
                "BIRTH_FATHER_CONTRADICTS_PRESUMPTION",
                (b, c) -> b.father() != null && b.fatherBasis() != BirthRegistration.FatherBasis.COURT_DECISION
                        && c.persons().presumedFather(b.mother().personId(), b.eventDate(), c.config().paternityPresumptionDays())
                        .filter(husband -> !husband.equals(b.father().personId())).isPresent());
        public static final Rule<BirthRegistration> COURT_DECIDED_FATHER_HAS_DECISION = new Rule<>(
                "BIRTH_COURT_DECISION_REQUIRED",
                (b, c) -> b.fatherBasis() == BirthRegistration.FatherBasis.COURT_DECISION && b.courtDecision() == null);

        public static final List<Rule<? super BirthRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                BASIS_DOCUMENT_GIVEN, MEDICAL_CERTIFICATE_USED_ONCE, VERY_LATE_BIRTH_HAS_COURT_DECISION, LATE_BIRTH_HAS_REASON,
                MOTHER_IS_FEMALE, FATHER_IS_MALE, MOTHER_BORN_BEFORE_CHILD, COURT_DECIDED_FATHER_HAS_DECISION,
                FATHER_AGREES_WITH_PRESUMPTION);

        /**
         * The rules a birth whose persons are all new to the index is checked by before anything is read from it (bulk
         * restorations): a mother new to the index has no husband there to contradict a described father.
         */
        public static final List<Rule<? super BirthRegistration>> WITHOUT_THE_INDEX = ALL.stream()
                .filter(rule -> rule != MEDICAL_CERTIFICATE_USED_ONCE && rule != FATHER_AGREES_WITH_PRESUMPTION).toList();

        static boolean isLate(BirthRegistration b, Context c) {
            return c.registrationDate().isAfter(b.eventDate().plus(c.config().lateBirthAfter()));
        }

        private BirthRules() {
        }
    }

    /** What stops a death. */
    public static final class DeathRules {
        public static final Rule<DeathRegistration> PERSON_IN_REGISTRY = new Rule<>("DEATH_PERSON_NOT_IN_REGISTRY",
                (d, c) -> d.deceased().personId() == null);
        public static final Rule<DeathRegistration> NOT_ALREADY_DECEASED = new Rule<>("DEATH_PERSON_ALREADY_DECEASED",
                (d, c) -> c.persons().isDeceased(d.deceased().personId()));
        public static final Rule<DeathRegistration> NOT_BEFORE_BIRTH = new Rule<>("DEATH_BEFORE_BIRTH",
                (d, c) -> d.deceased().birthDate() != null && d.dateOfDeath().isBefore(d.deceased().birthDate()));
        public static final Rule<DeathRegistration> BASIS_DOCUMENT_GIVEN = new Rule<>("DEATH_BASIS_DOCUMENT_REQUIRED",
                (d, c) -> !c.restored() && d.medicalCertificateNumber() == null && d.courtDecision() == null);
        public static final Rule<DeathRegistration> MEDICAL_CERTIFICATE_USED_ONCE = new Rule<>(
                "DEATH_MEDICAL_CERTIFICATE_ALREADY_USED",
                (d, c) -> d.medicalCertificateNumber() != null && Act.basisDocumentUsed(ActType.DEATH, d.medicalCertificateNumber()));

        public static final List<Rule<? super DeathRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                PERSON_IN_REGISTRY, NOT_ALREADY_DECEASED, NOT_BEFORE_BIRTH, BASIS_DOCUMENT_GIVEN, MEDICAL_CERTIFICATE_USED_ONCE);

        private DeathRules() {
        }
    }

    /** What stops a marriage. */
    public static final class MarriageRules {
        public static final Rule<MarriageRegistration> NOT_THE_SAME_PERSON = new Rule<>("MARRIAGE_SAME_PERSON",
                (m, c) -> m.spouse1().personId() != null && m.spouse1().personId().equals(m.spouse2().personId()));
        public static final Rule<MarriageRegistration> SPOUSES_ALIVE = new Rule<>("MARRIAGE_SPOUSE_DECEASED",
                (m, c) -> c.persons().isDeceased(m.spouse1().personId()) || c.persons().isDeceased(m.spouse2().personId()));
        public static final Rule<MarriageRegistration> SPOUSES_BIRTH_DATES_KNOWN = new Rule<>("MARRIAGE_SPOUSE_BIRTH_DATE_REQUIRED",
                (m, c) -> m.spouse1().birthDate() == null || m.spouse2().birthDate() == null);
        public static final Rule<MarriageRegistration> SPOUSES_OF_MARRIAGE_AGE = new Rule<>("MARRIAGE_SPOUSE_UNDER_AGE",
                (m, c) -> m.marriageAgeLoweredBy() == null && (m.spouse1().ageOn(m.marriageDate()) < c.config().marriageAge()
                        || m.spouse2().ageOn(m.marriageDate()) < c.config().marriageAge()));
        public static final Rule<MarriageRegistration> NEITHER_SPOUSE_CURRENTLY_MARRIED = new Rule<>(
                "MARRIAGE_SPOUSE_ALREADY_MARRIED",
                (m, c) -> c.persons().isMarried(m.spouse1().personId()) || c.persons().isMarried(m.spouse2().personId()));
        public static final Rule<MarriageRegistration> NOT_CLOSE_RELATIVES = new Rule<>("MARRIAGE_CLOSE_RELATIVES",
                (m, c) -> m.spouse1().personId() != null && m.spouse2().personId() != null
                        && c.persons().areCloseRelatives(m.spouse1().personId(), m.spouse2().personId()));
        public static final Rule<MarriageRegistration> SPOUSES_SEX_ALLOWED = new Rule<>("MARRIAGE_SPOUSES_SEX_NOT_ALLOWED",
                (m, c) -> c.config().spousesSex() == RulesConfig.SpousesSex.DIFFERENT && m.spouse1().sex() == m.spouse2().sex());
        public static final Rule<MarriageRegistration> WAITING_PERIOD_OVER = new Rule<>("MARRIAGE_WAITING_PERIOD_NOT_OVER",
                (m, c) -> !c.restored() && m.waitingPeriodShortenedBy() == null
                        && m.marriageDate().isBefore(m.jointApplication().date().plus(c.config().marriageWaitingPeriod())));

        public static final List<Rule<? super MarriageRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                DateRules.PERSONS_BORN_BY_EVENT, NOT_THE_SAME_PERSON, SPOUSES_ALIVE, SPOUSES_BIRTH_DATES_KNOWN,
                SPOUSES_OF_MARRIAGE_AGE, NEITHER_SPOUSE_CURRENTLY_MARRIED, NOT_CLOSE_RELATIVES, SPOUSES_SEX_ALLOWED,
                WAITING_PERIOD_OVER);

        private MarriageRules() {
        }
    }

    /** What stops a divorce. */
    public static final class DivorceRules {
        public static final Rule<DivorceRegistration> ACTIVE_MARRIAGE_BETWEEN_THEM = new Rule<>("DIVORCE_NO_ACTIVE_MARRIAGE",
                (d, c) -> d.spouse1().personId() == null || c.persons().activeMarriage(d.spouse1().personId())
                        .filter(m -> m.relatedId.equals(d.spouse2().personId())).isEmpty());
        public static final Rule<DivorceRegistration> CONSENT_ONLY_WITHOUT_MINOR_CHILDREN = new Rule<>(
                "DIVORCE_MINOR_CHILDREN_NEED_COURT",
                (d, c) -> d.basis() == DivorceRegistration.Basis.MUTUAL_CONSENT && !c.persons().commonMinorChildren(
                        d.spouse1().personId(), d.spouse2().personId(), d.divorceDate(), c.config().adultAge()).isEmpty());
        public static final Rule<DivorceRegistration> COURT_DIVORCE_HAS_DECISION = new Rule<>("DIVORCE_COURT_DECISION_REQUIRED",
                (d, c) -> d.basis() == DivorceRegistration.Basis.COURT_DECISION && d.courtDecision() == null);
        public static final Rule<DivorceRegistration> CONSENT_DIVORCE_HAS_APPLICATION = new Rule<>(
                "DIVORCE_JOINT_APPLICATION_REQUIRED",
                (d, c) -> d.basis() == DivorceRegistration.Basis.MUTUAL_CONSENT && d.jointApplication() == null);

        public static final List<Rule<? super DivorceRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                ACTIVE_MARRIAGE_BETWEEN_THEM, COURT_DIVORCE_HAS_DECISION, CONSENT_DIVORCE_HAS_APPLICATION,
                CONSENT_ONLY_WITHOUT_MINOR_CHILDREN);

        private DivorceRules() {
        }
    }

    /** What stops an adoption. */
    public static final class AdoptionRules {
        public static final Rule<AdoptionRegistration> CHILD_IN_REGISTRY = new Rule<>("ADOPTION_CHILD_NOT_IN_REGISTRY",
                (a, c) -> a.child().personId() == null);
        public static final Rule<AdoptionRegistration> CHILD_IS_MINOR = new Rule<>("ADOPTION_CHILD_NOT_MINOR",
                (a, c) -> a.child().ageOn(a.adoptionDate()) >= c.config().adultAge());
        public static final Rule<AdoptionRegistration> ADOPTERS_ARE_ADULTS = new Rule<>("ADOPTION_ADOPTER_NOT_ADULT",
                (a, c) -> a.adopters().stream().anyMatch(p -> p.ageOn(a.adoptionDate()) < c.config().adultAge()));
        public static final Rule<AdoptionRegistration> ADOPTERS_OLDER_BY_THE_GAP = new Rule<>("ADOPTION_AGE_GAP_TOO_SMALL",
                (a, c) -> a.child().birthDate() == null || a.adopters().stream().anyMatch(p -> p.birthDate() == null
                        || p.birthDate().plusYears(c.config().adoptionAgeGap()).isAfter(a.child().birthDate())));
        public static final Rule<AdoptionRegistration> ADOPTERS_ALIVE = new Rule<>("ADOPTION_ADOPTER_DECEASED",
                (a, c) -> a.adopters().stream().anyMatch(p -> c.persons().isDeceased(p.personId())));
        public static final Rule<AdoptionRegistration> CHILD_NOT_AN_ADOPTER = new Rule<>("ADOPTION_CHILD_AMONG_ADOPTERS",
                (a, c) -> a.adopters().stream().anyMatch(p -> Objects.equals(p.personId(), a.child().personId())));
        public static final Rule<AdoptionRegistration> CHILD_HAS_BIRTH_RECORD = new Rule<>("ADOPTION_BIRTH_RECORD_MISSING",
                (a, c) -> a.birthActId() == null);

        public static final List<Rule<? super AdoptionRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                CHILD_IN_REGISTRY, CHILD_NOT_AN_ADOPTER, CHILD_HAS_BIRTH_RECORD, CHILD_IS_MINOR, ADOPTERS_ALIVE,
                ADOPTERS_ARE_ADULTS, ADOPTERS_OLDER_BY_THE_GAP);

        private AdoptionRules() {
        }
    }

    /** What stops the establishment of paternity. */
    public static final class PaternityRules {
        public static final Rule<PaternityRegistration> CHILD_IN_REGISTRY = new Rule<>("PATERNITY_CHILD_NOT_IN_REGISTRY",
                (p, c) -> p.child().personId() == null);
        public static final Rule<PaternityRegistration> CHILD_HAS_BIRTH_RECORD = new Rule<>("PATERNITY_BIRTH_RECORD_MISSING",
                (p, c) -> p.birthActId() == null);
        public static final Rule<PaternityRegistration> NO_FATHER_YET = new Rule<>("PATERNITY_ALREADY_ESTABLISHED",
                (p, c) -> c.persons().hasLegalFather(p.child().personId()));
        public static final Rule<PaternityRegistration> FATHER_IS_MALE = new Rule<>("PATERNITY_FATHER_NOT_MALE",
                (p, c) -> p.father().sex() != Sex.MALE);
        public static final Rule<PaternityRegistration> FATHER_BORN_BEFORE_CHILD = new Rule<>("PATERNITY_FATHER_NOT_OLDER",
                (p, c) -> p.father().birthDate() != null && p.child().birthDate() != null
                        && !p.father().birthDate().isBefore(p.child().birthDate()));
        public static final Rule<PaternityRegistration> BASIS_DOCUMENT_GIVEN = new Rule<>("PATERNITY_BASIS_DOCUMENT_REQUIRED",
                (p, c) -> switch (p.basis()) {
                    case JOINT_APPLICATION -> p.jointApplication() == null;
                    case COURT_DECISION -> p.courtDecision() == null;
                });

        public static final List<Rule<? super PaternityRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                CHILD_IN_REGISTRY, CHILD_HAS_BIRTH_RECORD, BASIS_DOCUMENT_GIVEN, FATHER_IS_MALE, FATHER_BORN_BEFORE_CHILD,
                NO_FATHER_YET);

        private PaternityRules() {
        }
    }

    /** What stops a change of name. */
    public static final class NameChangeRules {
        public static final Rule<NameChangeRegistration> PERSON_IN_REGISTRY = new Rule<>("NAME_CHANGE_PERSON_NOT_IN_REGISTRY",
                (n, c) -> n.person().personId() == null);
        public static final Rule<NameChangeRegistration> PERSON_ALIVE = new Rule<>("NAME_CHANGE_PERSON_DECEASED",
                (n, c) -> c.persons().isDeceased(n.person().personId()));
        public static final Rule<NameChangeRegistration> PERSON_OLD_ENOUGH = new Rule<>("NAME_CHANGE_UNDER_AGE",
                (n, c) -> n.person().ageOn(n.changedOn()) < c.config().nameChangeAge());
        public static final Rule<NameChangeRegistration> NEW_NAME_DIFFERS = new Rule<>("NAME_CHANGE_SAME_NAME",
                (n, c) -> Objects.equals(n.newSurname(), n.person().surname()) && Objects.equals(n.newGivenName(), n.person().givenName())
                        && Objects.equals(blankToNull(n.newPatronymic()), blankToNull(n.person().patronymic())));

        public static final List<Rule<? super NameChangeRegistration>> ALL = List.of(DateRules.EVENT_DATE_KNOWN,
                DateRules.EVENT_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_IN_FUTURE, DateRules.REGISTRATION_NOT_BEFORE_EVENT,
                PERSON_IN_REGISTRY, PERSON_ALIVE, PERSON_OLD_ENOUGH, NEW_NAME_DIFFERS);

        private NameChangeRules() {
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private RegistrationRules() {
    }
}
