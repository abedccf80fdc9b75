package org.sabt.bench;

import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.sabt.registry.search.NameKeys;
import org.sabt.registry.search.PopulationGenerator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 5: the registry holding a million persons made by the registry tests' generator. Search by national id and
 * by name through the service, beside the same queries on raw PostgreSQL; what the duplicate check costs a birth
 * registration (the service's own timer, read beside the registration's latency in the same run); and the rate at
 * which the archive import works off a file.
 */
final class RegistryAtScale {

    static final String BIRTHS = "births direct, 1,000,000 persons";
    static final String BIRTHS_UNCHECKED = "the same, duplicate check off";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final Bench bench;
    private final String registry;
    private final Path names;

    RegistryAtScale(Bench bench, String registry) {
        this.bench = bench;
        this.registry = registry;
        this.names = Path.of(bench.env.getOrDefault("SABT_REPO", ".")).resolve("../shared/data/names.csv");
    }

    private Connection database() throws SQLException {
        return bench.database("registry");
    }

    /**
     * Copies the population straight into the person index (COPY), then waits while the registry keys it for search
     * (its background keying of persons loaded in bulk). Returns every 500th person, to be searched for.
     */
    List<PopulationGenerator.Someone> seedPopulation(int size) throws Exception {
        PopulationGenerator generator = new PopulationGenerator(1, Files.newInputStream(names));
        List<PopulationGenerator.Someone> sample = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Connection c = database()) {
            c.setAutoCommit(false);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    COPY person (id, surname, given_name, patronymic, sex, birth_date, place_of_birth, national_id, status,
                                 marital_status, created_at) FROM STDIN WITH (FORMAT csv)""");
            StringBuilder rows = new StringBuilder();
            String now = Instant.now().toString();
            generator.population(size, p -> {
                if (p.index() % 500 == 0) {
                    sample.add(p);
                }
                rows.append(UUID.nameUUIDFromBytes(("bench-person-" + p.index()).getBytes(StandardCharsets.UTF_8)))
                        .append(',').append(p.surname()).append(',').append(p.givenName()).append(',')
                        .append(p.patronymic() == null ? "" : p.patronymic()).append(',').append(p.sex()).append(',')
                        .append(p.birthDate()).append(',').append(p.placeOfBirth()).append(',')
                        .append(p.nationalId() == null ? "" : p.nationalId()).append(",ALIVE,SINGLE,").append(now).append('\n');
                if (rows.length() > 1 << 20) {
                    write(copy, rows);
                }
            });
            write(copy, rows);
            copy.endCopy();
            c.commit();
            System.out.printf("  %,d persons copied in %.1f s; the registry keys them for search ...%n", size,
                    (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            c.setAutoCommit(true);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                try (var rs = c.createStatement().executeQuery(
                        "SELECT (SELECT count(*) FROM person) - (SELECT count(DISTINCT person_id) FROM person_name)")) {
                    rs.next();
                    return rs.getLong(1) <= 0;
                }
            });
            // As after any bulk load into PostgreSQL: statistics, and the visibility map that index-only scans need.
            c.createStatement().execute("VACUUM (ANALYZE) person");
            c.createStatement().execute("VACUUM (ANALYZE) person_name");
            System.out.printf("  keyed in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        }
        return sample;
    }

    private static void write(CopyIn copy, StringBuilder rows) {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        rows.setLength(0);
    }

    /**
     * The searches go over keep-alive connections of the bench's own ({@link LeanHttp}): the JDK's HttpClient does its
     * I/O on one selector thread, which would be what is measured at 8 and 32 clients.
     */
    private final LeanHttp.Pool connections = new LeanHttp.Pool();

    Bench.Result searchByNationalId(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        List<String> ids = sample.stream().map(PopulationGenerator.Someone::nationalId).filter(Objects::nonNull).toList();
        AtomicInteger next = new AtomicInteger();
        return bench.run("person search by national id", clients, () -> {
            String id = ids.get(Math.floorMod(next.getAndIncrement(), ids.size()));
            LeanHttp.Answer r = connections.with(registry, http -> http.get("/api/v1/persons?nationalId=" + id, token, "bench"));
            return r.status() == 200 && r.body().contains(id);
        });
    }

    /** A registrar types a name as another clerk wrote it (another script, form, or a typo) and the birth year. */
    Bench.Result searchByName(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        PopulationGenerator variations = new PopulationGenerator(2, Files.newInputStream(names));
        List<String> queries = sample.stream().map(p -> {
            PopulationGenerator.Someone v = variations.duplicate(p);
            return "q=" + URLEncoder.encode(v.surname() + " " + v.givenName(), StandardCharsets.UTF_8)
                    + "&birthYear=" + p.birthDate().getYear();
        }).toList();
        AtomicInteger next = new AtomicInteger();
        return bench.run("person search by name (fuzzy)", clients, () -> {
            String q = queries.get(Math.floorMod(next.getAndIncrement(), queries.size()));
            return connections.with(registry, http -> http.get("/api/v1/persons?" + q, token, "bench")).status() == 200;
        });
    }

    Bench.Result rawSearchByNationalId(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        List<String> ids = sample.stream().map(PopulationGenerator.Someone::nationalId).filter(Objects::nonNull).toList();
        AtomicInteger next = new AtomicInteger();
        return raw("national id query on raw PostgreSQL", clients, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM person WHERE national_id = ?")) {
                s.setString(1, ids.get(Math.floorMod(next.getAndIncrement(), ids.size())));
                try (var rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * The search's own candidate queries on raw PostgreSQL: the exact names of the birth year first, then, when they
     * find fewer than a page of persons, the name blocks ranked by trigram similarity (the name rows alone, as the
     * service reads them when the query names no sex or office).
     */
    Bench.Result rawSearchByName(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return raw("name query on raw PostgreSQL", clients, c -> {
            PopulationGenerator.Someone p = sample.get(Math.floorMod(next.getAndIncrement(), sample.size()));
            int found = rawNames(c, p, true);
            return found >= 20 || rawNames(c, p, false) > 0;
        });
    }

    /** The persons one of the search's candidate queries finds (its two blocks, as PersonSearch asks for them). */
    private static int rawNames(Connection c, PopulationGenerator.Someone p, boolean exact) throws SQLException {
        String alsoSql = (exact ? " AND n.key_given IN (?, ?) AND n.key_stem IN (?, ?)"
                : " AND (n.key_given IN (?, ?) AND n.key_stem IN (?, ?) OR similarity(n.key_name, ?) >= 0.4)")
                + " AND NOT n.sealed AND n.birth_date >= ? AND n.birth_date < ?";
        String select = "SELECT n.person_id, n.surname, n.given_name, n.patronymic, n.birth_date, n.current,"
                + " similarity(n.key_name, ?) AS sim FROM person_name n";
        // Exact keys: the given-name block alone (PersonSearch leaves out the stems' block, which finds nothing more).
        String stemsBlock = exact ? "" : " UNION ALL %s WHERE n.key_stem IN (?, ?) AND n.key_given NOT IN (?, ?)%s".formatted(select, alsoSql);
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT c.person_id, c.birth_date
                FROM (%s WHERE n.key_given IN (?, ?)%s%s
                      ORDER BY sim DESC LIMIT 300) c""".formatted(select, alsoSql, stemsBlock))) {
            String key = NameKeys.given(p.surname()) + " " + NameKeys.given(p.givenName());
            List<Object> givens = List.of(NameKeys.given(p.surname()), NameKeys.given(p.givenName()));
            List<Object> stems = List.of(NameKeys.surnameStem(p.surname()), NameKeys.surnameStem(p.givenName()));
            // The parameters in the order of the text: each block's similarity key and its own condition, then `also`.
            List<Object> also = new ArrayList<>(givens);
            also.addAll(stems);
            if (!exact) {
                also.add(key);
            }
            also.addAll(List.of(LocalDate.of(p.birthDate().getYear(), 1, 1), LocalDate.of(p.birthDate().getYear() + 1, 1, 1)));
            List<Object> params = new ArrayList<>(List.of(key));
            params.addAll(givens);
            params.addAll(also);
            if (!exact) {
                params.add(key);
                params.addAll(stems);
                params.addAll(givens);
                params.addAll(also);
            }
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (var rs = s.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                return rows;
            }
        }
    }

    interface SqlOperation {
        boolean apply(Connection c) throws SQLException;
    }

    private Bench.Result raw(String scenario, int clients, SqlOperation operation) throws Exception {
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(clients, true);
        for (int i = 0; i < clients; i++) {
            pool.add(database());
        }
        try {
            return bench.run(scenario, clients, () -> {
                Connection c = pool.take();
                try {
                    return operation.apply(c);
                } finally {
                    pool.add(c);
                }
            });
        } finally {
            for (Connection c : pool) {
                c.close();
            }
        }
    }

    /** The duplicate check's timer as the registry publishes it (Prometheus text): count, sum (s) and p95 (s). */
    Map<String, Double> duplicateCheckMetrics() throws Exception {
        HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().lines().toList()) {
            String value = line.substring(line.lastIndexOf(' ') + 1);
            if (line.startsWith("sabt_duplicate_check_seconds_count")) {
                out.put("count", Double.parseDouble(value));
            } else if (line.startsWith("sabt_duplicate_check_seconds_sum")) {
                out.put("sum", Double.parseDouble(value));
            } else if (line.startsWith("sabt_duplicate_check_seconds{") && line.contains("quantile=\"0.95\"")) {
                out.put("p95", Double.parseDouble(value));
            }
        }
        return out;
    }

    /**
     * An archivist imports a file of births (new mothers, fathers and children: the set-based path); the time until
     * every line is worked off. The names and dates are the generator's (another seed than the population's, so its
     * names, distributed as the register's, meet the million already in the index); the national ids are new.
     */
    Bench.Result importRate(int lines) throws Exception {
        StringBuilder file = new StringBuilder();
        PopulationGenerator generator = new PopulationGenerator(7, Files.newInputStream(names));
        PopulationGenerator.Someone[] mother = new PopulationGenerator.Someone[1];
        PopulationGenerator.Someone[] father = new PopulationGenerator.Someone[1];
        int[] written = {0};
        generator.population(lines * 3, p -> {
            if (p.mother() < 0) {
                if (p.sex() == PopulationGenerator.Sex.FEMALE) {
                    mother[0] = p;
                } else {
                    father[0] = p;
                }
                return;
            }
            if (written[0] >= lines || mother[0] == null || mother[0].index() != p.mother()
                    || p.birthDate().plusDays(5).isAfter(LocalDate.now())) {
                return;
            }
            written[0]++;
            PopulationGenerator.Someone m = mother[0];
            file.append("{\"paperRegistrationNumber\":\"BI-").append(UUID.randomUUID()).append("\",\"registrationDate\":\"")
                    .append(p.birthDate().plusDays(5)).append("\",\"act\":{\"type\":\"BIRTH\",\"office\":\"DSH01\",")
                    .append("\"child\":{\"surname\":\"").append(p.surname()).append("\",\"givenName\":\"").append(p.givenName())
                    .append("\",\"sex\":\"").append(p.sex()).append("\",\"birthDate\":\"").append(p.birthDate())
                    .append("\",\"placeOfBirth\":\"").append(p.placeOfBirth()).append("\",\"nationalId\":\"")
                    .append(Bench.nationalId()).append("\"},\"mother\":{\"surname\":\"").append(m.surname())
                    .append("\",\"givenName\":\"").append(m.givenName()).append("\",\"patronymic\":\"").append(m.patronymic())
                    .append("\",\"sex\":\"FEMALE\",\"birthDate\":\"").append(m.birthDate())
                    .append("\",\"nationalId\":\"").append(Bench.nationalId()).append("\"}");
            PopulationGenerator.Someone f = father[0];
            if (f != null && f.index() == p.father()) {
                file.append(",\"father\":{\"surname\":\"").append(f.surname()).append("\",\"givenName\":\"")
                        .append(f.givenName()).append("\",\"patronymic\":\"").append(f.patronymic())
                        .append("\",\"sex\":\"MALE\",\"birthDate\":\"").append(f.birthDate())
                        .append("\",\"nationalId\":\"").append(Bench.nationalId()).append("\"}");
            }
            file.append("}}\n");
        });
        if (written[0] < lines) {
            throw new IllegalStateException("the generator made " + written[0] + " births, not " + lines);
        }
        Map<String, Long> cpuBefore = bench.cpu.now();
        long t0 = System.nanoTime();
        HttpResponse<String> started = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/api/v1/imports"))
                .header("Authorization", "Bearer " + Keycloak.userToken("archivist"))
                .header("Content-Type", "application/jsonl; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(file.toString())).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(started.body());
        if (started.statusCode() != 202 || !id.find()) {
            throw new IllegalStateException("the import was refused: " + started.statusCode() + " " + started.body());
        }
        long staged = System.nanoTime();
        String[] body = new String[1];
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            body[0] = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/api/v1/imports/" + id.group(1)))
                    .header("Authorization", "Bearer " + Keycloak.userToken("archivist")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body[0].contains("\"status\":\"DONE\"");
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  import of %,d lines: staged in %.2f s, all worked off in %.1f s: %s%n", lines,
                (staged - t0) / 1e9, seconds, body[0]);
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValue((long) (seconds * 1_000_000));
        // Every line worked off counts (imported, or held as a potential duplicate: both are the import's answer).
        Matcher imported = Pattern.compile("\"IMPORTED\":(\\d+)").matcher(body[0]);
        System.out.printf("  imported: %s of %,d lines%n", imported.find() ? imported.group(1) : "0", lines);
        return new Bench.Result("archive import (lines/s)", 1, lines, 0, seconds, latency,
                CpuTime.perOperation(cpuBefore, bench.cpu.now(), lines));
    }

    static String ratios(List<Bench.Result> results, Map<String, Double> before, Map<String, Double> after) {
        StringBuilder b = new StringBuilder();
        for (int clients : List.of(1, 8, 32)) {
            Bench.Result id = Bench.find(results, "person search by national id", clients);
            Bench.Result name = Bench.find(results, "person search by name (fuzzy)", clients);
            b.append("- search at 1,000,000 persons, %d clients: by national id p95 %.2f ms, by name p95 %.2f ms%n".formatted(
                    clients, id.latency().getValueAtPercentile(95) / 1000.0, name.latency().getValueAtPercentile(95) / 1000.0));
        }
        Bench.Result rawId = Bench.find(results, "national id query on raw PostgreSQL", 8);
        Bench.Result rawName = Bench.find(results, "name query on raw PostgreSQL", 8);
        b.append("- the same queries on raw PostgreSQL, 8 clients: national id p95 %.2f ms, name p95 %.2f ms%n".formatted(
                rawId.latency().getValueAtPercentile(95) / 1000.0, rawName.latency().getValueAtPercentile(95) / 1000.0));
        Bench.Result births = Bench.find(results, BIRTHS, 8);
        double checks = after.getOrDefault("count", 0.0) - before.getOrDefault("count", 0.0);
        double meanMs = checks == 0 ? 0 : (after.getOrDefault("sum", 0.0) - before.getOrDefault("sum", 0.0)) / checks * 1000;
        double p50 = births.latency().getValueAtPercentile(50) / 1000.0;
        b.append(("- the duplicate check in a birth registration at 1,000,000 persons: mean %.2f ms, p95 %.2f ms, over %.0f "
                + "registrations whose own p50 was %.2f ms: the check is %.0f%% of a registration; without it a registration "
                + "would take about %.2f ms%n").formatted(meanMs, after.getOrDefault("p95", 0.0) * 1000, checks, p50,
                p50 == 0 ? 0 : 100 * meanMs / p50, p50 - meanMs));
        Bench.Result unchecked = Bench.find(results, BIRTHS_UNCHECKED, 8);
        b.append(("- births at 8 clients with the duplicate check: %.1f/s, p50 %.2f ms; on a second instance without it, same "
                + "database and run: %.1f/s, p50 %.2f ms%n").formatted(births.throughput(), p50, unchecked.throughput(),
                unchecked.latency().getValueAtPercentile(50) / 1000.0));
        Bench.Result imports = Bench.find(results, "archive import (lines/s)", 1);
        Bench.Result raw = Bench.find(results, "raw PostgreSQL inserts (reference)", 8);
        b.append("- archive import: %.1f lines/s (raw PostgreSQL inserts of a birth's rows at 8 clients: %.1f/s)%n".formatted(
                imports.throughput(), raw.throughput()));
        return b.toString();
    }
}
