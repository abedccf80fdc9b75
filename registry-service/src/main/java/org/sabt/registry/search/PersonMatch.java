package org.sabt.registry.search;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.registry.act.PersonDetails;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether two descriptions are one person, as a Fellegi–Sunter score: each field is compared, lands on an
 * agreement level, and each level has a weight in bits (log2 of how much likelier that level is among true matches
 * than among non-matches). The weights are all in this file, so "why was this a potential duplicate?" is answered by
 * one file; a field either side lacks weighs nothing. Calibrated on the synthetic population of the test sources
 * ({@code PopulationGenerator}): at the threshold the precision and recall are measured by {@code MatcherQualityTest}.
 */
public final class PersonMatch {

    /** The score at and above which two descriptions are held as possibly one person. */
    public static final double DEFAULT_THRESHOLD = 16.0;

    /** One field's comparison: its agreement level and what it weighed. */
    @Schema(name = "FieldAgreement")
    public record Agreement(@Schema(example = "BIRTH_DATE") Field field, @Schema(example = "WITHIN_DAYS") Level level,
                            @Schema(example = "5.0") double weight) {
    }

    /** A comparison's total and how each field contributed. */
    @Schema(name = "MatchScore")
    public record Score(@Schema(example = "21.5") double total, List<Agreement> fields) {

        public boolean atLeast(double threshold) {
            return total >= threshold;
        }

        Score plus(Agreement a) {
            List<Agreement> all = new ArrayList<>(fields);
            all.add(a);
            return new Score(Math.round((total + a.weight()) * 10) / 10.0, List.copyOf(all));
        }
    }

    public enum Field { NATIONAL_ID, SURNAME, GIVEN_NAME, PATRONYMIC, SEX, BIRTH_DATE, PLACE_OF_BIRTH, MOTHER }

    public enum Level {
        /** The same key: the same name in any script or spelling. */
        SAME,
        /** Another form of one surname (-зода/-ов/-ова/-ӣ) or the same patronymic stem. */
        SAME_STEM,
        /** A typo apart (names: Jaro–Winkler of the keys at least 0.88; national ids: one digit, or two swapped). */
        SIMILAR,
        /** Birth dates a few days apart. */
        WITHIN_DAYS,
        /** Day and month swapped. */
        TRANSPOSED,
        /** Only the birth year agrees. */
        SAME_YEAR,
        DIFFERENT
    }

    // ---- the weights, in bits -------------------------------------------------------------------------------

    static final double NATIONAL_ID_SAME = 12, NATIONAL_ID_SIMILAR = 0, NATIONAL_ID_DIFFERENT = -20;
    static final double SURNAME_SAME = 5, SURNAME_SAME_STEM = 4, SURNAME_SIMILAR = 3, SURNAME_DIFFERENT = -6;
    static final double GIVEN_SAME = 6, GIVEN_SIMILAR = 4, GIVEN_DIFFERENT = -9;
    static final double PATRONYMIC_SAME = 4, PATRONYMIC_SIMILAR = 2, PATRONYMIC_DIFFERENT = -5;
    static final double SEX_SAME = 0.5, SEX_DIFFERENT = -8;
    static final double BIRTH_SAME = 9, BIRTH_WITHIN_DAYS = 6, BIRTH_TRANSPOSED = 5, BIRTH_SAME_YEAR = -2,
            BIRTH_DIFFERENT = -12;
    static final double PLACE_SAME = 1, PLACE_DIFFERENT = -1;
    static final double MOTHER_SAME = 6, MOTHER_SIMILAR = 4, MOTHER_DIFFERENT = -8;

    /** The most a mother's agreement adds to a birth's score. */
    public static final double MOTHER_WEIGHT = MOTHER_SAME;

    /** Birth dates this many days apart still count as WITHIN_DAYS. */
    public static final int DAYS = 3;
    static final double SIMILAR_NAME = 0.88;

    private PersonMatch() {
    }

    /** A person found by their national id, which is all that was compared. */
    public static Score byNationalId() {
        return new Score(0, List.of()).plus(new Agreement(Field.NATIONAL_ID, Level.SAME, NATIONAL_ID_SAME));
    }

