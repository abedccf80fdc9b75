package org.sabt.bench;

import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 10 (issue 11, items 2 to 4): audited reads and the token check, each directly on registry-service and
 * through the gateway at 8 and 32 clients. A registrar of DSH01 reads acts of their office, then persons (the mothers
 * of those acts), with {@code X-Reason}: every read writes an audit entry that the sealer chains. Then the same
 * registrar asks for the audit log, which is the auditor's: a valid token the service refuses at once (403), so that
 * what is measured is the token check and the way there. The audit must stay complete: the entries written for the
 * scenario's reads are counted against the reads answered 200, and the chain must catch up (no unsealed entry left).
 */
final class AuditedReads {

    private static final Pattern ACT_ID = Pattern.compile("^\\{\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern PERSON_ID = Pattern.compile("\"personId\":\"([0-9a-f-]{36})\"");
    private static final int RECORDS = 200;

    private final Bench bench;
    private final String registry;
    private final String gateway;
    private final LeanHttp.Pool connections = new LeanHttp.Pool();
    private final LongAdder answered = new LongAdder();

    AuditedReads(Bench bench, String registry, String gateway) {
        this.bench = bench;
        this.registry = registry;
        this.gateway = gateway;
    }

    String run(List<Bench.Result> results) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        List<String> acts = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/api/v1/acts"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Bench.birthJson())).build(), HttpResponse.BodyHandlers.ofString());
            Matcher act = ACT_ID.matcher(r.body());
            Matcher person = PERSON_ID.matcher(r.body());
            if (r.statusCode() != 201 || !act.find() || !person.find()) {
                throw new IllegalStateException("cannot register a birth to read: " + r.statusCode() + " " + r.body());
            }
            acts.add(act.group(1));
            persons.add(person.group(1));
        }
        long entriesBefore = readEntries();
        Map<String, Callable<Boolean>> reads = new LinkedHashMap<>();
        reads.put("audited act reads direct", read(registry, "/api/v1/acts/", acts, token));
        reads.put("audited act reads via gateway", read(gateway, "/api/v1/acts/", acts, token));
        reads.put("audited person reads direct", read(registry, "/api/v1/persons/", persons, token));
        reads.put("audited person reads via gateway", read(gateway, "/api/v1/persons/", persons, token));
        Map<String, Callable<Boolean>> refusals = new LinkedHashMap<>();
        refusals.put("valid token, immediate 403, direct", refusal(registry, token));
        refusals.put("valid token, immediate 403, via gateway", refusal(gateway, token));
        // Each path is new to the JIT compilers: warmed first, or the first phases pay for the compilation.
        for (Callable<Boolean> path : Stream.concat(reads.values().stream(), refusals.values().stream()).toList()) {
            Bench.phase(32, path, Duration.ofSeconds(5), null, null, null);
        }
        List<Bench.Result> mine = new ArrayList<>();
        for (int clients : List.of(8, 32)) {
            for (var path : reads.entrySet()) {
                mine.add(bench.run(path.getKey(), clients, path.getValue()));
            }
        }
        long entries = readEntries() - entriesBefore;
        boolean sealed = chainCaughtUp();
        for (int clients : List.of(8, 32)) {
            for (var path : refusals.entrySet()) {
                mine.add(bench.run(path.getKey(), clients, path.getValue()));
            }
        }
        results.addAll(mine);
        StringBuilder b = new StringBuilder();
        for (String what : List.of("audited act reads", "audited person reads", "valid token, immediate 403,")) {
            for (int clients : List.of(8, 32)) {
                Bench.Result direct = find(mine, what + " direct", clients);
                Bench.Result via = find(mine, what + " via gateway", clients);
                b.append("- %s, %d clients: via gateway / direct %.2f (goal at least 0.85)%n".formatted(what.replace(",", ""),
                        clients, via.throughput() / direct.throughput()));
            }
        }
        for (String what : List.of("audited act reads direct", "audited person reads direct")) {
            Bench.Result r = find(mine, what, 32);
            b.append("- %s, 32 clients: %.0f/s, p95 %.1f ms (goal at least 1,000/s with p95 under 50 ms)%n".formatted(what,
                    r.throughput(), r.latency().getValueAtPercentile(95) / 1000.0));
        }
        b.append("- the audit of these reads: %d reads answered, %d READ entries written; %s%n".formatted(answered.sum(), entries,
                sealed ? "every entry chained by the sealer within 60 s" : "entries still unsealed after 60 s"));
        return b.toString();
    }

    /** A read of a random record of the list, with a reason; warm-up reads count too (they are audited). */
    private Callable<Boolean> read(String base, String path, List<String> ids, String token) {
        return () -> {
            String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            boolean ok = connections.with(base, http -> http.get(path + id, token, "bench")).status() == 200;
            if (ok) {
                answered.increment();
            }
            return ok;
        };
    }

    private Callable<Boolean> refusal(String base, String token) {
        return () -> connections.with(base, http -> http.get("/api/v1/audit?recordId=x", token, "bench")).status() == 403;
    }


    private static Bench.Result find(List<Bench.Result> results, String scenario, int clients) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.clients() == clients).findFirst()
                .orElseThrow();
    }

    private long readEntries() throws SQLException {
        try (Connection c = database(); var rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'READ' AND reason = 'bench'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean chainCaughtUp() throws SQLException {
        try (Connection c = database()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_unsealed")) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private Connection database() throws SQLException {
        return bench.database("registry");
    }
}
