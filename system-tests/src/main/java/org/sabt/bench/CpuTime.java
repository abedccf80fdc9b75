package org.sabt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a scenario's CPU goes: the user and system time of each process of the stack (each service, Kafka, Keycloak,
 * PostgreSQL's backends together, this benchmark's own JVM), read from /proc before and after the measured phase and
 * divided by the operations done, so that a step that costs more than it should shows in milliseconds of CPU per
 * operation, not only as a lower rate. A PostgreSQL backend that ends within the phase is not counted (the services'
 * pooled connections stay open). Linux only; elsewhere the table is empty.
 */
final class CpuTime {

    /** The processes the stack's launcher records a pid file for. */
    private static final List<String> RECORDED = List.of("registry-service", "application-service", "document-service",
            "notification-service", "api-gateway", "kafka", "keycloak");
    /** Every process, in the report's order. */
    static final List<String> PROCESSES = Stream.concat(RECORDED.stream(), Stream.of("postgres", "bench"))
            .toList();

    /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
    private static final double MS_PER_TICK = 10;

    private final Path pids;

    CpuTime(Path pids) {
        this.pids = pids;
    }

    /** CPU time so far per process, in ticks. */
    Map<String, Long> now() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            ticks.put(name, 0L);
        }
        for (String service : RECORDED) {
            try {
                ticks.put(service, ticks(proc(pids, service)));
            } catch (IOException | RuntimeException e) {
                // not running here: counted as nothing
            }
        }
        ticks.put("bench", ticks(Path.of("/proc", Long.toString(ProcessHandle.current().pid()))));
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            ticks.put("postgres", all.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> "postgres".equals(comm(p))).mapToLong(CpuTime::ticks).sum());
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        return ticks;
    }

    /** The /proc directory of a process the launcher recorded a pid file for. */
    static Path proc(Path pids, String name) throws IOException {
        return Path.of("/proc", Files.readString(pids.resolve(name + ".pid")).trim());
    }

    /** Milliseconds of CPU per operation and process between two readings. */
    static Map<String, Double> perOperation(Map<String, Long> before, Map<String, Long> after, long operations) {
        Map<String, Double> ms = new LinkedHashMap<>();
        if (operations == 0) {
            return ms;
        }
        for (String name : PROCESSES) {
            long spent = after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
            ms.put(name, Math.max(0, spent) * MS_PER_TICK / operations);
        }
        return ms;
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat, counted after the command's parenthesis). */
    private static long ticks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The table of CPU per operation for the results that have one. */
    static String table(List<Bench.Result> results) {
        StringBuilder b = new StringBuilder("""
                CPU per operation, ms, by process (the whole stack shares %d cores; a backend PostgreSQL ended within \
                the phase is not counted):

                | scenario | clients | registry | application | document | notification | gateway | kafka | keycloak | postgres | bench | total | cores busy |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """.formatted(Runtime.getRuntime().availableProcessors()));
        for (Bench.Result r : results) {
            if (r.cpu().isEmpty()) {
                continue;
            }
            double total = r.cpu().values().stream().mapToDouble(Double::doubleValue).sum();
            b.append("| ").append(r.scenario()).append(" | ").append(r.clients());
            PROCESSES.forEach(p -> b.append(" | %.1f".formatted(r.cpu().get(p))));
            b.append(" | %.1f | %.2f |%n".formatted(total, total * r.throughput() / 1000));
        }
        return b.toString();
    }
}