    /** Compares two descriptions of a person field by field. */
    public static Score compare(PersonDetails a, PersonDetails b) {
        Score s = new Score(0, List.of());
        if (present(a.nationalId()) && present(b.nationalId())) {
            s = s.plus(nationalId(a.nationalId(), b.nationalId()));
        }
        if (present(a.surname()) && present(b.surname())) {
            s = s.plus(surname(a.surname(), b.surname()));
        }
        if (present(a.givenName()) && present(b.givenName())) {
            s = s.plus(given(a.givenName(), b.givenName()));
        }
        if (present(a.patronymic()) && present(b.patronymic())) {
            s = s.plus(patronymic(a.patronymic(), b.patronymic()));
        }
        if (a.sex() != null && b.sex() != null) {
            s = s.plus(a.sex() == b.sex() ? new Agreement(Field.SEX, Level.SAME, SEX_SAME)
                    : new Agreement(Field.SEX, Level.DIFFERENT, SEX_DIFFERENT));
        }
        if (a.birthDate() != null && b.birthDate() != null) {
            s = s.plus(birthDate(a.birthDate(), b.birthDate()));
        }
        if (present(a.placeOfBirth()) && present(b.placeOfBirth())) {
            boolean same = NameKeys.fold(a.placeOfBirth()).equals(NameKeys.fold(b.placeOfBirth()));
            s = s.plus(new Agreement(Field.PLACE_OF_BIRTH, same ? Level.SAME : Level.DIFFERENT,
                    same ? PLACE_SAME : PLACE_DIFFERENT));
        }
        return s;
    }

    /**
     * The most {@link #compare} can score for {@code a} against someone of whom only the names are known yet ({@code
     * names}: surname, given name, patronymic): the names compared, every other field {@code a} states at its best,
     * except a national id, counted as a typo apart (0). So it holds only where the other cannot have {@code a}'s very
     * national id (that one is found by the id itself). Below a threshold, the rest of the other need not be read.
     */
    public static double bestByNames(PersonDetails a, PersonDetails names) {
        double best = compare(new PersonDetails(null, a.surname(), a.givenName(), a.patronymic(), null, null, null, null,
                null, null), new PersonDetails(null, names.surname(), names.givenName(), names.patronymic(), null, null,
                null, null, null, null)).total();
        return best + (a.birthDate() != null ? BIRTH_SAME : 0) + bestBesidesNamesAndBirth(a);
    }

    /**
     * What {@link #bestByNames} adds for the fields besides the names and the birth date: each at its best.
     */
    public static double bestBesidesNamesAndBirth(PersonDetails a) {
        return (a.sex() != null ? SEX_SAME : 0) + (present(a.placeOfBirth()) ? PLACE_SAME : 0)
                + (present(a.nationalId()) ? NATIONAL_ID_SIMILAR : 0);
    }

    /**
     * The given-name keys of {@code vocabulary} (person_name's key_given) that {@link #compare} finds the same as or
     * SIMILAR to this given name's.
     */
    public static List<String> similarGivenKeys(String givenName, java.util.Collection<String> vocabulary) {
        return sameOrSimilar(NameKeys.given(givenName), vocabulary);
    }

    /** The keys of {@code vocabulary} equal to {@code key} or SIMILAR to it (Jaro–Winkler, as names are compared). */
    private static List<String> sameOrSimilar(String key, java.util.Collection<String> vocabulary) {
        return vocabulary.stream().filter(k -> k.equals(key) || jaroWinkler(key, k) >= SIMILAR_NAME).toList();
    }

    /**
     * The patronymic keys of {@code vocabulary} (person_name's key_patronymic) that {@link #compare} finds the same as or
     * SIMILAR to this patronymic's.
     */
    public static List<String> similarPatronymicKeys(String patronymic, java.util.Collection<String> vocabulary) {
        return sameOrSimilar(NameKeys.patronymicStem(patronymic), vocabulary);
    }

    /**
     * The surname stems of {@code vocabulary} (person_name's key_stem) of which some surname may be the same as or
     * SIMILAR to this one: the stems themselves compared, and every surname key a stem may stand for
     * ({@link NameKeys#surnameKeysOf}) against this surname's key.
     */
    public static List<String> similarStems(String surname, java.util.Collection<String> vocabulary) {
        String key = NameKeys.fold(surname), stem = NameKeys.surnameStem(surname);
        return vocabulary.stream().filter(s -> s.equals(stem) || jaroWinkler(stem, s) >= SIMILAR_NAME
                || NameKeys.surnameKeysOf(s).stream().anyMatch(k -> jaroWinkler(key, k) >= SIMILAR_NAME)).toList();
    }

