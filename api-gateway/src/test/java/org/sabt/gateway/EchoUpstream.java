package org.sabt.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP service behind the gateway: answers 422 problem+json and echoes what it received. */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger HITS = new AtomicInteger();
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            HITS.incrementAndGet();
            JsonObject echo = new JsonObject().put("code", "UPSTREAM_REFUSED").put("status", 422)
                    .put("path", req.path()).put("method", req.method().name())
                    .put("authorization", req.getHeader("Authorization") != null)
                    .put("requestId", req.getHeader("X-Request-Id")).put("body", body.toString());
            req.response().setStatusCode(422).putHeader("Content-Type", "application/problem+json").end(echo.encode());
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String echo = "http://127.0.0.1:" + server.actualPort();
        return Map.of("sabt.gateway.routes.\"/api/v1/acts\"", echo, "sabt.gateway.routes.\"/api/v1/verifications\"", echo,
                "sabt.gateway.routes.\"/v\"", echo, "sabt.gateway.public-rate.per-second", "1",
                "sabt.gateway.public-rate.burst", "3");
    }

    @Override
    public void stop() {
        vertx.close();
    }
}
