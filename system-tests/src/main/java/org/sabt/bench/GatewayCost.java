package org.sabt.bench;

import org.sabt.local.Launcher;
import org.sabt.local.StackConfig;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Scenario 9: what the gateway itself costs. An answer the service gives at once (one service of the one window's
 * catalogue, from memory, no database) read directly on application-service and through the gateway; and a throttled
 * client, refused by a gateway whose per-client read limit it is far over (429 with Retry-After, never forwarded),
 * beside the same two. That gateway is a second instance with a limit of its own, started for the scenario.
 */
final class GatewayCost {

    static final String DIRECT = "immediate answer direct";
    static final String GATEWAY = "immediate answer via gateway";
    static final String THROTTLED = "throttled client via gateway (429)";
    private static final String PATH = "/api/v1/services/REGISTER_BIRTH";

    private final Bench bench;
    private final String applications;
    private final String gateway;

    GatewayCost(Bench bench, String gateway) {
        this.bench = bench;
        this.applications = bench.env.get("SABT_APPLICATION_URL");
        this.gateway = gateway;
    }

    String run(List<Bench.Result> results) throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        Bench.Result direct = bench.run(DIRECT, 8, () -> get(applications, token).statusCode() == 200);
        Bench.Result via = bench.run(GATEWAY, 8, () -> get(gateway, token).statusCode() == 200);
        results.add(direct);
        results.add(via);

        StackConfig config = StackConfig.fromEnvironment();
        Launcher launcher = new Launcher(config);
        int port = config.port(8090);
        launcher.startInstance("api-gateway", port, Map.of("SABT_CLIENT_READS_PER_SECOND", "1", "SABT_CLIENT_READS_BURST", "1"));
        Bench.Result throttled;
        try {
            String limited = "http://127.0.0.1:" + port;
            throttled = bench.run(THROTTLED, 8, () -> {
                HttpResponse<String> r = get(limited, token);
                return r.statusCode() == 429 && r.headers().firstValue("Retry-After").isPresent();
            });
        } finally {
            launcher.stopService("api-gateway#" + port);
        }
        results.add(throttled);
        return """
                - the gateway's own cost for an immediate answer, 8 clients: throughput via gateway / direct %.2f; p50 added %.2f ms, p95 added %.2f ms
                - a throttled client's refusal (429, not forwarded): %.1f per second, p50 %.2f ms; / the direct answer's throughput %.2f
                """.formatted(via.throughput() / direct.throughput(), added(via, direct, 50), added(via, direct, 95),
                throttled.throughput(), throttled.latency().getValueAtPercentile(50) / 1000.0,
                throttled.throughput() / direct.throughput());
    }

    private static double added(Bench.Result via, Bench.Result direct, double percentile) {
        return (via.latency().getValueAtPercentile(percentile) - direct.latency().getValueAtPercentile(percentile)) / 1000.0;
    }

    private static HttpResponse<String> get(String base, String token) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(base + PATH)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