    /**
     * The most {@link #compare} can score for a stated person (relation {@code q}) against a name row of person_name
     * ({@code n}), in SQL: the given name SAME when the keys are, SIMILAR at best when {@code q.givens} (from
     * {@link #similarGivenKeys}) holds the row's key, else DIFFERENT; the surname likewise with the stems
     * ({@code q.stems}, from {@link #similarStems}); the patronymic at its best where both have one ({@code q.patronymic}
     * says the stated person has); the birth dates compared as {@link #compare} does; {@code q.rest} for the rest
     * ({@link #bestBesidesNamesAndBirth}). A key either side lacks counts at its best.
     */
    public static String boundSql(String n, String q) {
        return ("(CASE WHEN {n}.key_given = {q}.given OR coalesce({n}.key_given, '') = '' OR {q}.given = '' THEN %s"
                + " WHEN {n}.key_given = ANY({q}.givens) THEN %s ELSE %s END"
                + " + CASE WHEN {n}.key_stem = {q}.stem OR coalesce({n}.key_stem, '') = '' OR {q}.stem = '' THEN %s"
                + " WHEN {n}.key_stem = ANY({q}.stems) THEN %s ELSE %s END"
                + " + CASE WHEN {q}.patronymic AND btrim(coalesce({n}.patronymic, '')) <> '' THEN %s ELSE 0 END"
                + " + CASE WHEN {n}.birth_date IS NULL OR {q}.born IS NULL THEN 0 WHEN {n}.birth_date = {q}.born THEN %s"
                + " WHEN {n}.birth_date BETWEEN {q}.born - %d AND {q}.born + %d THEN %s"
                + " WHEN {n}.birth_date = {q}.transposed THEN %s"
                + " WHEN extract(year FROM {n}.birth_date) = extract(year FROM {q}.born) THEN %s ELSE %s END"
                + " + {q}.rest)").formatted(GIVEN_SAME, GIVEN_SIMILAR, GIVEN_DIFFERENT, SURNAME_SAME, SURNAME_SIMILAR,
                        SURNAME_DIFFERENT, PATRONYMIC_SAME, BIRTH_SAME, DAYS, DAYS, BIRTH_WITHIN_DAYS, BIRTH_TRANSPOSED,
                        BIRTH_SAME_YEAR, BIRTH_DIFFERENT)
                .replace("{n}", n).replace("{q}", q);
    }

    /**
     * A newborn against a registered birth: the children compared, and the mothers (the same person in the index,
     * or a comparison of their descriptions).
     */
    public static Score compareBirths(PersonDetails child, PersonDetails mother, PersonDetails otherChild,
                                      PersonDetails otherMother) {
        Score s = compare(child, otherChild);
        if (mother == null || otherMother == null) {
            return s;
        }
        if (mother.personId() != null && mother.personId().equals(otherMother.personId())) {
            return s.plus(new Agreement(Field.MOTHER, Level.SAME, MOTHER_SAME));
        }
        boolean similar = compare(mother, otherMother).atLeast(DEFAULT_THRESHOLD);
        return s.plus(similar ? new Agreement(Field.MOTHER, Level.SIMILAR, MOTHER_SIMILAR)
                : new Agreement(Field.MOTHER, Level.DIFFERENT, MOTHER_DIFFERENT));
    }

    /** Whether two names are one for the person index: the same key, the same surname stem, or a typo apart. */
    public static boolean sameSurname(String a, String b) {
        return surname(a, b).level() != Level.DIFFERENT;
    }

    public static boolean sameGivenName(String a, String b) {
        return given(a, b).level() != Level.DIFFERENT;
    }

    public static boolean samePatronymic(String a, String b) {
        return patronymic(a, b).level() != Level.DIFFERENT;
    }

