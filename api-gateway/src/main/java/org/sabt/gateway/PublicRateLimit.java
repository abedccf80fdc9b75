package org.sabt.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per client address for the public paths: {@code burst} requests at once, refilled at
 * {@code perSecond}. Buckets idle for a minute are dropped (a sweep every 10,000 requests), so a scan from many
 * addresses costs no lasting memory.
 */
@ApplicationScoped
public class PublicRateLimit {

    private static final long IDLE_NANOS = 60_000_000_000L;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    PublicRateLimit(GatewayConfig config) {
        this.perSecond = config.publicRate().perSecond();
        this.burst = config.publicRate().burst();
    }

    /** 0 when the address may make a request now (and it is counted), else the seconds until it may. */
    public long secondsUntilAllowed(String address) {
        long now = System.nanoTime();
        if (requests.incrementAndGet() % 10_000 == 0) {
            buckets.values().removeIf(b -> now - b.at > IDLE_NANOS);
        }
        long[] wait = {0};
        buckets.compute(address, (a, b) -> {
            Bucket bucket = b == null ? new Bucket(burst, now) : b;
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
            } else {
                wait[0] = (long) Math.ceil((1 - bucket.tokens) / perSecond);
            }
            return bucket;
        });
        return wait[0];
    }
}
