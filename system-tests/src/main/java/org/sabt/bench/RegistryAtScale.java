package org.sabt.bench;

import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.sabt.registry.search.NameKeys;
import org.sabt.registry.search.PersonMatch;
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
import java.util.concurrent.Callable;
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
        this.names = Bench.namesCsv();
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
        return bench.run("person search by national id", clients, nationalIdSearch(sample));
    }

    /** A registrar types a name as another clerk wrote it (another script, form, or a typo) and the birth year. */
    Bench.Result searchByName(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        return bench.run("person search by name (fuzzy)", clients, nameSearch(sample));
    }

    /**
     * Both searches, unmeasured: after the seeding their code is cold (the bench's warm-up registered births), and the
     * JIT compiles it only after some thousands of searches; a phase's own 5 s of warm-up is not enough at 1 client.
     */
    void warmSearches(List<PopulationGenerator.Someone> sample) throws Exception {
        Bench.phase(8, nationalIdSearch(sample), Duration.ofSeconds(15), null, null, null);
        Bench.phase(8, nameSearch(sample), Duration.ofSeconds(15), null, null, null);
    }

    private Callable<Boolean> nationalIdSearch(List<PopulationGenerator.Someone> sample) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        List<String> ids = sample.stream().map(PopulationGenerator.Someone::nationalId).filter(Objects::nonNull).toList();
        AtomicInteger next = new AtomicInteger();
        return () -> {
            String id = ids.get(Math.floorMod(next.getAndIncrement(), ids.size()));
            LeanHttp.Answer r = connections.with(registry, http -> http.get("/api/v1/persons?nationalId=" + id, token, "bench"));
            return r.status() == 200 && r.body().contains(id);
        };
    }

    private Callable<Boolean> nameSearch(List<PopulationGenerator.Someone> sample) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        List<String> queries = nameQueries(sample).stream().map(q -> "q=" + URLEncoder.encode(q.words(),
                StandardCharsets.UTF_8) + "&birthYear=" + q.birthYear()).toList();
        AtomicInteger next = new AtomicInteger();
        return () -> {
            String q = queries.get(Math.floorMod(next.getAndIncrement(), queries.size()));
            return connections.with(registry, http -> http.get("/api/v1/persons?" + q, token, "bench")).status() == 200;
        };
    }

    /** What a registrar types: a surname and a given name, and the birth year. */
    private record NameQuery(String words, int birthYear) {
    }

    /** Each sampled person's names as another clerk wrote them, and the year the sample says they were born. */
    private List<NameQuery> nameQueries(List<PopulationGenerator.Someone> sample) throws Exception {
        PopulationGenerator variations = new PopulationGenerator(2, Files.newInputStream(names));
        return sample.stream().map(p -> {
            PopulationGenerator.Someone v = variations.duplicate(p);
            return new NameQuery(v.surname() + " " + v.givenName(), p.birthDate().getYear());
        }).toList();
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
     * The search's own candidate query on raw PostgreSQL, for the same queries as the service's: the names whose keys
     * the matcher finds the same as or similar to the words (PersonSearch with NameVocabulary), in the birth year, under
     * the same generic plan. The vocabulary is read from name_key and each query's similar keys worked out before the
     * clock starts (the service works them out per search, remembered per word).
     */
    Bench.Result rawSearchByName(int clients, List<PopulationGenerator.Someone> sample) throws Exception {
        Map<String, List<String>> vocabulary = new HashMap<>();
        try (Connection c = database(); var rs = c.createStatement().executeQuery("SELECT kind, key FROM name_key")) {
            while (rs.next()) {
                vocabulary.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<Object[]> queries = nameQueries(sample).stream().map(v -> {
            List<String> words = NameKeys.words(v.words());
            return new Object[] {
                    keys(words, w -> PersonMatch.similarGivenKeys(w, vocabulary.getOrDefault("GIVEN", List.of()))),
                    keys(words, w -> PersonMatch.similarStems(w, vocabulary.getOrDefault("STEM", List.of()))),
                    keys(words, w -> PersonMatch.similarPatronymicKeys(w, vocabulary.getOrDefault("PATRONYMIC", List.of()))),
                    keys(words, w -> List.of(NameKeys.given(w))), keys(words, w -> List.of(NameKeys.surnameStem(w))),
                    keys(words, w -> List.of(NameKeys.patronymicStem(w))),
                    LocalDate.of(v.birthYear(), 1, 1), LocalDate.of(v.birthYear() + 1, 1, 1),
                    String.join(" ", words.stream().map(NameKeys::given).toList())};
        }).toList();
        String rank = "(CASE WHEN n.key_given = ANY(?) THEN 1 ELSE 0 END + CASE WHEN n.key_stem = ANY(?) THEN 1 ELSE 0 END"
                + " + CASE WHEN n.key_patronymic = ANY(?) THEN 1 ELSE 0 END)";
        String select = "SELECT n.person_id, n.surname, n.given_name, n.patronymic, n.birth_date, n.current, " + rank
                + " AS rank FROM person_name n WHERE ";
        String sql = "SELECT c.person_id, c.birth_date FROM (" + select
                + "n.key_given = ANY(?) AND (n.key_stem = ANY(?) OR n.key_patronymic = ANY(?))"
                + " AND NOT n.sealed AND n.birth_date >= ? AND n.birth_date < ? UNION ALL " + select
                + "n.key_stem = ANY(?) AND NOT n.key_given = ANY(?) AND n.key_patronymic = ANY(?)"
                + " AND NOT n.sealed AND n.birth_date >= ? AND n.birth_date < ? ORDER BY rank DESC LIMIT 300) c";
        // Where the keys find no one: the words' blocks, the names most like the words as a whole (pg_trgm).
        String alike = " AND (n.key_given = ANY(?) AND n.key_stem = ANY(?) OR similarity(n.key_name, ?) >= 0.4)"
                + " AND NOT n.sealed AND n.birth_date >= ? AND n.birth_date < ?";
        String likeSelect = "SELECT n.person_id, n.surname, n.given_name, n.patronymic, n.birth_date, n.current,"
                + " similarity(n.key_name, ?) AS rank FROM person_name n WHERE ";
        String likeSql = "SELECT c.person_id, c.birth_date FROM (" + likeSelect + "n.key_given = ANY(?)" + alike
                + " UNION ALL " + likeSelect + "n.key_stem = ANY(?) AND NOT n.key_given = ANY(?)" + alike
                + " ORDER BY rank DESC LIMIT 300) c";
        AtomicInteger next = new AtomicInteger();
        return raw("name query on raw PostgreSQL", clients, "SET plan_cache_mode = force_generic_plan", c -> {
            Object[] q = queries.get(Math.floorMod(next.getAndIncrement(), queries.size()));
            // Parameters in the order of the text: rank, the first block, rank, the second block.
            if (rows(c, sql, q[3], q[4], q[5], q[0], q[1], q[2], q[6], q[7], q[3], q[4], q[5], q[1], q[0], q[2], q[6], q[7]) > 0) {
                return true;
            }
            return rows(c, likeSql, q[8], q[3], q[3], q[4], q[8], q[6], q[7], q[8], q[4], q[3], q[3], q[4], q[8], q[6], q[7]) >= 0;
        });
    }

    private static int rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i] instanceof String[] keys ? c.createArrayOf("text", keys) : parameters[i]);
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

    private static String[] keys(List<String> words, java.util.function.Function<String, List<String>> keysOfWord) {
        return words.stream().flatMap(w -> keysOfWord.apply(w).stream()).distinct().toArray(String[]::new);
    }

    interface SqlOperation {
        boolean apply(Connection c) throws SQLException;
    }

    private Bench.Result raw(String scenario, int clients, SqlOperation operation) throws Exception {
        return raw(scenario, clients, null, operation);
    }

    /** The operation on raw PostgreSQL, each client with a connection of its own, set up by {@code setup} first. */
    private Bench.Result raw(String scenario, int clients, String setup, SqlOperation operation) throws Exception {
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(clients, true);
        for (int i = 0; i < clients; i++) {
            Connection c = database();
            if (setup != null) {
                try (var statement = c.createStatement()) {
                    statement.execute(setup);
                }
            }
            pool.add(c);
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

    /** A birth of the import: the child, the mother and, when the generator knows him, the father. */
    record Family(PopulationGenerator.Someone child, PopulationGenerator.Someone mother, PopulationGenerator.Someone father) {
    }

    /**
     * The import's births: the generator's own families (another seed than the population's, so its names, distributed
     * as the register's, meet the million already in the index), registered five days after the birth.
     */
    List<Family> families(int lines) throws Exception {
        PopulationGenerator generator = new PopulationGenerator(7, Files.newInputStream(names));
        PopulationGenerator.Someone[] mother = new PopulationGenerator.Someone[1];
        PopulationGenerator.Someone[] father = new PopulationGenerator.Someone[1];
        List<Family> families = new ArrayList<>();
        generator.population(lines * 3, p -> {
            if (p.mother() < 0) {
                if (p.sex() == PopulationGenerator.Sex.FEMALE) {
                    mother[0] = p;
                } else {
                    father[0] = p;
                }
                return;
            }
            if (families.size() >= lines || mother[0] == null || mother[0].index() != p.mother()
                    || p.birthDate().plusDays(5).isAfter(LocalDate.now())) {
                return;
            }
            families.add(new Family(p, mother[0], father[0] != null && father[0].index() == p.father() ? father[0] : null));
        });
        if (families.size() < lines) {
            throw new IllegalStateException("the generator made " + families.size() + " births, not " + lines);
        }
        return families;
    }

    /** A family's birth as a line of the import (JSON Lines), with new national ids. */
    private static String line(Family family) {
        PopulationGenerator.Someone p = family.child(), m = family.mother(), f = family.father();
        StringBuilder line = new StringBuilder();
        line.append("{\"paperRegistrationNumber\":\"BI-").append(UUID.randomUUID()).append("\",\"registrationDate\":\"")
                .append(p.birthDate().plusDays(5)).append("\",\"act\":{\"type\":\"BIRTH\",\"office\":\"DSH01\",")
                .append("\"child\":{\"surname\":\"").append(p.surname()).append("\",\"givenName\":\"").append(p.givenName())
                .append("\",\"sex\":\"").append(p.sex()).append("\",\"birthDate\":\"").append(p.birthDate())
                .append("\",\"placeOfBirth\":\"").append(p.placeOfBirth()).append("\",\"nationalId\":\"")
                .append(Bench.nationalId()).append("\"},\"mother\":{\"surname\":\"").append(m.surname())
                .append("\",\"givenName\":\"").append(m.givenName()).append("\",\"patronymic\":\"").append(m.patronymic())
                .append("\",\"sex\":\"FEMALE\",\"birthDate\":\"").append(m.birthDate())
                .append("\",\"nationalId\":\"").append(Bench.nationalId()).append("\"}");
        if (f != null) {
            line.append(",\"father\":{\"surname\":\"").append(f.surname()).append("\",\"givenName\":\"")
                    .append(f.givenName()).append("\",\"patronymic\":\"").append(f.patronymic())
                    .append("\",\"sex\":\"MALE\",\"birthDate\":\"").append(f.birthDate())
                    .append("\",\"nationalId\":\"").append(Bench.nationalId()).append("\"}");
        }
        return line.append("}}\n").toString();
    }

    /**
     * An archivist imports a file of births (new mothers, fathers and children: the set-based path); the time until
     * every line is worked off.
     */
    Bench.Result importRate(List<Family> families) throws Exception {
        int lines = families.size();
        StringBuilder file = new StringBuilder();
        families.forEach(family -> file.append(line(family)));
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
        return new Bench.Result(IMPORT, 1, lines, 0, seconds, latency,
                CpuTime.perOperation(cpuBefore, bench.cpu.now(), lines));
    }

    static final String IMPORT = "archive import (lines/s)";
    static final String RAW_IMPORT = "raw set-based inserts (lines/s)";

    /**
     * The import's reference: the same births' rows (mother, father and child in the person index with their names,
     * the act, its first version, the parent links, the parties, the outbox event; the event marked sent, as in the
     * per-transaction reference) written set-based on raw PostgreSQL, as fast as PostgreSQL itself writes them here:
     * per chunk of 5,000 lines as the import's chunks, one connection, COPY into a staging table and an INSERT … SELECT
     * per table, into the same tables with their indexes, foreign keys and triggers. No rule, no duplicate screen, no
     * JSON made: the keys and the rows are worked out before the clock starts.
     */
    Bench.Result rawImport(List<Family> families) throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < families.size(); i++) {
            Family family = families.get(i);
            String payload = line(family).trim();
            rows.append(UUID.randomUUID()).append(",RAW-").append(UUID.randomUUID()).append(',')
                    .append(family.child().birthDate()).append(',').append(cell(payload)).append(',')
                    .append(cell("{\"version\":1,\"act\":" + payload + "}"));
            for (PopulationGenerator.Someone p : List.of(family.mother(), family.child())) {
                rawPerson(rows, p);
            }
            if (family.father() != null) {
                rawPerson(rows, family.father());
            } else {
                rows.append(",".repeat(12));
            }
            rows.append('\n');
            if ((i + 1) % 5_000 == 0 || i == families.size() - 1) {
                chunks.add(rows.toString().getBytes(StandardCharsets.UTF_8));
                rows.setLength(0);
            }
        }
        String person = "{p}_id UUID, {p}_surname TEXT, {p}_given TEXT, {p}_patronymic TEXT, {p}_sex TEXT, {p}_birth DATE, "
                + "{p}_key_given TEXT, {p}_key_surname TEXT, {p}_key_stem TEXT, {p}_key_patronymic TEXT, {p}_key_name TEXT, {p}_national_id TEXT";
        String staging = "CREATE TEMP TABLE raw_birth (act_id UUID, paper TEXT, event_date DATE, payload TEXT, event TEXT, "
                + person.replace("{p}", "m") + ", " + person.replace("{p}", "c") + ", " + person.replace("{p}", "f")
                + ") ON COMMIT DROP";
        String persons = """
                SELECT {p}_id, {p}_surname, {p}_given, {p}_patronymic, {p}_sex, {p}_birth, {p}_national_id, 'ALIVE', 'SINGLE',
                       {act}, now(), true FROM raw_birth WHERE {p}_id IS NOT NULL""";
        String names = """
                SELECT {p}_id, {p}_surname, {p}_given, {p}_patronymic, {p}_key_given, {p}_key_surname, {p}_key_stem,
                       {p}_key_patronymic, {p}_key_name, true, now(), {p}_birth FROM raw_birth WHERE {p}_id IS NOT NULL""";
        String intoPersons = """
                INSERT INTO person (id, surname, given_name, patronymic, sex, birth_date, national_id, status, marital_status,
                                    birth_act_id, created_at, keyed)
                """;
        List<String> statements = List.of(
                intoPersons + persons.replace("{p}", "m").replace("{act}", "CAST(NULL AS uuid)") + " UNION ALL "
                        + persons.replace("{p}", "f").replace("{act}", "CAST(NULL AS uuid)"),
                """
                INSERT INTO act (id, type, registration_number, office, registration_date, event_date, status, version,
                                 restored, payload, registered_by, registered_at)
                SELECT act_id, 'BIRTH', paper, 'DSH01', event_date + 5, event_date, 'REGISTERED', 1, true,
                       CAST(payload AS jsonb), 'bench', now() FROM raw_birth""",
                intoPersons + persons.replace("{p}", "c").replace("{act}", "act_id"),
                """
                INSERT INTO person_name (person_id, surname, given_name, patronymic, key_given, key_surname, key_stem,
                                         key_patronymic, key_name, current, since, birth_date)
                """ + names.replace("{p}", "m") + " UNION ALL " + names.replace("{p}", "c") + " UNION ALL "
                        + names.replace("{p}", "f"),
                """
                INSERT INTO person_link (id, person_id, related_id, kind, act_id, since)
                SELECT gen_random_uuid(), c_id, m_id, 'PARENT', act_id, event_date FROM raw_birth UNION ALL
                SELECT gen_random_uuid(), c_id, f_id, 'PARENT', act_id, event_date FROM raw_birth WHERE f_id IS NOT NULL""",
                """
                INSERT INTO act_version (act_id, version, change, status, payload, reason, changed_by, changed_at)
                SELECT act_id, 1, 'RESTORED', 'REGISTERED', CAST(payload AS jsonb), 'bench', 'bench', now() FROM raw_birth""",
                """
                INSERT INTO act_party (act_id, person_id, role)
                SELECT act_id, m_id, 'MOTHER' FROM raw_birth UNION ALL SELECT act_id, c_id, 'CHILD' FROM raw_birth
                UNION ALL SELECT act_id, f_id, 'FATHER' FROM raw_birth WHERE f_id IS NOT NULL""",
                """
                INSERT INTO outbox (id, topic, event_type, source, aggregate_id, subject, occurred_at, payload, headers, sent_at)
                SELECT gen_random_uuid(), 'sabt.bench', 'bench', '/bench', CAST(act_id AS text), paper, now(),
                       CAST(event AS jsonb), '{}', now() FROM raw_birth""");
        double seconds;
        Map<String, Double> cpu;
        try (Connection c = database()) {
            c.setAutoCommit(false);
            Map<String, Long> cpuBefore = bench.cpu.now();
            long t0 = System.nanoTime();
            for (byte[] chunk : chunks) {
                try (var statement = c.createStatement()) {
                    statement.execute(staging);
                    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY raw_birth FROM STDIN WITH (FORMAT csv)");
                    copy.writeToCopy(chunk, 0, chunk.length);
                    copy.endCopy();
                    for (String sql : statements) {
                        statement.executeUpdate(sql);
                    }
                }
                c.commit();
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu = CpuTime.perOperation(cpuBefore, bench.cpu.now(), families.size()); // its backend is still there
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        latency.recordValue((long) (seconds * 1_000_000));
        System.out.printf("  the same births' rows set-based on raw PostgreSQL: %.1f s%n", seconds);
        return new Bench.Result(RAW_IMPORT, 1, families.size(), 0, seconds, latency, cpu);
    }

    /** A person's cells of raw_birth: id, names, sex, birth date, the search keys the registry gives them, a new national id. */
    private static void rawPerson(StringBuilder rows, PopulationGenerator.Someone p) {
        rows.append(',').append(UUID.randomUUID()).append(',').append(cell(p.surname())).append(',')
                .append(cell(p.givenName())).append(',').append(cell(p.patronymic())).append(',').append(p.sex()).append(',')
                .append(p.birthDate()).append(',').append(cell(NameKeys.given(p.givenName()))).append(',')
                .append(cell(NameKeys.fold(p.surname()))).append(',').append(cell(NameKeys.surnameStem(p.surname())))
                .append(',').append(cell(NameKeys.patronymicStem(p.patronymic()))).append(',')
                .append(cell(org.sabt.registry.search.PersonNames.keyName(p.surname(), p.givenName(), p.patronymic())))
                .append(',').append(RAW_NATIONAL_IDS.incrementAndGet());
    }

    /** New national ids of 13 digits, a run's own (the generator's and the bench's others have fewer digits). */
    private static final java.util.concurrent.atomic.AtomicLong RAW_NATIONAL_IDS =
            new java.util.concurrent.atomic.AtomicLong(7_000_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 1_000);

    /** A CSV cell for COPY: empty is NULL. */
    private static String cell(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
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
        Bench.Result imports = Bench.find(results, IMPORT, 1);
        Bench.Result rawImport = Bench.find(results, RAW_IMPORT, 1);
        Bench.Result raw = Bench.find(results, "raw PostgreSQL inserts (reference)", 8);
        b.append(("- archive import: %.1f lines/s; the same births' rows set-based on raw PostgreSQL (chunks of 5,000, one "
                + "connection): %.1f lines/s, ratio %.2f (aim: 20,000 lines/s); raw PostgreSQL inserts of a birth's rows, a "
                + "transaction each at 8 clients: %.1f/s%n").formatted(imports.throughput(), rawImport.throughput(),
                imports.throughput() / rawImport.throughput(), raw.throughput()));
        return b.toString();
    }
}
