package org.sabt.registry.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.reference.ReferenceData;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts of acts for data-driven governance, grouped by any of type, office, region, month (of the event), sex and
 * age group (of the act's principal person: the child, the deceased, the person renamed), for events in a period:
 * registered, amended and annulled acts, late registrations and their share, and the median days from the event to
 * its registration. For the statistics agency every count under 5 is suppressed (and said to be), so that no cell
 * points at a person; no name ever leaves this class.
 */
@ApplicationScoped
public class ActStatistics {

    /** The smallest count the statistics agency is shown. */
    public static final int SMALLEST_CELL = 5;

    public enum Dimension {
        TYPE("a.type"),
        OFFICE("a.office"),
        REGION("r.region"),
        MONTH("to_char(a.event_date, 'YYYY-MM')"),
        SEX("COALESCE(a.payload->'child'->>'sex', a.payload->'deceased'->>'sex', a.payload->'person'->>'sex')"),
        AGE_GROUP("""
                CASE WHEN a.type = 'BIRTH' THEN '0'
                     WHEN p.born IS NULL THEN NULL
                     WHEN extract(year FROM age(a.event_date, p.born)) < 1 THEN '0'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 5 THEN '1-4'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 15 THEN '5-14'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 18 THEN '15-17'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 30 THEN '18-29'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 45 THEN '30-44'
                     WHEN extract(year FROM age(a.event_date, p.born)) < 65 THEN '45-64'
                     ELSE '65+' END""");

        final String sql;

        Dimension(String sql) {
            this.sql = sql;
        }

        /** The query parameter's spelling: type, office, region, month, sex, ageGroup. */
        public String key() {
            return this == AGE_GROUP ? "ageGroup" : name().toLowerCase(Locale.ROOT);
        }

        static Dimension of(String key) {
            for (Dimension d : values()) {
                if (d.key().equals(key.strip())) {
                    return d;
                }
            }
            throw ProblemException.badRequest("GROUP_BY_INVALID", key);
        }
    }

    /** One cell of the table: its group and its figures; a suppressed figure is null and named in suppressed. */
    @Schema(name = "ActStatisticsRow")
    public record Row(@Schema(description = "The group, by dimension", example = "{\"type\":\"BIRTH\",\"region\":\"KHT\"}")
                      Map<String, String> group,
                      @Schema(example = "412") Long registered, @Schema(example = "9") Long amended,
                      @Schema(example = "1") Long annulled, @Schema(example = "37") Long late,
                      @Schema(description = "late / registered", example = "0.0898") Double lateShare,
                      @Schema(description = "Median days from the event to its registration", example = "6") Double medianDaysToRegister,
                      @Schema(description = "The figures withheld because a count was under 5") List<String> suppressed) {
    }

    /** The table: what it is grouped by, the period, whether small cells were suppressed, and its rows. */
    @Schema(name = "ActStatistics")
    public record Table(List<String> groupBy, LocalDate from, LocalDate to, boolean smallCellsSuppressed, List<Row> rows) {
    }

    private final EntityManager em;
    private final String regions;

    ActStatistics(EntityManager em) {
        this.em = em;
        this.regions = ReferenceData.rows("offices.csv").stream()
                .map(f -> "('" + f[0].replace("'", "") + "','" + f[1].replace("'", "") + "')")
                .collect(Collectors.joining(","));
    }

    /** Parses groupBy=type,office,... (empty: one row for everything). */
    public static List<Dimension> dimensions(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return List.of();
        }
        List<Dimension> dims = new ArrayList<>();
        for (String key : groupBy.split(",")) {
            Dimension d = Dimension.of(key);
            if (!dims.contains(d)) {
                dims.add(d);
            }
        }
        return dims;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Table acts(List<Dimension> groupBy, LocalDate from, LocalDate to, boolean suppressSmallCells) {
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("DATE_RANGE_INVALID");
        }
        String keys = groupBy.stream().map(d -> d.sql + " AS " + d.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        String groups = groupBy.isEmpty() ? "" : " GROUP BY " + java.util.stream.IntStream.rangeClosed(1, groupBy.size())
                .mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String sql = "SELECT " + (keys.isEmpty() ? "" : keys + ", ") + """
                count(*),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM act_version v WHERE v.act_id = a.id AND v.change = 'AMENDED')),
                count(*) FILTER (WHERE a.status = 'ANNULLED'),
                count(*) FILTER (WHERE a.payload->>'late' = 'true'),
                percentile_cont(0.5) WITHIN GROUP (ORDER BY a.registration_date - a.event_date)
                FROM act a
                LEFT JOIN (VALUES""" + " " + regions + """
                ) r(office, region) ON r.office = a.office
                CROSS JOIN LATERAL (SELECT CAST(COALESCE(a.payload->'deceased'->>'birthDate', a.payload->'person'->>'birthDate',
                                               a.payload->'child'->>'birthDate') AS date) AS born) p
                WHERE (CAST(:from AS date) IS NULL OR a.event_date >= CAST(:from AS date))
                  AND (CAST(:to AS date) IS NULL OR a.event_date <= CAST(:to AS date))""" + groups
                + (groupBy.isEmpty() ? "" : " ORDER BY " + groups.substring(" GROUP BY ".length()));
        List<Object[]> result = em.createNativeQuery(sql).setParameter("from", from).setParameter("to", to).getResultList();
        List<Row> rows = new ArrayList<>();
        for (Object raw : result) {
            Object[] r = raw instanceof Object[] a ? a : new Object[]{raw};
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                group.put(groupBy.get(i).key(), r[i] == null ? null : r[i].toString());
            }
            int at = groupBy.size();
            rows.add(row(group, ((Number) r[at]).longValue(), ((Number) r[at + 1]).longValue(),
                    ((Number) r[at + 2]).longValue(), ((Number) r[at + 3]).longValue(),
                    r[at + 4] == null ? null : ((Number) r[at + 4]).doubleValue(), suppressSmallCells));
        }
        return new Table(groupBy.stream().map(Dimension::key).toList(), from, to, suppressSmallCells, rows);
    }

    private static Row row(Map<String, String> group, long registered, long amended, long annulled, long late,
                           Double median, boolean suppress) {
        Double share = registered == 0 ? null : Math.round(late * 10_000.0 / registered) / 10_000.0;
        if (!suppress) {
            return new Row(group, registered, amended, annulled, late, share, median, List.of());
        }
        List<String> suppressed = new ArrayList<>();
        boolean fewActs = registered < SMALLEST_CELL;
        Long shownRegistered = keep("registered", registered, fewActs, suppressed);
        Long shownAmended = keep("amended", amended, fewActs || small(amended), suppressed);
        Long shownAnnulled = keep("annulled", annulled, fewActs || small(annulled), suppressed);
        Long shownLate = keep("late", late, fewActs || small(late), suppressed);
        if (fewActs || small(late)) {
            suppressed.add("lateShare");
            share = null;
        }
        if (fewActs) {
            suppressed.add("medianDaysToRegister");
            median = null;
        }
        return new Row(group, shownRegistered, shownAmended, shownAnnulled, shownLate, share, median, suppressed);
    }

    /** A count of 1 to 4 (0 says nothing about anyone). */
    private static boolean small(long n) {
        return n > 0 && n < SMALLEST_CELL;
    }

    /** A count as shown: withheld (and named) when asked to, unless it is 0, which says nothing about anyone. */
    private static Long keep(String name, long value, boolean withhold, List<String> suppressed) {
        if (withhold && value != 0) {
            suppressed.add(name);
            return null;
        }
        return value;
    }
}
