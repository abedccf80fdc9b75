package org.sabt.bench;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * What the stack costs to keep running (issue 11, item 6): each service's resident memory (VmRSS, from /proc) idle after
 * a warm start and again after the benchmark, and the time a warm {@code up} (built, databases and realm in place)
 * took until every service was ready, which {@code ./sabt bench} measures and passes in {@code SABT_BENCH_UP_SECONDS}.
 */
final class Footprint {

    static final List<String> SERVICES = List.of("registry-service", "application-service", "document-service",
            "notification-service", "api-gateway");
    /** The goals: resident memory of a service idle, and the time from a warm up to every service ready. */
    static final long IDLE_GOAL_MB = 200;
    static final long UP_GOAL_SECONDS = 60;

    private final Path pids;

    Footprint(Path pids) {
        this.pids = pids;
    }

    /** Resident memory per service in MB; -1 for a service whose process is not found. */
    Map<String, Long> residentMb() {
        Map<String, Long> mb = new LinkedHashMap<>();
        for (String service : SERVICES) {
            mb.put(service, resident(service));
        }
        return mb;
    }

    /**
     * Resident memory once the services are idle: read every 5 s until no service moved by more than 2 MB (a JVM
     * just started still compiles and gives back its start-up garbage), at most 60 s.
     */
    Map<String, Long> idleMb() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(residentMb());
        try {
            await().pollDelay(Duration.ofSeconds(5)).pollInterval(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        Map<String, Long> now = residentMb();
                        Map<String, Long> before = last.getAndSet(now);
                        return SERVICES.stream().allMatch(s -> Math.abs(now.get(s) - before.get(s)) <= 2);
                    });
        } catch (ConditionTimeoutException e) {
            // still moving after 60 s: the last reading stands
        }
        return last.get();
    }

    private long resident(String service) {
        try {
            Path status = CpuTime.proc(pids, service).resolve("status");
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not running here
        }
        return -1;
    }

    static String report(Map<String, Long> idle, Map<String, Long> after, String upSeconds) {
        StringBuilder b = new StringBuilder("""
                Memory and start-up (goals: at most %d MB resident per service idle; at most %d s from a warm `up` to \
                every service ready):

                | service | resident idle after a warm start, MB | after the benchmark, MB | idle within goal |
                |---|---:|---:|---|
                """.formatted(IDLE_GOAL_MB, UP_GOAL_SECONDS));
        for (String service : SERVICES) {
            long before = idle.get(service);
            b.append("| %s | %d | %d | %s |%n".formatted(service, before, after.get(service),
                    before < 0 ? "not measured" : before <= IDLE_GOAL_MB ? "yes" : "no"));
        }
        if (upSeconds == null || upSeconds.isBlank()) {
            b.append("\nWarm start: not measured (run through `./sabt bench`).\n");
        } else {
            long seconds = Long.parseLong(upSeconds.trim());
            b.append("\nWarm start, `up` to every service ready: %d s (%s).%n".formatted(seconds,
                    seconds <= UP_GOAL_SECONDS ? "within the goal" : "over the goal"));
        }
        return b.toString();
    }
}
