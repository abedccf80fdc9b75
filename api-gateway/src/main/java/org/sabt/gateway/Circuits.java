package org.sabt.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * A circuit breaker per service: closed while it answers; after {@code failures} consecutive failures to reach it,
 * open for {@code pause} (the gateway answers 503 at once instead of hammering a dead service); then one request is let
 * through to try it, and its answer closes the circuit again (or reopens it).
 */
@ApplicationScoped
public class Circuits {

    private static final class Circuit {
        int failures;
        long openUntil;
        boolean trying;
    }

    private final int threshold;
    private final long pauseNanos;
    private final Map<String, Circuit> circuits = new HashMap<>();

    Circuits(GatewayConfig config) {
        this.threshold = config.breaker().failures();
        this.pauseNanos = config.breaker().pause().toNanos();
    }

    /** 0 when a request may go to the service now, else the seconds until the circuit lets one through. */
    public synchronized long secondsOpen(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
        if (c.failures < threshold) {
            return 0;
        }
        long now = System.nanoTime();
        if (now < c.openUntil || c.trying) {
            return Math.max(1, (long) Math.ceil((c.openUntil - now) / 1e9));
        }
        c.trying = true; // half open: this one request tries the service
        return 0;
    }

    public synchronized void succeeded(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
        c.failures = 0;
        c.trying = false;
    }

    public synchronized void failed(String service) {
        Circuit c = circuits.computeIfAbsent(service, s -> new Circuit());
        c.failures++;
        c.trying = false;
        if (c.failures >= threshold) {
            c.openUntil = System.nanoTime() + pauseNanos;
        }
    }
}
