package org.sabt.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "sabt.gateway")
public interface GatewayConfig {

    /** Path prefix (e.g. /api/v1/acts) to the base URL of the service that owns it. */
    Map<String, String> routes();

    /** Service name to base URL, for the merged OpenAPI document. */
    Map<String, String> docs();

    /** Paths anyone may call without a token (certificate verification), each client address within a rate. */
    List<String> publicPaths();

    PublicRate publicRate();

    /** How long a service may stay silent on a request before the gateway answers 504 for it. */
    @WithDefault("30s")
    Duration upstreamTimeout();

    /** Bodies larger than this are refused here (413) before they reach a service; archive imports may be larger. */
    @WithDefault("10M")
    MemorySize maxBody();

    /** Paths (prefixes) whose bodies may be larger (streamed to the service, not held here): archive imports. */
    @WithDefault("/api/v1/imports")
    List<String> largeBodyPaths();

    /** Each client's (the token's azp) rate, reads (GET, HEAD) and writes apart; some clients may have their own. */
    ClientRate clientRate();

    interface ClientRate {
        Limit reads();

        Limit writes();

        /** By client id: its own limits instead of the defaults. */
        Map<String, ClientLimits> clients();
    }

    interface ClientLimits {
        Optional<Limit> reads();

        Optional<Limit> writes();
    }

    interface Limit {
        /** Requests per second, on average. */
        int perSecond();

        /** How many at once after a quiet spell. */
        int burst();
    }

    /**
     * Operations being retired, by "METHOD /api/v1/path/{param}" as the OpenAPI names them: they answer with the
     * Deprecation (RFC 9745) and Sunset (RFC 8594) headers and are marked deprecated in the merged OpenAPI.
     */
    Map<String, Deprecation> deprecations();

    interface Deprecation {
        /** Deprecated since this day. */
        LocalDate since();

        /** Gone after this day. */
        LocalDate sunset();

        /** Where the replacement is described. */
        Optional<String> link();
    }

    Breaker breaker();

    interface Breaker {
        /** Consecutive failures to reach a service after which the gateway stops trying it for {@link #pause()}. */
        @WithDefault("5")
        int failures();

        @WithDefault("10s")
        Duration pause();
    }

    Cors cors();

    /** Browser portals on other origins: none allowed unless configured. */
    interface Cors {
        Optional<List<String>> origins();

        @WithDefault("GET,POST,PUT,PATCH,DELETE")
        List<String> methods();

        @WithDefault("Authorization,Content-Type,Accept,Accept-Language,If-Match,Idempotency-Key,X-Request-Id,X-Citizen-Id,X-Reason")
        List<String> headers();

        @WithDefault("ETag,X-Request-Id,Location,Retry-After,RateLimit,RateLimit-Policy,Deprecation,Sunset")
        List<String> exposedHeaders();

        @WithDefault("600")
        int maxAgeSeconds();
    }

    interface PublicRate {
        /** Requests per second one client address may make to the public paths, on average. */
        @WithDefault("20")
        int perSecond();

        /** How many it may make at once after a quiet spell. */
        @WithDefault("40")
        int burst();
    }
}
