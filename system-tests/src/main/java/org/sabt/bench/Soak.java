package org.sabt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ./sabt soak: the main stories through the gateway at a steady load (4 clients) for SABT_SOAK_MINUTES (30), and
 * minute by minute the requests, errors, latency percentiles, and each service's heap and resident memory. The report
 * ends with the verdict: memory flat (see {@link #verdict}) and no errors.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("registry-service", "application-service", "document-service",
            "notification-service", "api-gateway");
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+-]+)$",
            Pattern.MULTILINE);
    private static final Pattern COMMITTED = Pattern.compile(
            "^jvm_memory_committed_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+-]+)$", Pattern.MULTILINE);

    /** memory: per service {heap in use, resident, heap committed} in MB; live: heap in use after a full GC, where measured. */
    record Minute(int minute, long ok, long errors, Histogram latency, Map<String, long[]> memory, Map<String, Long> live) {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "soak-report.md");
        int minutes = Integer.parseInt(System.getenv().getOrDefault("SABT_SOAK_MINUTES", "30"));
        Map<String, String> env = System.getenv();
        String gateway = env.get("SABT_GATEWAY_URL");
        String registrar = Keycloak.userToken("registrar.sino");
        String portal = Keycloak.clientToken("sabt-demo-portal", "demo-portal-secret-DEV-ONLY");
        List<String> acts = new CopyOnWriteArrayList<>();
        long tokenAt = System.nanoTime();
        String[] tokens = {registrar, portal};

        System.out.printf("Soak: %d minutes, 4 clients through the gateway: births (60%%), reads of an act (20%%), "
                + "searches by name (10%%), portal applications (10%%)%n", minutes);
        List<Minute> rows = new ArrayList<>();
        System.out.println("| minute | requests | errors | p50 ms | p95 ms | p99 ms | " + String.join(" | ", SERVICES.stream()
                .map(s -> s + " heap/RSS MB").toList()) + " |");
        for (int m = 1; m <= minutes; m++) {
            if (System.nanoTime() - tokenAt > Duration.ofMinutes(3).toNanos()) {
                tokens[0] = Keycloak.userToken("registrar.sino"); // tokens live 5 minutes
                tokens[1] = Keycloak.clientToken("sabt-demo-portal", "demo-portal-secret-DEV-ONLY");
                tokenAt = System.nanoTime();
            }
            Histogram latency = new Histogram(60_000_000L, 3);
            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            Bench.phase(4, () -> operation(gateway, tokens[0], tokens[1], acts), Duration.ofMinutes(1), latency, ok, errors);
            // The live heap (after a full collection) where the verdict compares it: the end of the first third, the end.
            Map<String, Long> live = m == minutes / 3 || m == minutes ? liveHeap(env) : Map.of();
            Minute row = new Minute(m, ok.get(), errors.get(), latency, memory(env), live);
            rows.add(row);
            System.out.println(line(row));
        }
        String verdict = verdict(rows) + (FAILURES.isEmpty() ? "" : " Failed requests: " + FAILURES + ".");
        System.out.println(verdict);
        StringBuilder b = new StringBuilder("# Sabt soak, " + LocalDateTime.now().withNano(0) + "\n\n" + minutes
                + " minutes, 4 clients through the gateway.\n\n| minute | requests | errors | p50 ms | p95 ms | p99 ms | "
                + String.join(" | ", SERVICES.stream().map(s -> s + " heap/RSS MB").toList()) + " |\n|"
                + "---|".repeat(6 + SERVICES.size()) + "\n");
        rows.forEach(r -> b.append(line(r)).append('\n'));
        Files.writeString(report, b + "\n" + verdict + "\n");
        System.out.println("report: " + report);
    }

    /** One request of the mix; true when it got the answer it should. */
    private static boolean operation(String gateway, String registrar, String portal, List<String> acts) throws Exception {
        int pick = ThreadLocalRandom.current().nextInt(10);
        if (pick < 6 || acts.isEmpty()) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/acts"))
                    .header("Authorization", "Bearer " + registrar).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Bench.birthJson())));
            if (r.statusCode() == 201) {
                JsonNode act = JSON.readTree(r.body());
                if (acts.size() < 1000) {
                    acts.add(act.path("id").asText());
                }
                return true;
            }
            return false;
        }
        if (pick < 8) {
            String id = acts.get(ThreadLocalRandom.current().nextInt(acts.size()));
            return send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/acts/" + id))
                    .header("Authorization", "Bearer " + registrar).header("X-Reason", "soak").GET()).statusCode() == 200;
        }
        if (pick < 9) {
            return send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/persons?q="
                    + URLEncoder.encode("Назарзода Нигина", StandardCharsets.UTF_8) + "&birthYear=1995"))
                    .header("Authorization", "Bearer " + registrar).header("X-Reason", "soak").GET()).statusCode() == 200;
        }
        String id = acts.get(ThreadLocalRandom.current().nextInt(acts.size()));
        HttpResponse<String> number = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/acts/" + id))
                .header("Authorization", "Bearer " + registrar).header("X-Reason", "soak").GET());
        if (number.statusCode() != 200) {
            return false;
        }
        String registration = JSON.readTree(number.body()).path("registrationNumber").asText();
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/applications"))
                .header("Authorization", "Bearer " + portal).header("X-Citizen-Id", "1000000001")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"service": "REPEAT_CERTIFICATE", "office": "DSH01", "form": {"registrationNumber": "%s"},
                         "contact": {"phone": "+992900000001", "language": "tg"}}""".formatted(registration))));
        return submitted.statusCode() == 201;
    }

    /** What the requests that failed got (method, path, status and problem code, or the exception), by count. */
    private static final Map<String, java.util.concurrent.atomic.LongAdder> FAILURES = new java.util.concurrent.ConcurrentHashMap<>();

    private static HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        String what = request.method() + " " + request.uri().getPath().replaceAll("[0-9a-f-]{36}", "{id}");
        try {
            HttpResponse<String> r = Bench.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                FAILURES.computeIfAbsent(what + " " + Bench.answer(r), k -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
            }
            return r;
        } catch (Exception e) {
            FAILURES.computeIfAbsent(what + " " + e.getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
            throw e;
        }
    }

    /** Each service's heap in use right after a full collection (jcmd GC.run): what it really holds, in MB. */
    private static Map<String, Long> liveHeap(Map<String, String> env) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Path pids = Path.of(env.getOrDefault("SABT_HOME", ".sabt/soak")).resolve("pids");
        for (String service : SERVICES) {
            try {
                String pid = Files.readString(pids.resolve(service + ".pid")).trim();
                Process gc = new ProcessBuilder(jcmd.toString(), pid, "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                gc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // then the live heap below is just the heap in use
            }
        }
        Map<String, Long> live = new java.util.LinkedHashMap<>();
        memory(env).forEach((service, m) -> live.put(service, m[0]));
        return live;
    }

    /** Each service's heap in use and committed (its metrics) and resident memory (its process), in MB. */
    private static Map<String, long[]> memory(Map<String, String> env) {
        Map<String, long[]> memory = new java.util.LinkedHashMap<>();
        Map<String, String> urls = Map.of("registry-service", env.get("SABT_REGISTRY_URL"), "application-service",
                env.get("SABT_APPLICATION_URL"), "document-service", env.get("SABT_DOCUMENT_URL"), "notification-service",
                env.get("SABT_NOTIFICATION_URL"), "api-gateway", env.get("SABT_GATEWAY_URL"));
        Path pids = Path.of(env.getOrDefault("SABT_HOME", ".sabt/soak")).resolve("pids");
        for (String service : SERVICES) {
            long heap = -1;
            long rss = -1;
            long committed = -1;
            try {
                String metrics = send(HttpRequest.newBuilder(URI.create(urls.get(service) + "/q/metrics")).GET()).body();
                Matcher m = HEAP.matcher(metrics);
                double sum = 0;
                while (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
                heap = Math.round(sum / (1024 * 1024));
                Matcher c = COMMITTED.matcher(metrics);
                double total = 0;
                while (c.find()) {
                    total += Double.parseDouble(c.group(1));
                }
                committed = Math.round(total / (1024 * 1024));
                String pid = Files.readString(pids.resolve(service + ".pid")).trim();
                for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (l.startsWith("VmRSS:")) {
                        rss = Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (Exception e) {
                // shown as -1: the service did not answer or is not a local process
            }
            memory.put(service, new long[]{heap, rss, committed});
        }
        return memory;
    }

    private static String line(Minute r) {
        return "| %d | %d | %d | %.1f | %.1f | %.1f | %s |".formatted(r.minute(), r.ok() + r.errors(), r.errors(),
                r.latency().getValueAtPercentile(50) / 1000.0, r.latency().getValueAtPercentile(95) / 1000.0,
                r.latency().getValueAtPercentile(99) / 1000.0, String.join(" | ", r.memory().values().stream()
                        .map(v -> v[0] + "/" + v[1]).toList()));
    }

    /**
     * Flat memory, for every service from the end of the run's first third (warmed up) to the end: the live heap (in
     * use right after a full collection) within 15% (and 8 MB), and the memory outside the heap (resident minus the
     * heap committed: metaspace, code, threads, buffers) within 15%. A JVM grows its committed heap towards -Xmx
     * whenever the load asks, and keeps it; that moves the resident memory but is no leak. A leak grows what stays
     * live, or what lies outside the heap. And no errors.
     */
    static String verdict(List<Minute> rows) {
        long errors = rows.stream().mapToLong(Minute::errors).sum();
        long requests = rows.stream().mapToLong(r -> r.ok() + r.errors()).sum();
        StringBuilder b = new StringBuilder("Verdict: %d requests, %d errors. ".formatted(requests, errors));
        if (rows.size() < 6) {
            return b.append("Too short to judge memory (6 minutes at least).").toString();
        }
        Minute start = rows.get(rows.size() / 3 - 1);
        Minute end = rows.get(rows.size() - 1);
        b.append("From minute %d to minute %d, live heap and memory outside the heap (resident minus committed heap), MB: "
                .formatted(start.minute(), end.minute()));
        boolean flat = true;
        for (String service : SERVICES) {
            long liveBefore = start.live().getOrDefault(service, -1L);
            long liveAfter = end.live().getOrDefault(service, -1L);
            long outsideBefore = start.memory().get(service)[1] - start.memory().get(service)[2];
            long outsideAfter = end.memory().get(service)[1] - end.memory().get(service)[2];
            b.append("%s %d -> %d and %d -> %d (resident %d -> %d); ".formatted(service, liveBefore, liveAfter, outsideBefore,
                    outsideAfter, start.memory().get(service)[1], end.memory().get(service)[1]));
            flat &= liveBefore > 0 && liveAfter <= liveBefore * 1.15 + 8 && outsideBefore > 0 && outsideAfter <= outsideBefore * 1.15;
        }
        return b.append(flat ? "memory flat." : "memory NOT flat.").append(errors == 0 ? " No errors." : " ERRORS.").toString();
    }
}
