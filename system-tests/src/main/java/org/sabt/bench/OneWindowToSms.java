package org.sabt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 3's whole path (issue 11, item 5): births taken at the counter and driven through the one window to
 * REGISTERED by 8 clients, as in scenario 3, each application with a phone of its own; its path ends when the local
 * SMSC has taken the whole SMS telling the citizen that the certificate was issued (document-service issued it on the
 * REGISTERED event, application-service moved to CERTIFICATE_ISSUED on the certificate's event, notification-service
 * sent the SMS). The clients do not wait for the SMS, as an office does not: the rest of the path runs behind them, and
 * its throughput is the paths completed over the time from the first measured submission to the last SMS, so a tail
 * that cannot keep up shows. Each step's latency comes from the application's own status changes.
 */
final class OneWindowToSms {

    static final String PATH = "one window: submission to certificate SMS";
    private static final String CERTIFICATE_ISSUED = "шаҳодатнома дода шуд"; // the Tajik SMS's words (msg_tg.properties)
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Bench bench;
    private final String applications;
    private final String peers;
    private final String documents;

    OneWindowToSms(Bench bench, String applications) {
        this.bench = bench;
        this.applications = applications;
        this.peers = bench.env.get("SABT_PEERS_URL");
        this.documents = bench.env.get("SABT_DOCUMENT_URL");
    }

