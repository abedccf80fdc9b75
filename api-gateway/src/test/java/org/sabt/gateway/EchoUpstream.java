package org.sabt.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP services behind the gateway: the echo answers 422 problem+json and echoes what it received (under
 * .../early it answers 400 at once, before reading the body, as a service refusing a request early does); a silent one
 * never answers; and a port where nothing listens until a test starts a service there.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger HITS = new AtomicInteger();
    /** Where nothing listens until {@link #startLate()}. */
    static int latePort;
    private static Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer echo = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().endsWith("/early")) {
                HITS.incrementAndGet();
                req.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .end(new JsonObject().put("code", "MALFORMED_JSON").put("status", 400).encode());
                return;
            }
            req.body().onSuccess(body -> {
                HITS.incrementAndGet();
                JsonObject answer = new JsonObject().put("code", "UPSTREAM_REFUSED").put("status", 422)
                        .put("path", req.path()).put("method", req.method().name())
                        .put("authorization", req.getHeader("Authorization") != null)
                        .put("requestId", req.getHeader("X-Request-Id")).put("body", body.toString());
                req.response().setStatusCode(422).putHeader("Content-Type", "application/problem+json").end(answer.encode());
            });
        });
        HttpServer silent = vertx.createHttpServer().requestHandler(req -> {
            // never answers
        });
        try {
            echo.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            silent.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (ServerSocket free = new ServerSocket(0)) {
                latePort = free.getLocalPort();
            }
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
        String url = "http://127.0.0.1:" + echo.actualPort();
        String late = "http://127.0.0.1:" + latePort;
        Map<String, String> config = new HashMap<>();
        for (String path : new String[]{"/api/v1/acts", "/api/v1/verifications", "/v", "/api/v1/imports"}) {
            config.put("sabt.gateway.routes.\"" + path + "\"", url);
        }
        config.put("sabt.gateway.routes.\"/api/v1/audit\"", "http://127.0.0.1:" + silent.actualPort());
        config.put("sabt.gateway.routes.\"/api/v1/persons\"", late);
        config.put("sabt.gateway.docs.registry", url);
        config.put("sabt.gateway.public-rate.per-second", "1");
        config.put("sabt.gateway.public-rate.burst", "3");
        config.put("sabt.gateway.upstream-timeout", "1s");
        config.put("sabt.gateway.max-body", "2K");
        config.put("sabt.gateway.breaker.failures", "3");
        config.put("sabt.gateway.breaker.pause", "1s");
        config.put("sabt.gateway.cors.origins", "https://portal.example.tj");
        config.put("sabt.gateway.deprecations.\"GET /api/v1/acts/{id}/versions\".since", "2026-06-01");
        config.put("sabt.gateway.deprecations.\"GET /api/v1/acts/{id}/versions\".sunset", "2027-06-30");
        config.put("sabt.gateway.deprecations.\"GET /api/v1/acts/{id}/versions\".link", "https://sabt.tj/developers/changes");
        for (String kind : new String[]{"reads", "writes"}) {
            config.put("sabt.gateway.client-rate." + kind + ".per-second", "10000");
            config.put("sabt.gateway.client-rate." + kind + ".burst", "10000");
        }
        config.put("sabt.gateway.client-rate.clients.\"sabt-statistics\".reads.per-second", "1");
        config.put("sabt.gateway.client-rate.clients.\"sabt-statistics\".reads.burst", "2");
        return config;
    }

    /** A service comes up where none was. */
    static void startLate() throws Exception {
        vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json").end("{\"items\":[]}"))
                .listen(latePort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
