package org.sabt.registry.search;

import org.sabt.registry.act.PersonDetails;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which pairs of persons the duplicate matcher compares at all (blocking, as record linkage calls it): the rest cannot
 * reach the threshold, or are the price of comparing far fewer pairs. Two persons share a block when
 * <ul>
 *   <li>their given-name keys or their surname stems are the same, and they were born within {@link PersonMatch#DAYS}
 *   days of each other, or on the day with day and month swapped;</li>
 *   <li>or they were born on the same day, and their given names and surnames begin with the same letters (a typo in
 *   both names);</li>
 *   <li>or one birth date is unknown and both the given-name key and the surname stem are the same.</li>
 * </ul>
 * The registration's check ({@link PersonSearch#candidates}) and the archive's bulk births ask PostgreSQL for exactly
 * these pairs (the name-and-date indexes of {@code person_name}); {@code MatcherQualityTest} measures precision and
 * recall through this rule.
 */
public final class DuplicateBlocks {

    private DuplicateBlocks() {
    }

    /** Whether the matcher compares these two. */
    public static boolean together(PersonDetails a, PersonDetails b) {
        if (a.surname() == null || a.givenName() == null || b.surname() == null || b.givenName() == null) {
            return false;
        }
        boolean sameGiven = NameKeys.given(a.givenName()).equals(NameKeys.given(b.givenName()));
        boolean sameStem = NameKeys.surnameStem(a.surname()).equals(NameKeys.surnameStem(b.surname()));
        if (a.birthDate() == null || b.birthDate() == null) {
            return sameGiven && sameStem;
        }
        if ((sameGiven || sameStem) && (Math.abs(ChronoUnit.DAYS.between(a.birthDate(), b.birthDate())) <= PersonMatch.DAYS
                || b.birthDate().equals(transposed(a.birthDate())))) {
            return true;
        }
        return a.birthDate().equals(b.birthDate())
                && initial(NameKeys.given(a.givenName())).equals(initial(NameKeys.given(b.givenName())))
                && initial(NameKeys.fold(a.surname())).equals(initial(NameKeys.fold(b.surname())));
    }

    /** The date with day and month swapped (a clerk's slip), or the date itself where that is no date. */
    public static LocalDate transposed(LocalDate born) {
        return born.getDayOfMonth() <= 12 ? LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue()) : born;
    }

    /** The first letter of a folded key, as SQL's {@code left(key, 1)} takes it. */
    public static String initial(String key) {
        return key.isEmpty() ? "" : key.substring(0, key.offsetByCodePoints(0, 1));
    }

    /**
     * The blocks in SQL over the name rows (alias n), for one person described by {@code {given}}, {@code {stem}},
     * {@code {gi}}, {@code {si}} (the initials of the given-name key and of the surname key), {@code {born}} and
     * {@code {transposed}}; each on its own index. A date that cannot be transposed (its day over 12, or the same as its
     * month) is its own transposition, already within the first blocks' days: its transposed blocks are not read.
     */
    private static final List<String> BLOCKS = List.of(
            "n.key_given = {given} AND n.birth_date BETWEEN {born} - " + PersonMatch.DAYS + " AND {born} + " + PersonMatch.DAYS,
            "n.key_given = {given} AND n.birth_date = {transposed} AND {transposed} <> {born}",
            "n.key_stem = {stem} AND n.birth_date BETWEEN {born} - " + PersonMatch.DAYS + " AND {born} + " + PersonMatch.DAYS,
            "n.key_stem = {stem} AND n.birth_date = {transposed} AND {transposed} <> {born}",
            "n.birth_date = {born} AND left(n.key_given, 1) = {gi} AND left(n.key_surname, 1) = {si}",
            "n.key_given = {given} AND n.key_stem = {stem} AND n.birth_date IS NULL");

    /** Each block between {@code before} and {@code after}, the person's values named as {@code names} says, joined. */
    private static String blocks(String before, String after, String union, Map<String, String> names) {
        return BLOCKS.stream().map(block -> {
            String sql = block;
            for (Map.Entry<String, String> name : names.entrySet()) {
                sql = sql.replace("{" + name.getKey() + "}", name.getValue());
            }
            return before + sql + after;
        }).collect(Collectors.joining(union));
    }

    /**
     * The candidates' SQL for one person, given as the parameters :given, :stem, :givenInitial, :surnameInitial,
     * :born and :transposed (see {@link #parameters}): the name rows (alias n) of each block, as a UNION ALL (a name
     * may come twice; a limit stops the scan early); {@code select} is the select list and joins, with the
     * {@code person_name n} alias.
     */
    static String candidatesSql(String select) {
        return blocks(select + " WHERE ", "", " UNION ALL ", Map.of("given", ":given", "stem", ":stem",
                "gi", ":givenInitial", "si", ":surnameInitial", "born", "CAST(:born AS date)", "transposed", ":transposed"));
    }

    /** The parameters of {@link #candidatesSql} for a person with a birth date. */
    static Map<String, Object> parameters(PersonDetails d) {
        String given = NameKeys.given(d.givenName());
        return Map.of("given", given, "stem", NameKeys.surnameStem(d.surname()), "givenInitial", initial(given),
                "surnameInitial", initial(NameKeys.fold(d.surname())), "born", d.birthDate(),
                "transposed", transposed(d.birthDate()));
    }

    /**
     * The same blocks for many persons at once: {@code persons} is a relation (line, who, given, stem, gi, si, born,
     * transposed, and what {@link PersonMatch#boundSql} reads: givens, stems, patronymic, rest) of the persons to
     * compare, with least, the score the caller looks for; answers (line, who, person_id, surname, given_name,
     * patronymic) of the index's names that share a block with each and with which the person may still reach least
     * (the bound is worked out on the index's rows, so the rest are not sent at all). The names only (person_name's
     * rows, on its indexes): the caller reads the persons themselves for the few names that may reach its threshold. A
     * name that shares several blocks comes once per block (UNION ALL: removing repeats cost a sort of every row).
     */
    public static String namesWithinReachSql(String persons) {
        String select = "SELECT q.line, q.who, n.person_id, n.surname, n.given_name, n.patronymic FROM " + persons
                + " q JOIN person_name n ON ";
        return blocks(select, " AND " + PersonMatch.boundSql("n", "q") + " >= q.least", " UNION ALL ", Map.of("given",
                "q.given", "stem", "q.stem", "gi", "q.gi", "si", "q.si", "born", "q.born", "transposed", "q.transposed"));
    }

    /**
     * The keys under which a person with a birth date is found in memory: each block's key under every day on which
     * someone of that block may be born (within {@link PersonMatch#DAYS}, or transposed). Two such persons share a block
     * only when one's {@link #probes} meet the other's keys ({@link #together} then decides).
     */
    public static List<String> keys(PersonDetails d) {
        String given = NameKeys.given(d.givenName()), stem = NameKeys.surnameStem(d.surname());
        List<String> keys = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        for (int off = -PersonMatch.DAYS; off <= PersonMatch.DAYS; off++) {
            days.add(d.birthDate().plusDays(off));
        }
        days.add(transposed(d.birthDate()));
        for (LocalDate day : days) {
            keys.add("g:" + given + ":" + day);
            keys.add("s:" + stem + ":" + day);
        }
        keys.add("i:" + initials(d) + ":" + d.birthDate());
        return keys;
    }

    /** The keys a person with a birth date looks under to find whoever shares a block with them (see {@link #keys}). */
    public static List<String> probes(PersonDetails d) {
        return List.of("g:" + NameKeys.given(d.givenName()) + ":" + d.birthDate(),
                "s:" + NameKeys.surnameStem(d.surname()) + ":" + d.birthDate(), "i:" + initials(d) + ":" + d.birthDate());
    }

    private static String initials(PersonDetails d) {
        return initial(NameKeys.given(d.givenName())) + initial(NameKeys.fold(d.surname()));
    }
}
