package org.sabt.registry.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.registry.act.ActStatus;
import org.sabt.registry.act.ActType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Finds acts by type, office, event date and the names of any party (the person search's matching), for staff,
 * keyset-paged and audited like a person search.
 */
@ApplicationScoped
public class ActSearch {

    /** What to look for; every part optional. */
    public record Query(ActType type, String office, LocalDate from, LocalDate to, String names) {

        String describe() {
            return "type=" + type + ";office=" + office + ";from=" + from + ";to=" + to + ";q=" + names;
        }
    }

    /** An act found: its number, dates, status and the names of its parties. */
    @Schema(name = "ActHit")
    public record Hit(UUID actId, ActType type, @Schema(example = "BIR-KHT02-2026-000123") String registrationNumber,
                      String office, LocalDate eventDate, LocalDate registrationDate, ActStatus status,
                      @Schema(description = "The matcher's score of the best matching party; absent without q") Double score,
                      List<Party> parties) {
    }

    /** A party of an act found. */
    @Schema(name = "ActHitParty")
    public record Party(@Schema(example = "MOTHER") String role, UUID personId, String fullName) {
    }

    /** A page of acts found. */
    @Schema(name = "ActSearchPage")
    public record Results(List<Hit> items, @Schema(description = "Absent on the last page") String nextCursor) {
    }

    /** A parent in a birth record an adoption sealed: shown to, and found by, archivists only. */
    private static final String SEALED_PARTY = "EXISTS (SELECT 1 FROM person_link l WHERE l.act_id = ap.act_id "
            + "AND l.related_id = ap.person_id AND l.sealed)";

    private final EntityManager em;
    private final PersonSearch persons;

    ActSearch(EntityManager em, PersonSearch persons) {
        this.em = em;
        this.persons = persons;
    }

    @Transactional
    public Results search(Caller caller, Query query, String cursor, int limit, String reason) {
        if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
            throw ProblemException.badRequest("DATE_RANGE_INVALID");
        }
        Page<Hit> page;
        if (query.names() == null || query.names().isBlank()) {
            page = byFilters(caller, query, cursor, limit);
        } else {
            page = byNames(caller, query, cursor, limit);
        }
        persons.auditSearch(caller, "ACT", query.describe(), page.items().stream()
                .flatMap(h -> h.parties().stream()).map(Party::personId).toList(), reason);
        return new Results(page.items(), page.nextCursor());
    }

    /** Newest event first, by the filters alone. */
    private Page<Hit> byFilters(Caller caller, Query query, String cursor, int limit) {
        Page.Keys after = Page.Keys.decode(cursor, 2);
        StringBuilder where = new StringBuilder("WHERE true");
        Map<String, Object> params = new HashMap<>();
        filters(query, where, params);
        if (after != null) {
            where.append(" AND (a.event_date, a.id) < (:afterDate, :afterId)");
            params.put("afterDate", after.get(0, LocalDate::parse));
            params.put("afterId", after.get(1, UUID::fromString));
        }
        List<Hit> rows = hits(caller, where + " ORDER BY a.event_date DESC, a.id DESC LIMIT " + (limit + 1), params, Map.of());
        return Page.of(rows, limit, Function.identity(), h -> new Page.Keys(List.of(h.eventDate().toString(),
                h.actId().toString())));
    }

    /** The acts of the persons the names match, best party score first. */
    private Page<Hit> byNames(Caller caller, Query query, String cursor, int limit) {
        Page.Keys after = Page.Keys.decode(cursor, 2);
        Map<UUID, Double> scores = persons.scores(caller, new PersonSearch.Query(query.names(), null, null, null, null));
        if (scores.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        StringBuilder where = new StringBuilder("WHERE a.id IN (SELECT ap.act_id FROM act_party ap WHERE ap.person_id IN (:persons)"
                + (caller.has(Roles.ARCHIVIST) ? ")" : " AND NOT " + SEALED_PARTY + ")"));
        Map<String, Object> params = new HashMap<>(Map.of("persons", List.copyOf(scores.keySet())));
        filters(query, where, params);
        List<Hit> ranked = hits(caller, where.toString(), params, scores).stream()
                .sorted(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::actId)).toList();
        List<Hit> rest = after == null ? ranked : ranked.stream().filter(h -> {
            double s = after.get(0, Double::parseDouble);
            UUID id = after.get(1, UUID::fromString);
            return h.score() < s || (h.score() == s && h.actId().compareTo(id) > 0);
        }).toList();
        return Page.of(rest, limit, Function.identity(),
                h -> new Page.Keys(List.of(Double.toString(h.score()), h.actId().toString())));
    }

    private static void filters(Query query, StringBuilder where, Map<String, Object> params) {
        if (query.type() != null) {
            where.append(" AND a.type = :type");
            params.put("type", query.type().name());
        }
        if (query.office() != null) {
            where.append(" AND a.office = :office");
            params.put("office", query.office());
        }
        if (query.from() != null) {
            where.append(" AND a.event_date >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.append(" AND a.event_date <= :to");
            params.put("to", query.to());
        }
    }

    @SuppressWarnings("unchecked")
    private List<Hit> hits(Caller caller, String where, Map<String, Object> params, Map<UUID, Double> scores) {
        var q = em.createNativeQuery("""
                SELECT a.id, a.type, a.registration_number, a.office, a.event_date, a.registration_date, a.status
                FROM act a\s""" + where);
        params.forEach(q::setParameter);
        List<Object[]> acts = q.getResultList();
        if (acts.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<Party>> parties = new HashMap<>();
        Map<UUID, Double> best = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT ap.act_id, ap.role, p.id, p.surname, p.given_name, p.patronymic FROM act_party ap
                        JOIN person p ON p.id = ap.person_id WHERE ap.act_id IN (?1)""" + (caller.has(Roles.ARCHIVIST) ? ""
                        : " AND NOT " + SEALED_PARTY) + " ORDER BY ap.role")
                .setParameter(1, acts.stream().map(r -> (UUID) r[0]).toList()).getResultList();
        for (Object[] r : rows) {
            UUID act = (UUID) r[0];
            UUID person = (UUID) r[2];
            String name = String.join(" ", (String) r[3], (String) r[4], r[5] == null ? "" : (String) r[5]).strip();
            parties.computeIfAbsent(act, k -> new ArrayList<>()).add(new Party((String) r[1], person, name));
            if (scores.containsKey(person)) {
                best.merge(act, scores.get(person), Math::max);
            }
        }
        return acts.stream().map(r -> new Hit((UUID) r[0], ActType.valueOf((String) r[1]), (String) r[2], (String) r[3],
                Timestamps.date(r[4]), Timestamps.date(r[5]), ActStatus.valueOf((String) r[6]), scores.isEmpty() ? null : best.get((UUID) r[0]),
                parties.getOrDefault((UUID) r[0], List.of()))).toList();
    }
}
