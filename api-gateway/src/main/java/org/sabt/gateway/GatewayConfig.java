package org.sabt.gateway;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

@ConfigMapping(prefix = "sabt.gateway")
public interface GatewayConfig {

    /** Path prefix (e.g. /api/v1/acts) to the base URL of the service that owns it. */
    Map<String, String> routes();

    /** Service name to base URL, for the merged OpenAPI document. */
    Map<String, String> docs();
}
