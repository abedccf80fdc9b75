package org.sabt.registry.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.registry.act.LatinName;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.person.Person;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Finds persons in the index by national id (exact) or by name in any script and spelling, ranked by the matcher's
 * score. Candidates come from PostgreSQL (the names whose folded keys the matcher finds the same as or similar to the
 * words, found in the index's {@link NameVocabulary}; a trigram similarity of whole names where those are no one), are
 * scored in Java field by field, and paged by (score, id). Every search by staff is audited with
 * what was asked and which persons it showed; names and links an adoption sealed are found by archivists only.
 */
@ApplicationScoped
public class PersonSearch {

    /** At most this many candidates are scored per search; a narrower query (birth date, sex, office) finds the rest. */
    static final int CANDIDATES = 300;
    /** Trigram similarity of a whole name to the query's words above which a name of the block is a candidate. */
    static final double LEAST_SIMILARITY = 0.4;

    /** A search by name: the words, and the filters that narrow it. */
    public record Query(String text, LocalDate birthDate, Integer birthYear, Sex sex, String office) {

        public String describe() {
            StringBuilder b = new StringBuilder("q=").append(text);
            if (birthDate != null) {
                b.append(";birthDate=").append(birthDate);
            }
            if (birthYear != null) {
                b.append(";birthYear=").append(birthYear);
            }
            if (sex != null) {
                b.append(";sex=").append(sex);
            }
            if (office != null) {
                b.append(";office=").append(office);
            }
            return b.toString();
        }
    }

    /** One person found: enough to tell people apart, the score and how each field agreed. */
    @Schema(name = "PersonHit")
    public record Hit(UUID personId, @Schema(example = "24.5") double score, List<PersonMatch.Agreement> fields,
                      @Schema(example = "Раҳимзода") String surname, @Schema(example = "Мадина") String givenName,
                      String patronymic, LatinName latin, Sex sex, LocalDate birthDate, String placeOfBirth,
                      String nationalId, Person.Status status,
                      @Schema(description = "A former name (e.g. before a marriage) when that is what matched") String matchedFormerName,
                      @Schema(description = "Full names of the parents (by birth, paternity or adoption)") List<String> parents) {
    }

    private final EntityManager em;
    private final AuditLog audit;
    private final NameVocabulary vocabulary;

    PersonSearch(EntityManager em, AuditLog audit, NameVocabulary vocabulary) {
        this.em = em;
        this.audit = audit;
        this.vocabulary = vocabulary;
    }

    /** The person with this national id (exact), as a page of at most one hit. */
    @Transactional
    public Page<Hit> byNationalId(Caller caller, String nationalId, String reason) {
        if (!nationalId.matches("\\d{6,20}")) {
            throw ProblemException.badRequest("NATIONAL_ID_INVALID");
        }
        List<Hit> hits = Person.findByNationalId(nationalId).map(p -> hit(p, null,
                PersonMatch.byNationalId(), parentsOf(List.of(p.id), caller))).stream().toList();
        auditSearch(caller, "nationalId=" + nationalId, hits, reason);
        return new Page<>(hits, null);
    }

    /** Persons by name, best first, after the cursor's position; persons and parents are read for the page only. */
    @Transactional
    public Page<Hit> byName(Caller caller, Query query, String cursor, int limit, String reason) {
        List<String> words = NameKeys.words(query.text());
        if (words.isEmpty() || words.size() > 4) {
            throw ProblemException.badRequest("SEARCH_QUERY_INVALID");
        }
        Page.Keys after = Page.Keys.decode(cursor, 2);
        List<Scored> ranked = scored(caller, query, words);
        List<Scored> rest = (after == null ? ranked.stream() : ranked.stream().filter(h -> isAfter(h,
                after.get(0, Double::parseDouble), after.get(1, UUID::fromString)))).limit(limit + 1L).toList();
        List<UUID> ids = rest.stream().map(h -> h.row().personId()).toList();
        Map<UUID, Person.Snapshot> persons = ids.isEmpty() ? Map.of() : Person.snapshots(ids);
        Map<UUID, List<String>> parents = ids.isEmpty() ? Map.of() : parentsOf(ids, caller);
        List<Hit> hits = rest.stream().map(s -> hit(persons.get(s.row().personId()),
                s.row().current() ? null : s.row().fullName(), s.score(), parents)).toList();
        Page<Hit> page = Page.of(hits, limit, Function.identity(),
                h -> new Page.Keys(List.of(Double.toString(h.score()), h.personId().toString())));
        auditSearch(caller, query.describe(), page.items(), reason);
        return page;
    }

    /** The persons whose names match the query and their scores, best first; nothing audited (the caller audits). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Double> scores(Caller caller, Query query) {
        List<String> words = NameKeys.words(query.text());
        if (words.isEmpty() || words.size() > 4) {
            throw ProblemException.badRequest("SEARCH_QUERY_INVALID");
        }
        Map<UUID, Double> scores = new LinkedHashMap<>();
        scored(caller, query, words).forEach(s -> scores.put(s.row().personId(), s.score().total()));
        return scores;
    }

    /**
     * Everyone in the index the details may describe, best first: used by the duplicate check. Nothing is audited
     * (no one is shown anything but the candidates' ids and scores).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Candidate> candidates(PersonDetails details, double threshold) {
        List<Candidate> found = new ArrayList<>();
        for (Row row : duplicateCandidates(details)) {
            PersonMatch.Score score = PersonMatch.compare(details, row.asDetails());
            if (score.atLeast(threshold) && found.stream().noneMatch(c -> c.personId().equals(row.personId()))) {
                found.add(new Candidate(row.personId(), score));
            }
        }
        found.sort(Comparator.comparingDouble((Candidate c) -> c.score().total()).reversed());
        return found;
    }

    /** A person the index may already hold, and how well they match. */
    public record Candidate(UUID personId, PersonMatch.Score score) {
    }

    /** Each person's best-scoring name row, best first, then by id. */
    private List<Scored> scored(Caller caller, Query query, List<String> words) {
        boolean archivist = caller.has(Roles.ARCHIVIST);
        // The names the matcher finds the same as or similar to the words; a trigram likeness of whole names only
        // where those are no one (a name mangled beyond what the matcher calls similar).
        List<Row> rows = rows(query, archivist, words, true);
        if (rows.isEmpty()) {
            rows = rows(query, archivist, words, false);
        }
        Map<UUID, Scored> best = new LinkedHashMap<>();
        for (Row row : rows) {
            PersonMatch.Score score = bestAssignment(words, query, row);
            best.merge(row.personId(), new Scored(row, score), (a, b) -> a.score().total() >= b.score().total() ? a : b);
        }
        return best.values().stream()
                .sorted(Comparator.comparingDouble((Scored s) -> s.score().total()).reversed()
                        .thenComparing(s -> s.row().personId()))
                .toList();
    }

    private record Scored(Row row, PersonMatch.Score score) {
    }

    private static boolean isAfter(Scored h, double score, UUID id) {
        return h.score().total() < score || (h.score().total() == score && h.row().personId().compareTo(id) > 0);
    }

    /** The words may be in any order: surname, given name, patronymic in whichever places score best. */
    private static PersonMatch.Score bestAssignment(List<String> words, Query query, Row row) {
        PersonDetails candidate = row.asDetails();
        PersonMatch.Score best = null;
        for (List<String> order : orders(words)) {
            String surname = order.get(0);
            String given = order.size() > 1 ? order.get(1) : null;
            String patronymic = order.size() > 2 ? String.join(" ", order.subList(2, order.size())) : null;
            PersonMatch.Score s = PersonMatch.compare(new PersonDetails(null, surname, given, patronymic, null,
                    query.sex(), query.birthDate(), null, null, null), candidate);
            if (words.size() == 1) {
                PersonMatch.Score asGiven = PersonMatch.compare(new PersonDetails(null, null, surname, null, null,
                        query.sex(), query.birthDate(), null, null, null), candidate);
                s = asGiven.total() > s.total() ? asGiven : s;
            }
            if (best == null || s.total() > best.total()) {
                best = s;
            }
        }
        return best;
    }

    private static List<List<String>> orders(List<String> words) {
        if (words.size() <= 1) {
            return List.of(words);
        }
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (int j = 0; j < words.size(); j++) {
                if (i != j) {
                    List<String> order = new ArrayList<>(List.of(words.get(i), words.get(j)));
                    for (int k = 0; k < words.size(); k++) {
                        if (k != i && k != j) {
                            order.add(words.get(k));
                        }
                    }
                    orders.add(order);
                }
            }
        }
        return orders;
    }

    /** A name row of the index: whose, which name, current or former. */
    record Row(UUID personId, String surname, String givenName, String patronymic, Sex sex, LocalDate birthDate,
               String placeOfBirth, String nationalId, boolean current) {

        PersonDetails asDetails() {
            return new PersonDetails(personId, surname, givenName, patronymic, null, sex, birthDate, placeOfBirth, null,
                    nationalId);
        }

        String fullName() {
            return PersonDetails.fullName(surname, givenName, patronymic);
        }
    }

    /**
     * The index's names a duplicate may hide behind: those that share a block with the details ({@link DuplicateBlocks}),
     * found through the name-and-date indexes. A birth date further off cannot reach the threshold (see PersonMatch).
     */
    @SuppressWarnings("unchecked")
    private List<Row> duplicateCandidates(PersonDetails d) {
        if (d.surname() == null || d.givenName() == null) {
            return List.of();
        }
        // The names first (each block on its index), the persons joined to at most CANDIDATES of them by key.
        String select = "SELECT n.person_id, n.surname, n.given_name, n.patronymic, n.current FROM person_name n";
        String names = d.birthDate() == null ? select + " WHERE n.key_given = :given AND n.key_stem = :stem"
                : DuplicateBlocks.candidatesSql(select);
        var q = em.createNativeQuery("""
                SELECT c.person_id, c.surname, c.given_name, c.patronymic, p.sex, p.birth_date, p.place_of_birth,
                       p.national_id, c.current
                FROM (%s LIMIT %d) c JOIN person p ON p.id = c.person_id""".formatted(names, CANDIDATES));
        if (d.birthDate() == null) {
            q.setParameter("given", NameKeys.given(d.givenName())).setParameter("stem", NameKeys.surnameStem(d.surname()));
        } else {
            DuplicateBlocks.parameters(d).forEach(q::setParameter);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(PersonSearch::row).toList();
    }

    private static Row row(Object[] r) {
        return new Row((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], r[4] == null ? null : Sex.valueOf((String) r[4]),
                Timestamps.date(r[5]), (String) r[6], (String) r[7], (Boolean) r[8]);
    }

    /**
     * The name rows the words may stand for, {@code byKeys}: those whose keys the matcher finds the same as or SIMILAR to
     * the words' ({@link NameVocabulary}), at least two of given name, surname and patronymic (one, of a one-word
     * query), the names with more of the words' own keys first; else the names of the words' blocks (a word's
     * given-name key or surname stem) most like the words as a whole (trigram similarity), of several words only those
     * like them enough. Both on the blocks' indexes with the birth date, which carry every column read here. The
     * persons are read only when sex or office narrow the search (the page's persons are read after).
     */
    @SuppressWarnings("unchecked")
    private List<Row> rows(Query query, boolean archivist, List<String> words, boolean byKeys) {
        LocalDate birthDate = query.birthDate();
        Integer birthYear = query.birthYear();
        Sex sex = query.sex();
        String office = query.office();
        boolean narrowByPerson = sex != null || office != null;
        Map<String, Object> params = new HashMap<>();
        params.put("givens", words.stream().map(NameKeys::given).distinct().toArray(String[]::new));
        params.put("stems", words.stream().map(NameKeys::surnameStem).distinct().toArray(String[]::new));
        // What a name row of either block must also be; the blocks themselves below.
        StringBuilder also = new StringBuilder();
        if (!archivist) {
            also.append(" AND NOT n.sealed");
        }
        if (birthDate != null) {
            also.append(" AND n.birth_date BETWEEN :bornFrom AND :bornTo");
            params.put("bornFrom", birthDate.minusDays(PersonMatch.DAYS));
            params.put("bornTo", birthDate.plusDays(PersonMatch.DAYS));
        }
        if (birthYear != null) {
            also.append(" AND n.birth_date >= :yearFrom AND n.birth_date < :yearTo");
            params.put("yearFrom", LocalDate.of(birthYear, 1, 1));
            params.put("yearTo", LocalDate.of(birthYear + 1, 1, 1));
        }
        if (sex != null) {
            also.append(" AND p.sex = :sex");
            params.put("sex", sex.name());
        }
        if (office != null) {
            also.append(" AND EXISTS (SELECT 1 FROM act_party ap JOIN act a ON a.id = ap.act_id WHERE ap.person_id = p.id AND a.office = :office)");
            params.put("office", office);
        }
        String first, second, order;
        if (byKeys) {
            boolean one = words.size() == 1;
            Map<NameVocabulary.Kind, List<String>> similar = one
                    ? vocabulary.similar(words, NameVocabulary.Kind.GIVEN, NameVocabulary.Kind.STEM)
                    : vocabulary.similar(words, NameVocabulary.Kind.values());
            similar.forEach((kind, keys) -> params.put(switch (kind) {
                case GIVEN -> "similarGivens";
                case STEM -> "similarStems";
                case PATRONYMIC -> "similarPatronymics";
            }, keys.toArray(String[]::new)));
            params.put("patronymics", words.stream().map(NameKeys::patronymicStem).distinct().toArray(String[]::new));
            first = among("given", "similarGivens")
                    + (one ? "" : " AND (" + among("stem", "similarStems") + " OR "
                    + among("patronymic", "similarPatronymics") + ")");
            second = among("stem", "similarStems") + " AND NOT " + among("given", "similarGivens")
                    + (one ? "" : " AND " + among("patronymic", "similarPatronymics"));
            order = "(CASE WHEN " + among("given", "givens") + " THEN 1 ELSE 0 END + CASE WHEN " + among("stem", "stems")
                    + " THEN 1 ELSE 0 END + CASE WHEN " + among("patronymic", "patronymics") + " THEN 1 ELSE 0 END)";
        } else {
            params.put("key", String.join(" ", words.stream().map(NameKeys::given).toList()));
            String alike = words.size() > 1 ? " AND (" + among("given", "givens") + " AND " + among("stem", "stems")
                    + " OR similarity(n.key_name, :key) >= " + LEAST_SIMILARITY + ")" : "";
            first = among("given", "givens") + alike;
            second = among("stem", "stems") + " AND NOT " + among("given", "givens") + alike;
            order = "similarity(n.key_name, :key)";
        }
        // The two blocks as two scans of their own indexes (index-only where the rows are all visible); an OR of both
        // would be a bitmap scan, which reads every row's heap page. A name is scored against the words and what the
        // query states (sex, birth date): the name row's own birth date serves.
        String select = "SELECT n.person_id, n.surname, n.given_name, n.patronymic, "
                + (narrowByPerson ? "p.sex, " : "CAST(NULL AS text) AS sex, ") + "n.birth_date, n.current, "
                + order + " AS rank FROM person_name n" + (narrowByPerson ? " JOIN person p ON p.id = n.person_id" : "");
        String names = select + " WHERE " + first + also + " UNION ALL " + select + " WHERE " + second + also
                + " ORDER BY rank DESC LIMIT " + CANDIDATES;
        // The keys come as arrays, so one statement text serves every query of a shape; PostgreSQL would still plan
        // it anew at every execution (its estimate for unknown arrays favours custom plans), which cost a third of the
        // query: the generic plan is the same scans.
        em.createNativeQuery("SET LOCAL plan_cache_mode = force_generic_plan").executeUpdate();
        var q = em.createNativeQuery("""
                SELECT c.person_id, c.surname, c.given_name, c.patronymic, c.sex, c.birth_date, CAST(NULL AS text),
                       CAST(NULL AS text), c.current
                FROM (%s) c""".formatted(names));
        params.forEach(q::setParameter);
        List<Object[]> rows = q.getResultList();
        em.createNativeQuery("SET LOCAL plan_cache_mode = auto").executeUpdate(); // for the rest of the transaction
        return rows.stream().map(PersonSearch::row).toList();
    }

    /**
     * Whether the name row's key (n.key_{@code key}) is one of the array parameter's: one statement text, planned once,
     * whatever the number of keys (a missing patronymic's NULL is false in WHERE, OR and CASE).
     */
    private static String among(String key, String param) {
        return "n.key_" + key + " = ANY(CAST(:" + param + " AS text[]))";
    }

    /**
     * Parents' full names per person (by birth, paternity or adoption): links an adoption sealed only for archivists.
     * One query with the persons as an array (one statement text, planned once, whatever the page's size).
     */
    @SuppressWarnings("unchecked")
    private Map<UUID, List<String>> parentsOf(List<UUID> persons, Caller caller) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT l.person_id, r.surname, r.given_name, r.patronymic
                        FROM person_link l JOIN person r ON r.id = l.related_id
                        WHERE l.person_id = ANY(CAST(?1 AS uuid[])) AND l.kind IN ('PARENT', 'ADOPTER')"""
                        + (caller.has(Roles.ARCHIVIST) ? "" : " AND NOT l.sealed") + " ORDER BY l.person_id, l.id")
                .setParameter(1, persons.toArray(UUID[]::new)).getResultList();
        Map<UUID, List<String>> parents = new HashMap<>();
        for (Object[] r : rows) {
            parents.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new PersonDetails(null, (String) r[1],
                    (String) r[2], (String) r[3], null, null, null, null, null, null).fullName());
        }
        return parents;
    }

    private static Hit hit(Person p, String matchedFormerName, PersonMatch.Score score, Map<UUID, List<String>> parents) {
        return hit(new Person.Snapshot(p.details(), p.birthActId, p.status), matchedFormerName, score, parents);
    }

    private static Hit hit(Person.Snapshot p, String matchedFormerName, PersonMatch.Score score, Map<UUID, List<String>> parents) {
        PersonDetails d = p.details();
        return new Hit(d.personId(), score.total(), score.fields(), d.surname(), d.givenName(), d.patronymic(), d.latin(),
                d.sex(), d.birthDate(), d.placeOfBirth(), d.nationalId(), p.status(), matchedFormerName,
                parents.getOrDefault(d.personId(), List.of()));
    }

    private void auditSearch(Caller caller, String asked, List<Hit> shown, String reason) {
        auditSearch(caller, "PERSON", asked, shown.stream().map(Hit::personId).toList(), reason);
    }

    /**
     * One audit entry per search (what was asked) and the persons it showed, for their access logs (each once: the
     * entry is new, so no hit can be there already).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void auditSearch(Caller caller, String recordType, String asked, List<UUID> shown, String reason) {
        AuditLog.Row row = audit.append(caller, new AuditLog.Entry("SEARCH", recordType, asked, reason));
        if (!shown.isEmpty()) {
            em.createNativeQuery("""
                            INSERT INTO audit_hit (person_id, audit_id)
                            SELECT DISTINCT person, ?2 FROM unnest(CAST(?1 AS uuid[])) AS person""")
                    .setParameter(1, shown.toArray(UUID[]::new)).setParameter(2, row.id()).executeUpdate();
        }
    }
}
