package org.sabt.gateway;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** The gateway keeps nothing; it is ready once its routes are loaded. */
@Readiness
@ApplicationScoped
public class GatewayHealth implements HealthCheck {

    private final GatewayConfig config;

    GatewayHealth(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("routes").status(!config.routes().isEmpty())
                .withData("routes", config.routes().size()).build();
    }
}
