package org.sabt.bench;

import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sabt.registry.search.NameKeys;
import org.sabt.registry.search.PersonNames;
import org.sabt.registry.search.PopulationGenerator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * `./sabt bench`: registering births with N concurrent clients, through the gateway and directly on
 * registry-service, beside raw PostgreSQL transactions inserting the same rows, all in one run so the
 * ratios mean something on a noisy machine. Prints a table and writes a Markdown report.
 */
public final class Bench {

    record Result(String scenario, int clients, long ok, long errors, double seconds, Histogram latency,
                  Map<String, Double> cpu) {

        Result(String scenario, int clients, long ok, long errors, double seconds, Histogram latency) {
            this(scenario, clients, ok, errors, seconds, latency, Map.of());
        }

        double throughput() {
            return ok / seconds;
        }

        String row() {
            return "| %-34s | %3d | %8.1f | %7.2f | %7.2f | %7.2f | %5d |".formatted(scenario, clients, throughput(),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, errors);
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Duration warmup;
    final Duration measure;
    final Map<String, String> env = System.getenv();
    final CpuTime cpu = new CpuTime(Path.of(env.getOrDefault("SABT_HOME", ".sabt/bench")).resolve("pids"));

    Bench(Duration warmup, Duration measure) {
        this.warmup = warmup;
        this.measure = measure;
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "bench-report.md");
        int seconds = Integer.parseInt(System.getenv().getOrDefault("SABT_BENCH_SECONDS", "15"));
        Bench bench = new Bench(Duration.ofSeconds(5), Duration.ofSeconds(seconds));
        List<Result> results = new ArrayList<>();
        // SABT_BENCH_SCENARIOS=5 runs scenario 5 alone (the ratios of the others need all of 1 to 4).
        List<String> scenarios = List.of(System.getenv().getOrDefault("SABT_BENCH_SCENARIOS", "1,2,3,4,5,6,7,8,9,10").split(","));
        String gateway = bench.env.get("SABT_GATEWAY_URL");
        String registry = bench.env.get("SABT_REGISTRY_URL");

        Footprint footprint = new Footprint(Path.of(bench.env.getOrDefault("SABT_HOME", ".sabt/bench")).resolve("pids"));
        System.out.println("Resident memory of the idle services ...");
        Map<String, Long> idle = footprint.idleMb();
        System.out.println("Warming up the JVMs (registrations until the stack's CPU per birth stops falling, then 10 s of "
                + "refusals and 10 s of registrations through the gateway, not measured) ...");
        bench.warmUntilSteady(8, registry);
        bench.warmGatewayPath(8, gateway, Duration.ofSeconds(10));
        bench.phaseUnmeasured(8, gateway, Duration.ofSeconds(10));
        if (scenarios.contains("1")) {
            System.out.println("Scenario 1: registering births, 8 and 32 clients, through the gateway and directly");
            for (int clients : List.of(8, 32)) {
                results.add(bench.http("births via gateway", clients, gateway));
                results.add(bench.http("births direct on registry-service", clients, registry));
            }
        }
        if (scenarios.contains("2")) {
            System.out.println("Scenario 2: births directly on registry-service beside raw PostgreSQL inserts of the same rows");
            for (int clients : List.of(1, 8, 32)) {
                if (clients == 1 || !scenarios.contains("1")) {
                    results.add(bench.http("births direct on registry-service", clients, registry));
                }
                results.add(bench.rawPostgres(clients));
            }
        }
        String applications = bench.env.get("SABT_APPLICATION_URL");
        String oneWindowPath = "";
        if (scenarios.contains("3")) {
            System.out.println("Scenario 3: applications from submission to REGISTERED on application-service, and on to the "
                    + "certificate's SMS at the SMSC, beside births on registry-service");
            List<Mother> mothers = bench.mothers(registry, 40);
            results.add(bench.http("births direct on registry-service", 8, registry));
            results.add(bench.oneWindow(8, applications, mothers));
            oneWindowPath = new OneWindowToSms(bench, applications).run(results, mothers);
            if (!bench.oneWindowRefusals.isEmpty()) {
                System.out.println("  one-window steps refused: " + bench.oneWindowRefusals);
            }
        }
        if (scenarios.contains("4")) {
            System.out.println("Scenario 4: work-queue reads with 100,000 open applications in one office, beside the same query on raw PostgreSQL");
            bench.seedOpenApplications("SUG05", 100_000);
            results.add(bench.workQueue(8, applications, "SUG05"));
            results.add(bench.rawWorkQueue(8, "SUG05"));
        }
        String ratios = (List.of("1", "2", "3", "4").stream().allMatch(scenarios::contains) ? ratios(results) : "Ratios (same run):\n")
                + oneWindowPath;
        if (scenarios.contains("6")) {
            System.out.println("Scenario 6: certificates issued with their PDF; verifications of their QR tokens directly and "
                    + "through the gateway, beside the ES256 check alone");
            ratios += new Certificates(bench, registry, gateway).run(results);
        }
        if (scenarios.contains("7")) {
            System.out.println("Scenario 7: agencies' webhooks: registration to receipt at a steady load; a replayed backlog's "
                    + "delivery rate, beside a plain Kafka consumer reading the same topic");
            ratios += new Webhooks(bench, registry).run(results, Duration.ofSeconds(seconds));
        }
        if (scenarios.contains("8")) {
            System.out.println("Scenario 8: medical notices (JSON and FHIR); marriage ceremony holds on one contended slot "
                    + "(exactly one winner), beside the same contended insert straight into PostgreSQL");
            Bookings proactive = new Bookings(bench);
            ratios += proactive.notices(results);
            ratios += proactive.run(results);
        }
        if (scenarios.contains("9")) {
            System.out.println("Scenario 9: the gateway's own cost: an immediate answer directly and through the gateway; a "
                    + "throttled client refused by the gateway");
            ratios += new GatewayCost(bench, gateway).run(results);
        }
        if (scenarios.contains("10")) {
            System.out.println("Scenario 10: audited reads of acts and persons, and a valid token refused at once (403), "
                    + "directly and through the gateway at 8 and 32 clients");
            ratios += new AuditedReads(bench, registry, gateway).run(results);
        }
        if (scenarios.contains("5")) {
            ratios += runAtScale(bench, registry, results);
        }
        String table = table(results) + "\n" + CpuTime.table(results) + "\n"
                + Footprint.report(idle, footprint.residentMb(), bench.env.get("SABT_BENCH_UP_SECONDS"));
        System.out.println(table);
        System.out.println(ratios);
        Files.writeString(report, "# Sabt benchmark, " + LocalDateTime.now().withNano(0) + "\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores; every scenario " + seconds
                + " s after a 5 s warm-up; latencies in ms.\n\n" + table + "\n" + ratios + "\n");
        System.out.println("report: " + report);
    }

    /** Scenario 5; returns its ratios. */
    private static String runAtScale(Bench bench, String registry, List<Result> results) throws Exception {
        System.out.println("Scenario 5: the registry at 1,000,000 persons: search by national id and by name beside the same "
                + "queries on raw PostgreSQL; the duplicate check's cost; the archive import rate");
        RegistryAtScale scale = new RegistryAtScale(bench, registry);
        List<PopulationGenerator.Someone> sample = scale.seedPopulation(1_000_000);
        scale.warmSearches(sample);
        for (int clients : List.of(1, 8, 32)) {
            results.add(scale.searchByNationalId(clients, sample));
            results.add(scale.searchByName(clients, sample));
        }
        results.add(scale.rawSearchByNationalId(8, sample));
        results.add(scale.rawSearchByName(8, sample));
        Map<String, Double> before = scale.duplicateCheckMetrics();
        results.add(bench.http(RegistryAtScale.BIRTHS, 8, registry));
        Map<String, Double> after = scale.duplicateCheckMetrics();
        // The same registrations on a second registry instance with the duplicate check switched off, same database.
        org.sabt.local.Launcher launcher = new org.sabt.local.Launcher(org.sabt.local.StackConfig.fromEnvironment());
        int port = URI.create(registry).getPort() + 200;
        launcher.startInstance("registry-service", port, Map.of("SABT_DUPLICATES_ENABLED", "false"));
        try {
            results.add(bench.http(RegistryAtScale.BIRTHS_UNCHECKED, 8, "http://127.0.0.1:" + port));
        } finally {
            launcher.stopService("registry-service#" + port);
        }
        if (results.stream().noneMatch(r -> r.scenario().equals("raw PostgreSQL inserts (reference)") && r.clients() == 8)) {
            results.add(bench.rawPostgres(8)); // the import's reference, when scenario 2 did not run
        }
        List<RegistryAtScale.Family> families = scale.families(100_000);
        results.add(scale.importRate(families.subList(0, 50_000)));
        bench.settle(); // the consumers catch up with the import's events first
        results.add(scale.rawImport(families.subList(50_000, 100_000)));
        return RegistryAtScale.ratios(results, before, after);
    }

    /** Registers births over HTTP as a registrar of DSH01, each client in a loop, for the measured time. */
    Result http(String scenario, int clients, String baseUrl) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        URI uri = URI.create(baseUrl + "/api/v1/acts");
        Map<String, java.util.concurrent.atomic.LongAdder> refused = new java.util.concurrent.ConcurrentHashMap<>();
        Result result = run(scenario, clients, () -> {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(birthJson())).build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                refused.computeIfAbsent(answer(r), k -> new java.util.concurrent.atomic.LongAdder()).increment();
            }
            return r.statusCode() == 201;
        });
        if (!refused.isEmpty()) {
            System.out.println("  " + scenario + ", " + clients + " clients, refused: " + refused);
        }
        return result;
    }

    private static final java.util.regex.Pattern PROBLEM_CODE = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    /** An answer in a word: its status and, for a problem, its code ("409 POTENTIAL_DUPLICATE"). */
    static String answer(HttpResponse<String> r) {
        java.util.regex.Matcher code = PROBLEM_CODE.matcher(r.body());
        return r.statusCode() + (code.find() ? " " + code.group(1) : "");
    }

    /** A mother the registry knows: her national id, given name and birth date, as the one window's forms state them. */
    record Mother(String nationalId, String givenName, LocalDate birthDate) {
    }

    /**
     * Mothers the registry knows by national id (restored paper births), for the one window's birth forms; each with
     * a name and birth date of her own, so that two mothers' children are never taken for one child.
     */
    List<Mother> mothers(String registry, int count) throws Exception {
        String token = Keycloak.userToken("archivist");
        var random = ThreadLocalRandom.current();
        List<Mother> mothers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mother mother = new Mother(String.valueOf(7_000_000_000L + random.nextLong(2_000_000_000L)),
                    GIRLS[i % GIRLS.length], LocalDate.of(1985, 1, 1).plusDays(random.nextInt(5000)));
            String body = """
                    {"paperRegistrationNumber":"BENCH-%s","registrationDate":"%s","act":{"type":"BIRTH","office":"DSH01",
                     "child":{"surname":"Назарзода","givenName":"%s","sex":"FEMALE","birthDate":"%s","nationalId":"%s"},
                     "mother":{"surname":"Назарова","givenName":"Гулнора","sex":"FEMALE","birthDate":"%s","nationalId":"%s"}}}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 13), mother.birthDate().plusDays(10),
                            mother.givenName(), mother.birthDate(), mother.nationalId(),
                            mother.birthDate().minusYears(20 + random.nextInt(15)).minusDays(random.nextInt(365)), nationalId());
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/api/v1/acts/restorations"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("cannot restore a mother: " + r.statusCode() + " " + r.body());
            }
            mothers.add(mother);
        }
        return mothers;
    }

    /**
     * One application a client drives through the one window as the office does, on application-service: the
     * registrar takes a walk-in birth at the counter and accepts it; the back office claims it, reviews it (the
     * registry's checks are asked), and approves it, which registers the act. Successful when it is REGISTERED.
     */
    Result oneWindow(int clients, String baseUrl, List<Mother> mothers) throws Exception {
        String registrar = Keycloak.userToken("registrar.sino");
        String backOffice = Keycloak.userToken("backoffice.sino");
        return run("applications submitted to REGISTERED", clients,
                () -> toRegistered(baseUrl, mothers, "+992900000777", registrar, backOffice) != null);
    }

    /** Applications made so far (the same child twice would be a potential duplicate: see toRegistered). */
    private final java.util.concurrent.atomic.AtomicInteger applicationsMade = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.regex.Pattern ID_FIELD = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /**
     * A walk-in birth taken at the counter and driven to REGISTERED (see {@link #oneWindow}), the citizen's messages
     * going to this phone; the application's id, or null when a step was refused.
     */
    String toRegistered(String baseUrl, List<Mother> mothers, String phone, String registrar, String backOffice) throws Exception {
        // Within 476 applications in a row no two children share a name and a birth date, whoever their mother.
        int n = applicationsMade.getAndIncrement();
        Mother mother = mothers.get(n % mothers.size());
        String child = GIRLS[n % GIRLS.length];
        LocalDate born = LocalDate.now().minusDays(1 + (n / GIRLS.length) % 28);
        String body = """
                {"service":"REGISTER_BIRTH","office":"DSH01","applicant":{"nationalId":"%s","name":"Назарзода %s"},
                 "contact":{"phone":"%s","language":"tg"},"documentsSeen":["MOTHER_ID"],
                 "form":{"child":{"surname":"Назарзода","givenName":"%s","sex":"FEMALE","birthDate":"%s"},
                         "mother":{"nationalId":"%s","surname":"Назарзода","givenName":"%s","sex":"FEMALE","birthDate":"%s"},
                         "witnessStatement":"WS-%s"}}""".formatted(mother.nationalId(), mother.givenName(), phone, child, born,
                mother.nationalId(), mother.givenName(), mother.birthDate(), UUID.randomUUID().toString().substring(0, 13));
        HttpResponse<String> submitted = send(baseUrl + "/api/v1/applications", registrar, null, body);
        var id = ID_FIELD.matcher(submitted.body());
        if (submitted.statusCode() != 201 || !id.find()) {
            return refused("submission", submitted);
        }
        String path = baseUrl + "/api/v1/applications/" + id.group(1);
        HttpResponse<String> r;
        if ((r = send(path + "/acceptance", registrar, "1", "{\"documentsSeen\":[\"MOTHER_ID\"]}")).statusCode() != 200) {
            return refused("acceptance", r);
        }
        if ((r = send(path + "/assignment", backOffice, null, "")).statusCode() != 200) {
            return refused("assignment", r);
        }
        if ((r = send(path + "/review", backOffice, "2", "")).statusCode() != 200) {
            return refused("review", r);
        }
        if (!(r = send(path + "/approval", backOffice, "3", "")).body().contains("\"status\":\"REGISTERED\"")) {
            return refused("approval", r);
        }
        return id.group(1);
    }

    /** One-window steps refused, by step and answer ("approval 409 POTENTIAL_DUPLICATE"), printed by the scenario. */
    final Map<String, java.util.concurrent.atomic.LongAdder> oneWindowRefusals = new java.util.concurrent.ConcurrentHashMap<>();

    private String refused(String step, HttpResponse<String> answer) {
        oneWindowRefusals.computeIfAbsent(step + " " + answer(answer), k -> new java.util.concurrent.atomic.LongAdder()).increment();
        return null;
    }

    private static HttpResponse<String> send(String url, String token, String ifMatch, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            b.header("If-Match", "\"" + ifMatch + "\"");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Connection applicationsDatabase() throws SQLException {
        return database("applications");
    }

    /** A connection to one of the stack's databases ("registry", "applications"...). */
    Connection database(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("SABT_DB_HOST") + ":" + env.get("SABT_DB_PORT") + "/"
                + env.get("SABT_DB_PREFIX") + name, env.getOrDefault("SABT_DB_USER", "postgres"),
                env.getOrDefault("SABT_DB_PASSWORD", "postgres"));
    }

    /** An office with this many open applications (submitted, accepted, in review), deadlines spread over weeks. */
    void seedOpenApplications(String office, int count) throws SQLException {
        try (Connection c = applicationsDatabase()) {
            long have;
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM application WHERE office = '" + office + "'")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have < count) {
                c.createStatement().executeUpdate("""
                        INSERT INTO application (id, service, status, applicant_national_id, applicant_name, office, submitted_by,
                                                 submitted_at, form, documents_seen, version, party_national_ids, accepted_at, deadline,
                                                 overdue_announced_at)
                        SELECT gen_random_uuid(), 'REGISTER_BIRTH',
                               (ARRAY['SUBMITTED', 'ACCEPTED', 'IN_REVIEW'])[g %% 3 + 1], (5000000000 + g)::text, 'Назарзода Малика',
                               '%s', 'bench', now() - make_interval(secs => g), '{}'::jsonb, '[]'::jsonb, 1,
                               ARRAY[(5000000000 + g)::text], CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END,
                               CASE WHEN g %% 3 = 0 THEN NULL ELSE current_date + (g %% 45) - 15 END,
                               -- a backlog the office was told of: else a third of it is announced overdue at once, and
                               -- 30,000 e-mails to its back office load the scenarios after this one
                               CASE WHEN g %% 3 <> 0 AND g %% 45 < 15 THEN now() END
                        FROM generate_series(1, %d) g""".formatted(office, count - have));
                c.createStatement().execute("ANALYZE application");
            }
        }
    }

    /** National staff read an office's review queue (the first page), as a clerk opens it. */
    Result workQueue(int clients, String baseUrl, String office) throws Exception {
        String token = Keycloak.userToken("supervisor");
        URI first = URI.create(baseUrl + "/api/v1/work-queue?queue=TO_REVIEW&limit=20&office=" + office);
        return run("work-queue read (100,000 open)", clients, () -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(first).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("nextCursor");
        });
    }

    /** The queue's own query on raw PostgreSQL, through as many connections as clients. */
    Result rawWorkQueue(int clients, String office) throws Exception {
        java.util.concurrent.BlockingQueue<Connection> pool = new java.util.concurrent.ArrayBlockingQueue<>(clients, true);
        for (int i = 0; i < clients; i++) {
            pool.add(applicationsDatabase());
        }
        try {
            return run("work-queue query on raw PostgreSQL", clients, () -> {
                Connection c = pool.take();
                try (PreparedStatement s = c.prepareStatement("SELECT * FROM application WHERE office = ? AND queue = 'TO_REVIEW' "
                        + "ORDER BY due, submitted_at, id LIMIT 21")) {
                    s.setString(1, office);
                    int rows = 0;
                    try (var rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                        }
                    }
                    return rows == 21;
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

    /**
     * The same rows the service writes for a birth: the number counter, the mother and the child in the person
     * index with their names as search keys, the act, its first version, the parent link, the two act parties, the
     * outbox event and the audit entry; as plain JDBC in one transaction. Its persons are born in a year of their own
     * (the counter's, a century ahead): tens of thousands of one mother and one child, they would otherwise fill the
     * duplicate check's blocks of every birth the service registers after them (until December 2026 they were born
     * yesterday and had no name rows, so the registry's background keying wrote those, under the service's
     * measurement, and each later child named Фарзона or Назарзода was compared with up to 300 of them).
     */
    Result rawPostgres(int clients) throws Exception {
        // As many connections as the service's pool (SABT_DB_POOL_SIZE, 10), shared by the clients as the
        // service shares its pool: the reference and the service get the same database resources.
        int size = Math.min(clients, Integer.parseInt(env.getOrDefault("SABT_DB_POOL_SIZE", "10")));
        // Fair: waiting clients get a connection in arrival order, as from the service's pool, none starves.
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(size, true);
        for (int i = 0; i < size; i++) {
            Connection c = database("registry");
            c.setAutoCommit(false);
            pool.add(c);
        }
        int year = LocalDate.now().getYear() + 100; // a year of its own: the service's numbers stay untouched
        try {
            return run("raw PostgreSQL inserts (reference)", clients, () -> {
                Connection c = pool.take();
                try {
                    return rawBirth(c, year);
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

    private boolean rawBirth(Connection c, int year) throws SQLException {
        UUID act = UUID.randomUUID();
        UUID mother = UUID.randomUUID();
        UUID child = UUID.randomUUID();
        String payload = birthJson();
        LocalDate born = LocalDate.of(year, 6, 15);
        try {
            String number;
            try (PreparedStatement seq = c.prepareStatement("""
                    INSERT INTO number_sequence (office, act_type, year, last_value) VALUES ('DSH01', 'BIRTH', ?, 1)
                    ON CONFLICT (office, act_type, year) DO UPDATE SET last_value = number_sequence.last_value + 1
                    RETURNING last_value""")) {
                seq.setInt(1, year);
                var rs = seq.executeQuery();
                rs.next();
                number = "BIR-DSH01-%d-%06d".formatted(year, rs.getInt(1));
            }
            execute(c, """
                    INSERT INTO person (id, surname, given_name, sex, birth_date, status, marital_status, created_at, keyed)
                    VALUES (?, 'Назарзода', 'Малика', 'FEMALE', ?, 'ALIVE', 'SINGLE', now(), true)""", mother, born.minusYears(30));
            rawName(c, mother, "Назарзода", "Малика");
            execute(c, """
                    INSERT INTO act (id, type, registration_number, office, registration_date, event_date, status, version,
                                     basis_document, payload, registered_by, registered_at)
                    VALUES (?, 'BIRTH', ?, 'DSH01', current_date, ?, 'REGISTERED', 1, ?, CAST(? AS jsonb), 'bench', now())""",
                    act, number, born, "BENCH-" + act, payload);
            execute(c, """
                    INSERT INTO person (id, surname, given_name, sex, birth_date, status, marital_status, birth_act_id, created_at, keyed)
                    VALUES (?, 'Назарзода', 'Фарзона', 'FEMALE', ?, 'ALIVE', 'SINGLE', ?, now(), true)""", child, born, act);
            rawName(c, child, "Назарзода", "Фарзона");
            execute(c, """
                    INSERT INTO person_link (id, person_id, related_id, kind, act_id, since)
                    VALUES (?, ?, ?, 'PARENT', ?, ?)""", UUID.randomUUID(), child, mother, act, born);
            execute(c, """
                    INSERT INTO act_version (act_id, version, change, status, payload, changed_by, changed_at)
                    VALUES (?, 1, 'REGISTERED', 'REGISTERED', CAST(? AS jsonb), 'bench', now())""", act, payload);
            execute(c, "INSERT INTO act_party (act_id, person_id, role) VALUES (?, ?, 'CHILD'), (?, ?, 'MOTHER')",
                    act, child, act, mother);
            execute(c, """
                    INSERT INTO outbox (id, topic, event_type, source, aggregate_id, subject, occurred_at, payload, headers, sent_at)
                    VALUES (?, 'sabt.bench', 'bench', '/bench', ?, ?, now(), CAST(? AS jsonb), '{}', now())""",
                    UUID.randomUUID(), act.toString(), number, payload);
            execute(c, """
                    WITH entry AS (INSERT INTO audit_log (id, at, actor, action, record_type, record_id)
                                   VALUES (?, now(), 'bench', 'BENCH', 'ACT', ?) RETURNING seq)
                    INSERT INTO audit_unsealed (seq) SELECT seq FROM entry""", UUID.randomUUID(), act.toString());
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            return false;
        }
    }

    /** A person's name as the registry keys it for search (its birth date filled in by the table's trigger). */
    private static void rawName(Connection c, UUID person, String surname, String givenName) throws SQLException {
        execute(c, """
                INSERT INTO person_name (person_id, surname, given_name, key_given, key_surname, key_stem, key_name, current, since)
                VALUES (?, ?, ?, ?, ?, ?, ?, true, now())""", person, surname, givenName,
                NameKeys.given(givenName), NameKeys.fold(surname), NameKeys.surnameStem(surname),
                PersonNames.keyName(surname, givenName, null));
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    /** An operation run for a while, not measured: a service's JIT warms on what it will be measured on. */
    void warm(int clients, Callable<Boolean> operation, Duration duration) throws Exception {
        phase(clients, operation, duration, null, null, null);
    }

    /**
     * Births directly on registry-service in rounds of 10 s, not measured, until the whole stack's CPU per birth (every
     * process but this benchmark's) is within 5 % of the round three before (a 30 s span), for at least 60 s and at most
     * 300 s. Each round is printed, and each starts {@link #settle() settled}, as a measured phase does. With one C2
     * compiler thread per service on 2 shared cores, the services' JIT is far from done after a fixed 20 s: in one run
     * the first measured births cost the registry 11 ms of CPU each and the same births 4.8 ms ten minutes later. The
     * CPU per birth falls on a slope, not in steps (41 to 25.5 ms in six settled rounds of one run, 4 to 10 % a round),
     * so a rule on neighbouring rounds stopped on that slope; over 30 s the slope shows (the next run warmed for 15
     * rounds, down to 10 to 11 ms).
     */
    void warmUntilSteady(int clients, String registry) throws Exception {
        Callable<Boolean> birth = birth(registry);
        List<Double> rounds = new ArrayList<>();
        for (int round = 1; round <= 30; round++) {
            settle();
            AtomicLong ok = new AtomicLong();
            Map<String, Long> before = cpu.now();
            phase(clients, birth, Duration.ofSeconds(10), null, ok, new AtomicLong());
            double stack = CpuTime.perOperation(before, cpu.now(), ok.get()).entrySet().stream()
                    .filter(e -> !e.getKey().equals("bench")).mapToDouble(Map.Entry::getValue).sum();
            System.out.printf("  warm-up round %d: %.1f births per s, %.1f ms of the stack's CPU per birth%n", round,
                    ok.get() / 10.0, stack);
            rounds.add(stack);
            double threeBefore = round > 3 ? rounds.get(round - 4) : Double.NaN;
            if (round >= 6 && Math.abs(stack - threeBefore) <= 0.05 * threeBefore) {
                return;
            }
        }
    }

    void phaseUnmeasured(int clients, String baseUrl, Duration duration) throws Exception {
        phase(clients, birth(baseUrl), duration, null, null, null);
    }

    /** One birth registered as the registrar (true when it was: 201), its answer not read. */
    private static Callable<Boolean> birth(String baseUrl) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        URI uri = URI.create(baseUrl + "/api/v1/acts");
        return () -> HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(birthJson())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
    }

    /**
     * The gateway's own path for a registration (the token, the body read whole, the exchange with the service, the log
     * line), warmed at the rate of an answer given at once: births for an office that does not exist, which the registry
     * refuses (422 OFFICE_UNKNOWN) before it writes anything. The 10 s of births through the gateway are some 400
     * requests, too few for its JIT: a profile of the gateway during the measured births found 1.4 s of C2 compilations in
     * 20 s, about 1.6 ms of CPU per birth that a gateway which has been running a while does not pay.
     */
    void warmGatewayPath(int clients, String gateway, Duration duration) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        URI uri = URI.create(gateway + "/api/v1/acts");
        phase(clients, () -> HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(birthJson().replace("\"DSH01\"", "\"ZZZ99\""))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 422, duration, null, null, null);
    }

    /** Registers exactly {@code count} births (of as many tries again as needed, up to twice as many), not measured. */
    void phaseUnmeasuredCount(int clients, String baseUrl, int count) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        URI uri = URI.create(baseUrl + "/api/v1/acts");
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(count);
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger(2 * count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0 && tries.getAndDecrement() > 0) {
                        if (HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(birthJson())).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
                            left.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
    }

    /**
     * Waits until registry-service's outbox is drained, its audit sealer has chained every entry, and every consumer
     * group has caught up with the topics, so that a scenario does not pay for the relay, the sealer and the consumers
     * still working off the previous one (the raw reference's 25,000 audit entries, sealed during scenario 3's births,
     * put 77 ms of PostgreSQL CPU on each of them instead of 11).
     */
    void settle() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        try (Admin admin = Admin.create(props); Connection c = database("registry")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> pendingInOutbox(c) == 0 && unsealed(c) == 0 && lag(admin) == 0);
        } catch (ConditionTimeoutException e) {
            System.out.println("  (the relay, the audit sealer or the consumers had not caught up after 120 s; measuring anyway)");
        }
        vacuum();
    }

    /**
     * VACUUM (ANALYZE) of each service's database, as PostgreSQL's autovacuum would have done by then: a PostgreSQL
     * with autovacuum off (this workplace's machines have it off) never has the tables' statistics, nor has the dead
     * rows of the counters, the outbox and the audit queue removed, so each phase would run on the garbage and the plans
     * of those before it (scenario 3's births, measured after the raw reference's 30,000 rows, ran at 40 to 48 per second
     * with 34 ms of PostgreSQL CPU each; 88 per second and 5.8 ms once vacuumed and analyzed).
     */
    private void vacuum() throws SQLException {
        for (String name : List.of("registry", "applications", "documents", "notifications")) {
            try (Connection c = database(name); var statement = c.createStatement()) {
                statement.execute("VACUUM (ANALYZE)");
            }
        }
    }

    private static long pendingInOutbox(Connection c) throws SQLException {
        return count(c, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    }

    private static long unsealed(Connection c) throws SQLException {
        return count(c, "SELECT count(*) FROM audit_unsealed");
    }

    private static long count(Connection c, String query) throws SQLException {
        try (var rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Messages the consumer groups have not yet processed, over all topics they read. */
    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            for (var e : committed.entrySet()) {
                if (e.getValue() != null) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
        }
        return lag;
    }

    Result run(String scenario, int clients, Callable<Boolean> operation) throws Exception {
        settle();
        phase(clients, operation, warmup, null, null, null);
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Long> before = cpu.now();
        long t0 = System.nanoTime();
        phase(clients, operation, measure, latency, ok, errors);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Result r = new Result(scenario, clients, ok.get(), errors.get(), seconds, latency,
                CpuTime.perOperation(before, cpu.now(), ok.get()));
        System.out.println(r.row());
        return r;
    }

    /**
     * Runs the clients for the duration; records latency in microseconds when a histogram is given, and counts
     * successes and errors when counters are.
     */
    static void phase(int clients, Callable<Boolean> operation, Duration duration, Histogram latency,
                              AtomicLong ok, AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        boolean success;
                        try {
                            success = operation.call();
                        } catch (Exception e) {
                            success = false;
                        }
                        if (latency != null) {
                            synchronized (latency) {
                                latency.recordValue(Math.min((System.nanoTime() - start) / 1000, 60_000_000L));
                            }
                        }
                        if (ok != null) {
                            (success ? ok : errors).incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
    }

    /**
     * A birth as a maternity ward declares it: a child born in the last month and a mother the registry does not know
     * yet, with her own national id (so that the duplicate check compares, and finds no one), both named from the
     * national names register (surnames in their forms, given names, patronymics) as the population of the search
     * benchmark is. Until December 2026 every child was a Назарзода with one of 17 given names: after n births each new
     * one had about n / 476 earlier children of its name and birth date to compare (hundreds in a long run), a cost that
     * grew with the run and that no district's registry meets.
     */
    static String birthJson() {
        var random = ThreadLocalRandom.current();
        PopulationGenerator.Sex sex = random.nextBoolean() ? PopulationGenerator.Sex.FEMALE : PopulationGenerator.Sex.MALE;
        Birth birth = named(sex, LocalDate.now().minusDays(1 + random.nextInt(28)),
                LocalDate.of(1980, 1, 1).plusDays(random.nextInt(9000)));
        PopulationGenerator.Someone child = birth.child(), mother = birth.mother();
        return """
                {"type":"BIRTH","office":"DSH01",
                 "child":{"surname":"%s","givenName":"%s","sex":"%s","birthDate":"%s","placeOfBirth":"Душанбе"},
                 "mother":{"surname":"%s","givenName":"%s","patronymic":"%s","sex":"FEMALE","birthDate":"%s",
                           "citizenship":"TJK","nationalId":"%s"},
                 "medicalCertificateNumber":"MBC-%s"}""".formatted(child.surname(), child.givenName(), sex,
                child.birthDate(), mother.surname(), mother.givenName(), mother.patronymic(), mother.birthDate(),
                nationalId(), UUID.randomUUID());
    }

    private record Birth(PopulationGenerator.Someone child, PopulationGenerator.Someone mother) {
    }

    /** Read once, on the first birth; its Random is not for two threads at once, so the clients take turns. */
    private static PopulationGenerator births;

    /** A child and a mother, named from the names register. */
    private static synchronized Birth named(PopulationGenerator.Sex sex, LocalDate born, LocalDate motherBorn) {
        if (births == null) {
            try {
                births = new PopulationGenerator(3, Files.newInputStream(namesCsv()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Birth(births.born(sex, born), births.born(PopulationGenerator.Sex.FEMALE, motherBorn));
    }

    /** The national names register (shared reference data, beside the repository). */
    static Path namesCsv() {
        return Path.of(System.getenv().getOrDefault("SABT_REPO", ".")).resolve("../shared/data/names.csv");
    }

    static final String[] GIRLS = {"Мадина", "Нигина", "Шаҳло", "Фарзона", "Гулноза", "Дилноза", "Зарина",
            "Меҳрангез", "Паризод", "Садбарг", "Манижа", "Таҳмина", "Нилуфар", "Ситора", "Ҳилола", "Фируза", "Мунира"};

    static String nationalId() {
        return String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    }

    private static String table(List<Result> results) {
        StringBuilder b = new StringBuilder("""
                | scenario                           | clients | req/s | p50 ms | p95 ms | p99 ms | errors |
                |------------------------------------|---:|---:|---:|---:|---:|---:|
                """);
        results.forEach(r -> b.append(r.row()).append('\n'));
        return b.toString();
    }

    private static String ratios(List<Result> results) {
        StringBuilder b = new StringBuilder("Ratios (same run), each with its goal (issue 11):\n");
        for (int clients : List.of(8, 32)) {
            Result gw = find(results, "births via gateway", clients);
            Result direct = find(results, "births direct on registry-service", clients);
            b.append("- registrations, gateway / direct throughput at %d clients: %.2f (goal at least 0.85); p50 latency added by the gateway: %.2f ms%n"
                    .formatted(clients, gw.throughput() / direct.throughput(),
                            (gw.latency().getValueAtPercentile(50) - direct.latency().getValueAtPercentile(50)) / 1000.0));
        }
        b.append("- registrations through the gateway at 32 clients: p95 %.1f ms (goal under 100 ms)%n".formatted(
                find(results, "births via gateway", 32).latency().getValueAtPercentile(95) / 1000.0));
        Result applications = find(results, "applications submitted to REGISTERED", 8);
        Result births = latest(results, "births direct on registry-service", 8).orElseThrow();
        b.append("- one-window applications to REGISTERED / births registered directly, 8 clients: %.2f (%.1f vs %.1f per second)%n"
                .formatted(applications.throughput() / births.throughput(), applications.throughput(), births.throughput()));
        Result queue = find(results, "work-queue read (100,000 open)", 8);
        Result rawQueue = find(results, "work-queue query on raw PostgreSQL", 8);
        b.append("- work-queue read with 100,000 open applications: p95 %.2f ms (p50 %.2f); the raw query p95 %.2f ms; throughput ratio %.2f%n"
                .formatted(queue.latency().getValueAtPercentile(95) / 1000.0, queue.latency().getValueAtPercentile(50) / 1000.0,
                        rawQueue.latency().getValueAtPercentile(95) / 1000.0, queue.throughput() / rawQueue.throughput()));
        for (int clients : List.of(1, 8, 32)) {
            Result service = find(results, "births direct on registry-service", clients);
            Result raw = find(results, "raw PostgreSQL inserts (reference)", clients);
            b.append("- registry-service / raw PostgreSQL throughput at %d clients: %.2f%s%n".formatted(clients,
                    service.throughput() / raw.throughput(), clients == 1 ? "" : " (goal at least 0.5)"));
        }
        return b.toString();
    }

    /** The last result of a scenario at so many clients (a scenario measured again beside a later one). */
    static java.util.Optional<Result> latest(List<Result> results, String scenario, int clients) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.clients() == clients).reduce((first, last) -> last);
    }

    static Result find(List<Result> results, String scenario, int clients) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.clients() == clients).findFirst().orElseThrow();
    }
}
