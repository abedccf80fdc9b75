package org.sabt.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets by policy and key (a client id, or a caller address for the public paths): {@code burst} requests at
 * once, refilled at {@code perSecond}. Each decision says what the IETF RateLimit header fields show: the policy's quota
 * and window, what is left and when the bucket is full again. Buckets idle for a minute are dropped (a sweep every
 * 10,000 requests), so many keys cost no lasting memory.
 */
@ApplicationScoped
public class RateLimits {

    private static final long IDLE_NANOS = 60_000_000_000L;

    /** A policy: its name in the headers, its rate and burst. */
    public record Policy(String name, double perSecond, int burst) {

        /** RateLimit-Policy: the quota, and the window in which it refills whole. */
        String header() {
            return "\"" + name + "\";q=" + burst + ";w=" + Math.max(1, (long) Math.ceil(burst / perSecond));
        }
    }

    /** Whether the request may go now; what is left; seconds until the bucket is full; seconds to wait when not. */
    public record Decision(Policy policy, boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {

        /** RateLimit: what is left now and in how many seconds the quota is whole again. */
        String header() {
            return "\"" + policy.name() + "\";r=" + remaining + ";t=" + resetSeconds;
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    /** Takes one request from the key's bucket of the policy, if it has one. */
    public Decision take(Policy policy, String key) {
        long now = System.nanoTime();
        if (requests.incrementAndGet() % 10_000 == 0) {
            buckets.values().removeIf(b -> now - b.at > IDLE_NANOS);
        }
        Decision[] decision = new Decision[1];
        buckets.compute(policy.name() + "|" + key, (k, b) -> {
            Bucket bucket = b == null ? new Bucket(policy.burst(), now) : b;
            bucket.tokens = Math.min(policy.burst(), bucket.tokens + (now - bucket.at) / 1e9 * policy.perSecond());
            bucket.at = now;
            boolean allowed = bucket.tokens >= 1;
            if (allowed) {
                bucket.tokens -= 1;
            }
            long reset = (long) Math.ceil((policy.burst() - bucket.tokens) / policy.perSecond());
            long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - bucket.tokens) / policy.perSecond()));
            decision[0] = new Decision(policy, allowed, (long) Math.floor(bucket.tokens), reset, retry);
            return bucket;
        });
        return decision[0];
    }
}
