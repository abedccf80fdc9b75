package org.sabt.registry.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.search.PopulationGenerator.Someone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate matcher measured on a synthetic population: 20,000 persons in families (twins, siblings and
 * namesakes included), 1,000 second records of people in it written as clerks write them, and 1,000 others: strangers
 * who look like its people, and namesakes of its people (the same surname and given name, born another day). Every pair the service's blocking rule brings together ({@link DuplicateBlocks}) is scored; a pair at or above the threshold is a predicted duplicate. Precision and recall must be at least 0.95.
 */
class MatcherQualityTest {

    static final int POPULATION = 20_000;
    static final int QUERIES = 1_000;

    static final List<Someone> people = new ArrayList<>();
    static final Map<String, List<Someone>> blocks = new HashMap<>();

    @BeforeAll
    static void population() {
        PopulationGenerator generator = PopulationGenerator.fromClasspath(42);
        generator.population(POPULATION, people::add);
        for (Someone p : people) {
            for (String key : DuplicateBlocks.keys(details(p))) {
                blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        }
    }

    @Test
    void precision_and_recall_at_the_configured_threshold_are_at_least_095() {
        PopulationGenerator generator = PopulationGenerator.fromClasspath(7);
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (int q = 0; q < 2 * QUERIES; q++) {
            boolean duplicate = q < QUERIES;
            Someone original = duplicate ? people.get(generator.nextInt(people.size())) : null;
            Someone query = duplicate ? generator.duplicate(original)
                    : q % 2 == 0 ? generator.stranger(-1) : generator.namesake(people.get(generator.nextInt(people.size())));
            Set<Someone> candidates = new HashSet<>();
            // The service's blocks, found in memory as the archive's bulk finds them among a chunk's lines.
            for (String key : DuplicateBlocks.probes(details(query))) {
                candidates.addAll(blocks.getOrDefault(key, List.of()));
            }
            candidates.removeIf(c -> !DuplicateBlocks.together(details(query), details(c)));
            boolean found = false;
            for (Someone c : candidates) {
                boolean match = PersonMatch.compare(details(query), details(c)).atLeast(PersonMatch.DEFAULT_THRESHOLD);
                boolean truth = duplicate && c.index() == original.index();
                if (match && truth) {
                    truePositives++;
                    found = true;
                } else if (match) {
                    falsePositives++;
                }
            }
            if (duplicate && !found) {
                falseNegatives++;
            }
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        System.out.printf("matcher at threshold %.1f: precision %.3f, recall %.3f (%d true, %d false positives, %d missed)%n",
                PersonMatch.DEFAULT_THRESHOLD, precision, recall, truePositives, falsePositives, falseNegatives);
        assertThat(precision).as("precision").isGreaterThanOrEqualTo(0.95);
        assertThat(recall).as("recall").isGreaterThanOrEqualTo(0.95);
    }

    /**
     * The archive's bulk sends PostgreSQL, for each person, the index's given-name keys and surname stems that may be
     * SIMILAR to theirs, and drops every other name in the blocks unread ({@link PersonMatch#boundSql}): that bound is
     * only right if no name the matcher calls the same or similar is left out. Checked on every pair of the
     * population's names and the clerks' spellings of them (typos, scripts, forms).
     */
    @Test
    void the_bulk_bound_leaves_out_no_name_the_matcher_calls_similar() {
        PopulationGenerator generator = PopulationGenerator.fromClasspath(11);
        List<Someone> stated = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            stated.add(generator.duplicate(people.get(generator.nextInt(people.size()))));
        }
        Set<String> givenKeys = new HashSet<>(), stems = new HashSet<>();
        people.forEach(p -> {
            givenKeys.add(NameKeys.given(p.givenName()));
            stems.add(NameKeys.surnameStem(p.surname()));
        });
        stated.forEach(p -> {
            givenKeys.add(NameKeys.given(p.givenName()));
            stems.add(NameKeys.surnameStem(p.surname()));
        });
        Map<String, Set<String>> similarGivens = new HashMap<>(), similarStems = new HashMap<>();
        int similarPairs = 0;
        for (Someone a : stated) {
            Set<String> givens = similarGivens.computeIfAbsent(a.givenName(),
                    g -> new HashSet<>(PersonMatch.similarGivenKeys(g, givenKeys)));
            Set<String> surnames = similarStems.computeIfAbsent(a.surname(),
                    s -> new HashSet<>(PersonMatch.similarStems(s, stems)));
            similarPairs += assertKeysBroughtOf(a, givens, surnames, null, people.subList(0, 2_000));
        }
        assertThat(similarPairs).as("pairs the matcher calls similar").isGreaterThan(10_000);
        assertThat(PersonMatch.similarStems("Назарава", List.of("nazar", "rahim"))).containsExactly("nazar");
        assertThat(PersonMatch.similarGivenKeys("Нилуфр", List.of(NameKeys.given("Нилуфар"), NameKeys.given("Мунира"))))
                .containsExactly(NameKeys.given("Нилуфар"));
    }

    /**
     * The person search asks PostgreSQL for the names whose keys are among those the matcher finds the same as or
     * similar to the query's words (NameVocabulary): the words, folded as the search folds them, must bring every
     * given name, surname stem and patronymic the matcher calls similar to the names they were typed for.
     */
    @Test
    void the_search_words_bring_every_key_the_matcher_calls_similar() {
        PopulationGenerator generator = PopulationGenerator.fromClasspath(12);
        Set<String> givenKeys = new HashSet<>(), stems = new HashSet<>(), patronymics = new HashSet<>();
        people.forEach(p -> {
            givenKeys.add(NameKeys.given(p.givenName()));
            stems.add(NameKeys.surnameStem(p.surname()));
            patronymics.add(NameKeys.patronymicStem(p.patronymic()));
        });
        int similarPairs = 0;
        for (int q = 0; q < QUERIES; q++) {
            Someone a = generator.duplicate(people.get(generator.nextInt(people.size())));
            Set<String> givens = new HashSet<>(), surnames = new HashSet<>(), fathers = new HashSet<>();
            for (String word : NameKeys.words(String.join(" ", a.surname(), a.givenName(),
                    a.patronymic() == null ? "" : a.patronymic()))) {
                givens.addAll(PersonMatch.similarGivenKeys(word, givenKeys));
                surnames.addAll(PersonMatch.similarStems(word, stems));
                fathers.addAll(PersonMatch.similarPatronymicKeys(word, patronymics));
            }
            similarPairs += assertKeysBroughtOf(a, givens, surnames, fathers, people.subList(0, 1_000));
        }
        assertThat(similarPairs).as("pairs the matcher calls similar").isGreaterThan(10_000);
    }

    /**
     * For each of {@code others} whose given name, surname or patronymic (where {@code patronymics} is given) the
     * matcher calls the same as or similar to {@code a}'s, that the keys brought for {@code a} hold its key; returns how
     * many such names there were.
     */
    private static int assertKeysBroughtOf(Someone a, Set<String> givens, Set<String> surnames, Set<String> patronymics,
                                           List<Someone> others) {
        int similar = 0;
        for (Someone b : others) {
            if (PersonMatch.sameGivenName(a.givenName(), b.givenName())) {
                similar++;
                assertThat(givens).as(a.givenName() + " ~ " + b.givenName()).contains(NameKeys.given(b.givenName()));
            }
            if (PersonMatch.sameSurname(a.surname(), b.surname())) {
                similar++;
                assertThat(surnames).as(a.surname() + " ~ " + b.surname()).contains(NameKeys.surnameStem(b.surname()));
            }
            if (patronymics != null && a.patronymic() != null && b.patronymic() != null
                    && PersonMatch.samePatronymic(a.patronymic(), b.patronymic())) {
                similar++;
                assertThat(patronymics).as(a.patronymic() + " ~ " + b.patronymic()).contains(NameKeys.patronymicStem(b.patronymic()));
            }
        }
        return similar;
    }

    @Test
    void one_name_in_every_script_and_form_folds_to_one_key() {
        assertThat(NameKeys.given("Ҷамшед")).isEqualTo(NameKeys.given("Джамшед")).isEqualTo(NameKeys.given("Jamshed"));
        assertThat(NameKeys.given("Бахтиёр")).isEqualTo(NameKeys.given("Bakhtiyor"));
        assertThat(NameKeys.given("Ғайрат")).isEqualTo(NameKeys.given("Гайрат")).isEqualTo(NameKeys.given("Ghayrat"));
        assertThat(NameKeys.fold("Шаҳло")).isEqualTo(NameKeys.fold("Шахло")).isEqualTo(NameKeys.fold("Shakhlo"));
        assertThat(NameKeys.fold("Фёдор")).isEqualTo(NameKeys.fold("Федор")).isEqualTo(NameKeys.fold("Fyodor"));
        assertThat(NameKeys.fold("Ёсин")).isEqualTo(NameKeys.fold("Yosin"));
        assertThat(NameKeys.fold("Йӯлдош")).isEqualTo(NameKeys.fold("Иулдош"));
        assertThat(NameKeys.surnameStem("Раҳимзода")).isEqualTo(NameKeys.surnameStem("Rahimzade"))
                .isEqualTo(NameKeys.surnameStem("Рахимов")).isEqualTo(NameKeys.surnameStem("Раҳимова"))
                .isEqualTo(NameKeys.surnameStem("Раҳимӣ")).isEqualTo(NameKeys.surnameStem("Rakhimi"));
        assertThat(NameKeys.patronymicStem("Рустамович")).isEqualTo(NameKeys.patronymicStem("Рустамзода"));
        assertThat(PersonMatch.sameGivenName("Нилуфар", "Нилуфр")).isTrue();
        assertThat(PersonMatch.sameGivenName("Нилуфар", "Мунира")).isFalse();
        assertThat(PersonMatch.sameSurname("Алиева", "Назарова")).isFalse();
    }

    static PersonDetails details(Someone p) {
        return new PersonDetails(null, p.surname(), p.givenName(), p.patronymic(), null,
                p.sex() == PopulationGenerator.Sex.MALE ? Sex.MALE : Sex.FEMALE, p.birthDate(), p.placeOfBirth(), null,
                null);
    }
}