    /** The same id; one digit mistyped or two swapped (SIMILAR); or another person's. */
    private static Agreement nationalId(String a, String b) {
        if (a.equals(b)) {
            return new Agreement(Field.NATIONAL_ID, Level.SAME, NATIONAL_ID_SAME);
        }
        if (a.length() == b.length()) {
            int first = -1, differ = 0;
            for (int i = 0; i < a.length(); i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    differ++;
                    first = first < 0 ? i : first;
                }
            }
            boolean swapped = differ == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first);
            if (differ == 1 || swapped) {
                return new Agreement(Field.NATIONAL_ID, Level.SIMILAR, NATIONAL_ID_SIMILAR);
            }
        }
        return new Agreement(Field.NATIONAL_ID, Level.DIFFERENT, NATIONAL_ID_DIFFERENT);
    }

    private static Agreement surname(String a, String b) {
        String ka = NameKeys.fold(a), kb = NameKeys.fold(b);
        if (ka.equals(kb)) {
            return new Agreement(Field.SURNAME, Level.SAME, SURNAME_SAME);
        }
        String sa = NameKeys.surnameStem(a), sb = NameKeys.surnameStem(b);
        if (sa.equals(sb)) {
            return new Agreement(Field.SURNAME, Level.SAME_STEM, SURNAME_SAME_STEM);
        }
        return jaroWinkler(ka, kb) >= SIMILAR_NAME || jaroWinkler(sa, sb) >= SIMILAR_NAME
                ? new Agreement(Field.SURNAME, Level.SIMILAR, SURNAME_SIMILAR)
                : new Agreement(Field.SURNAME, Level.DIFFERENT, SURNAME_DIFFERENT);
    }

    private static Agreement given(String a, String b) {
        String ka = NameKeys.given(a), kb = NameKeys.given(b);
        if (ka.equals(kb)) {
            return new Agreement(Field.GIVEN_NAME, Level.SAME, GIVEN_SAME);
        }
        return jaroWinkler(ka, kb) >= SIMILAR_NAME ? new Agreement(Field.GIVEN_NAME, Level.SIMILAR, GIVEN_SIMILAR)
                : new Agreement(Field.GIVEN_NAME, Level.DIFFERENT, GIVEN_DIFFERENT);
    }

    private static Agreement patronymic(String a, String b) {
        String ka = NameKeys.patronymicStem(a), kb = NameKeys.patronymicStem(b);
        if (ka.equals(kb)) {
            return new Agreement(Field.PATRONYMIC, Level.SAME, PATRONYMIC_SAME);
        }
        return jaroWinkler(ka, kb) >= SIMILAR_NAME ? new Agreement(Field.PATRONYMIC, Level.SIMILAR, PATRONYMIC_SIMILAR)
                : new Agreement(Field.PATRONYMIC, Level.DIFFERENT, PATRONYMIC_DIFFERENT);
    }

    private static Agreement birthDate(LocalDate a, LocalDate b) {
        if (a.equals(b)) {
            return new Agreement(Field.BIRTH_DATE, Level.SAME, BIRTH_SAME);
        }
        if (Math.abs(ChronoUnit.DAYS.between(a, b)) <= DAYS) {
            return new Agreement(Field.BIRTH_DATE, Level.WITHIN_DAYS, BIRTH_WITHIN_DAYS);
        }
        if (a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth() && a.getDayOfMonth() == b.getMonthValue()) {
            return new Agreement(Field.BIRTH_DATE, Level.TRANSPOSED, BIRTH_TRANSPOSED);
        }
        return a.getYear() == b.getYear() ? new Agreement(Field.BIRTH_DATE, Level.SAME_YEAR, BIRTH_SAME_YEAR)
                : new Agreement(Field.BIRTH_DATE, Level.DIFFERENT, BIRTH_DIFFERENT);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Jaro–Winkler similarity of two keys, 0 to 1. */
    static double jaroWinkler(String a, String b) {
        if (a.equals(b)) {
            return 1;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int window = Math.max(0, Math.max(a.length(), b.length()) / 2 - 1);
        boolean[] matchedA = new boolean[a.length()];
        boolean[] matchedB = new boolean[b.length()];
        int matches = 0;
        for (int i = 0; i < a.length(); i++) {
            for (int j = Math.max(0, i - window); j < Math.min(b.length(), i + window + 1); j++) {
                if (!matchedB[j] && a.charAt(i) == b.charAt(j)) {
                    matchedA[i] = true;
                    matchedB[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int transpositions = 0;
        for (int i = 0, j = 0; i < a.length(); i++) {
            if (matchedA[i]) {
                while (!matchedB[j]) {
                    j++;
                }
                if (a.charAt(i) != b.charAt(j)) {
                    transpositions++;
                }
                j++;
            }
        }
        double m = matches;
        double jaro = (m / a.length() + m / b.length() + (m - transpositions / 2.0) / m) / 3;
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(a.length(), b.length())) && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
