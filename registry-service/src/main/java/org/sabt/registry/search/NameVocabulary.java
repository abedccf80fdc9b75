package org.sabt.registry.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The index's distinct name keys (given names, surname stems, patronymic stems; table name_key, kept by a trigger on
 * person_name), held in memory, and for a word the keys the matcher finds the same as or SIMILAR to it
 * ({@link PersonMatch#similarGivenKeys}, {@link PersonMatch#similarStems}, {@link PersonMatch#similarPatronymicKeys}).
 * A search asks PostgreSQL for the names with those keys instead of a trigram similarity of every name of a block.
 * <p>
 * Up to date at every use: the rows with a higher id than seen are read (one index probe when there are none), and the
 * ids skipped below it, which a transaction still open may have taken (it commits after a later one); an id skipped
 * for {@link #GAPS_KEPT} was rolled back. A word's keys are remembered, and only the keys added since are compared
 * with it at its next search.
 */
@ApplicationScoped
public class NameVocabulary {

    /** The kinds of key, as name_key.kind names them. */
    public enum Kind { GIVEN, STEM, PATRONYMIC }

    /**
     * How long an id skipped by the sequence is looked for (a transaction that took it and is still open: a
     * registration's is open for a second, an archive chunk's for seconds); then it was rolled back.
     */
    static final Duration GAPS_KEPT = Duration.ofMinutes(10);
    /**
     * Ids skipped further than this below the highest are not looked for: older ones, seen at start, were rolled back
     * long ago, and no transaction holds a key while a thousand new keys are committed after it.
     */
    static final int GAP_SPAN = 1_000;
    /** At most this many words' keys are remembered; when full, they are forgotten and compared again as asked. */
    static final int WORDS_REMEMBERED = 50_000;

    /** What has been read: the keys of each kind in the order of their ids, the highest id, and the ids skipped. */
    private record Snapshot(Map<Kind, List<String>> keys, long seen, Map<Long, Instant> gaps) {
    }

    /** A word's keys of one kind among the first {@code compared} keys of that kind. */
    private record Similar(int compared, List<String> keys) {
    }

    private final EntityManager em;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(emptyKeys(), 0, Map.of());
    private final Map<String, Similar> remembered = new ConcurrentHashMap<>();

    NameVocabulary(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * The keys of {@code kind} any of the words (keys of {@link NameKeys#words}) may be, their own among them, in the
     * vocabulary as it is now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Kind, List<String>> similar(List<String> words, Kind... kinds) {
        Snapshot now = current();
        Map<Kind, List<String>> similar = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            similar.put(kind, words.stream().flatMap(w -> similar(now, kind, w).stream()).distinct().toList());
        }
        return similar;
    }

    private List<String> similar(Snapshot now, Kind kind, String word) {
        List<String> keys = now.keys().get(kind);
        String id = kind.name() + ":" + word;
        Similar known = remembered.get(id);
        if (known == null || known.compared() < keys.size()) {
            List<String> matched = new ArrayList<>(known == null ? List.of() : known.keys());
            matched.addAll(matching(kind).apply(word, keys.subList(known == null ? 0 : known.compared(), keys.size())));
            if (remembered.size() >= WORDS_REMEMBERED) {
                remembered.clear();
            }
            known = new Similar(keys.size(), List.copyOf(matched));
            remembered.put(id, known);
        }
        String own = own(kind, word);
        if (own.isEmpty() || known.keys().contains(own)) {
            return known.keys();
        }
        List<String> withOwn = new ArrayList<>(known.keys());
        withOwn.add(own); // a key no name has yet is still the word's own
        return withOwn;
    }

    /**
     * Each name's keys of {@code kind} (as {@link #similar(List, Kind...)} finds a word's), the vocabulary read once: the
     * archive's chunk asks for thousands of names, and the names of one chunk come again in the next.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, List<String>> similarEach(Kind kind, Collection<String> names) {
        Snapshot now = current();
        Map<String, List<String>> similar = new HashMap<>();
        names.forEach(name -> similar.put(name, similar(now, kind, name)));
        return similar;
    }

    /** The distinct keys of one kind in the index, as last read. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keys(Kind kind) {
        return current().keys().get(kind);
    }

    /** The word's own key of this kind, as the matcher folds it. */
    static String own(Kind kind, String word) {
        return switch (kind) {
            case GIVEN -> NameKeys.given(word);
            case STEM -> NameKeys.surnameStem(word);
            case PATRONYMIC -> NameKeys.patronymicStem(word);
        };
    }

    /** Which of the keys the matcher finds the same as or similar to the word. */
    private static BiFunction<String, List<String>, List<String>> matching(Kind kind) {
        return switch (kind) {
            case GIVEN -> PersonMatch::similarGivenKeys;
            case STEM -> PersonMatch::similarStems;
            case PATRONYMIC -> PersonMatch::similarPatronymicKeys;
        };
    }

    /** The snapshot with whatever name_key holds beyond it. */
    @SuppressWarnings("unchecked")
    private Snapshot current() {
        Snapshot before = snapshot;
        // Without gaps (nearly always), a statement planned once.
        List<Object[]> rows = before.gaps().isEmpty()
                ? em.createNativeQuery("SELECT id, kind, key FROM name_key WHERE id > ?1 ORDER BY id")
                .setParameter(1, before.seen()).getResultList()
                : em.createNativeQuery("SELECT id, kind, key FROM name_key WHERE id > ?1 OR id = ANY(CAST(?2 AS bigint[])) ORDER BY id")
                .setParameter(1, before.seen()).setParameter(2, before.gaps().keySet().toArray(Long[]::new))
                .getResultList();
        Instant now = clock.instant();
        boolean expired = before.gaps().values().stream().anyMatch(since -> since.plus(GAPS_KEPT).isBefore(now));
        if (rows.isEmpty() && !expired) {
            return before;
        }
        synchronized (this) {
            Snapshot latest = snapshot;
            Map<Kind, List<String>> keys = new EnumMap<>(Kind.class);
            latest.keys().forEach((k, v) -> keys.put(k, new ArrayList<>(v)));
            Map<Kind, Set<String>> known = new EnumMap<>(Kind.class);
            Map<Long, Instant> gaps = new HashMap<>(latest.gaps());
            long seen = latest.seen();
            for (Object[] row : rows) {
                long id = ((Number) row[0]).longValue();
                if (id > seen) {
                    for (long skipped = Math.max(seen + 1, id - GAP_SPAN); skipped < id; skipped++) {
                        gaps.put(skipped, now);
                    }
                    seen = id;
                } else if (gaps.remove(id) == null) {
                    continue; // read by another search meanwhile
                }
                Kind kind = Kind.valueOf((String) row[1]);
                // Two statements that brought one new key at once both added it (name_key has no unique constraint).
                if (known.computeIfAbsent(kind, k -> new HashSet<>(keys.get(k))).add((String) row[2])) {
                    keys.get(kind).add((String) row[2]);
                }
            }
            gaps.values().removeIf(since -> since.plus(GAPS_KEPT).isBefore(now));
            keys.replaceAll((k, v) -> List.copyOf(v));
            snapshot = new Snapshot(Map.copyOf(keys), seen, Map.copyOf(gaps));
            return snapshot;
        }
    }

    private static Map<Kind, List<String>> emptyKeys() {
        return Map.of(Kind.GIVEN, List.of(), Kind.STEM, List.of(), Kind.PATRONYMIC, List.of());
    }
}
