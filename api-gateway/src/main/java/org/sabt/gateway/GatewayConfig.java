package org.sabt.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "sabt.gateway")
public interface GatewayConfig {

    /** Path prefix (e.g. /api/v1/acts) to the base URL of the service that owns it. */
    Map<String, String> routes();

    /** Service name to base URL, for the merged OpenAPI document. */
    Map<String, String> docs();

    /** Paths anyone may call without a token (certificate verification), each client address within a rate. */
    List<String> publicPaths();

    PublicRate publicRate();

    interface PublicRate {
        /** Requests per second one client address may make to the public paths, on average. */
        @WithDefault("20")
        int perSecond();

        /** How many it may make at once after a quiet spell. */
        @WithDefault("40")
        int burst();
    }
}