    String run(List<Bench.Result> results, List<Bench.Mother> mothers) throws Exception {
        String registrar = Keycloak.userToken("registrar.sino");
        String backOffice = Keycloak.userToken("backoffice.sino");
        Certificates.birthBlanksInDsh01(documents, "XL-БН"); // enough for every certificate the scenario is owed
        AtomicInteger phones = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000));
        Map<String, Long> submitted = new ConcurrentHashMap<>(); // phone -> submission, ms since the epoch
        Map<String, String> applicationOf = new ConcurrentHashMap<>(); // phone -> application id

        // Four services' paths are warmed, not one: the first runs after a start spent twice the CPU per path (JIT).
        bench.settle();
        Bench.phase(8, () -> bench.toRegistered(applications, mothers, "+99291" + phones.incrementAndGet(), registrar,
                backOffice) != null, bench.warmup.multipliedBy(4), null, null, null);
        bench.settle();
        int smsBefore = segments(0).size();
        Histogram toRegistered = new Histogram(60_000_000L, 3);
        AtomicLong registered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Map<String, Long> cpuBefore = bench.cpu.now();
        long start = System.currentTimeMillis();
        Bench.phase(8, () -> {
            String phone = "99291" + phones.incrementAndGet();
            long at = System.currentTimeMillis();
            String id = bench.toRegistered(applications, mothers, "+" + phone, registrar, backOffice);
            if (id != null) {
                submitted.put(phone, at);
                applicationOf.put(phone, id);
            }
            return id != null;
        }, bench.measure, toRegistered, registered, refused);

        // Follow the SMSC until every registered application's certificate SMS is whole, or three minutes pass.
        Map<String, Instant> delivered = new ConcurrentHashMap<>();
        Map<String, Map<Integer, List<JsonNode>>> pending = new HashMap<>(); // phone -> concatenation reference -> parts
        AtomicInteger read = new AtomicInteger(smsBefore);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<JsonNode> fresh = segments(read.get());
                read.addAndGet(fresh.size());
                for (JsonNode segment : fresh) {
                    String phone = segment.path("to").asText();
                    if (submitted.containsKey(phone) && !delivered.containsKey(phone)) {
                        Instant whole = whole(pending.computeIfAbsent(phone, p -> new HashMap<>()), segment);
                        if (whole != null) {
                            delivered.put(phone, whole);
                        }
                    }
                }
                return delivered.size() == submitted.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("  %d of %d certificate SMS had not arrived after 3 minutes%n",
                    submitted.size() - delivered.size(), submitted.size());
        }
        Map<String, Long> cpuAfter = bench.cpu.now();
        long end = delivered.values().stream().mapToLong(Instant::toEpochMilli).max().orElse(System.currentTimeMillis());
        Histogram path = new Histogram(600_000_000L, 3);
        delivered.forEach((phone, at) -> path.recordValue(Math.max(0, at.toEpochMilli() - submitted.get(phone)) * 1000));
        Bench.Result result = new Bench.Result(PATH, 8, delivered.size(), refused.get() + submitted.size() - delivered.size(),
                (end - start) / 1000.0, path, CpuTime.perOperation(cpuBefore, cpuAfter, delivered.size()));
        System.out.println(result.row());
        results.add(result);
        return steps(results, result, toRegistered, delivered, applicationOf);
    }

    /** The segments the SMSC took, from the {@code from}th. */
    private List<JsonNode> segments(int from) throws Exception {
        HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(peers + "/sms?from=" + from)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(r.body()).forEach(list::add);
        return list;
    }

    /**
     * Adds a segment to its message; when that makes the certificate message whole, the time its last segment
     * arrived. A single segment is a message of its own; concatenated ones share a reference (UDH: reference, parts,
     * part number).
     */
    private static Instant whole(Map<Integer, List<JsonNode>> messages, JsonNode segment) {
        JsonNode udh = segment.path("udh");
        List<JsonNode> parts;
        if (udh.isArray()) {
            parts = messages.computeIfAbsent(udh.get(0).asInt(), r -> new ArrayList<>());
            parts.add(segment);
            if (parts.size() < udh.get(1).asInt()) {
                return null;
            }
            messages.remove(udh.get(0).asInt());
        } else {
            parts = List.of(segment);
        }
        Map<Integer, String> ordered = new TreeMap<>();
        parts.forEach(p -> ordered.put(p.path("udh").isArray() ? p.path("udh").get(2).asInt() : 1, p.path("text").asText()));
        if (!String.join("", ordered.values()).contains(CERTIFICATE_ISSUED)) {
            return null;
        }
        return parts.stream().map(p -> Instant.parse(p.path("at").asText())).max(Instant::compareTo).orElseThrow();
    }

    /** The path's figures, each step's latency (from the application's status changes) and each service's CPU. */
    private String steps(List<Bench.Result> results, Bench.Result path, Histogram toRegistered, Map<String, Instant> delivered,
                         Map<String, String> applicationOf) throws Exception {
        Histogram issuing = new Histogram(600_000_000L, 3);
        Histogram notifying = new Histogram(600_000_000L, 3);
        try (Connection c = bench.applicationsDatabase();
             PreparedStatement s = c.prepareStatement("""
                     SELECT CAST(r.application_id AS text), r.changed_at, i.changed_at FROM application_status_change r
                     JOIN application_status_change i ON i.application_id = r.application_id AND i.status = 'CERTIFICATE_ISSUED'
                     WHERE r.application_id = ANY (CAST(? AS uuid[])) AND r.status = 'REGISTERED'""")) {
            Map<String, Instant> smsOf = new HashMap<>();
            delivered.forEach((phone, at) -> smsOf.put(applicationOf.get(phone), at));
            s.setArray(1, c.createArrayOf("text", smsOf.keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant registeredAt = rs.getTimestamp(2).toInstant();
                    Instant issuedAt = rs.getTimestamp(3).toInstant();
                    issuing.recordValue(Math.max(0, Duration.between(registeredAt, issuedAt).toNanos() / 1000));
                    notifying.recordValue(Math.max(0, Duration.between(issuedAt, smsOf.get(rs.getString(1))).toNanos() / 1000));
                }
            }
        }
        Bench.Result births = Bench.latest(results, "births direct on registry-service", 8).orElse(null);
        StringBuilder b = new StringBuilder();
        b.append("- one window, submission to the certificate SMS at the SMSC, 8 clients: %.1f paths per second, p50 %.0f ms, "
                .formatted(path.throughput(), path.latency().getValueAtPercentile(50) / 1000.0))
                .append("p95 %.0f ms%s%n".formatted(path.latency().getValueAtPercentile(95) / 1000.0, births == null ? ""
                        : "; births registered directly %.1f per second (ratio %.2f)".formatted(births.throughput(),
                        path.throughput() / births.throughput())));
        b.append("  - its steps, p50 / p95 ms: submission to REGISTERED (the clients' four requests) %.0f / %.0f; "
                .formatted(toRegistered.getValueAtPercentile(50) / 1000.0, toRegistered.getValueAtPercentile(95) / 1000.0))
                .append("REGISTERED to CERTIFICATE_ISSUED %.0f / %.0f; CERTIFICATE_ISSUED to the SMS whole at the SMSC %.0f / %.0f%n"
                        .formatted(issuing.getValueAtPercentile(50) / 1000.0, issuing.getValueAtPercentile(95) / 1000.0,
                                notifying.getValueAtPercentile(50) / 1000.0, notifying.getValueAtPercentile(95) / 1000.0));
        if (births != null && !path.cpu().isEmpty()) {
            b.append("  - CPU ms per path (per birth registered directly):");
            path.cpu().forEach((process, ms) -> b.append(" %s %.1f (%.1f);".formatted(process, ms,
                    births.cpu().getOrDefault(process, 0.0))));
            b.append('\n');
        }
        return b.toString();
    }
}
