package org.sabt.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * /q/openapi on the gateway: the services' OpenAPI documents merged into one (paths, schemas,
 * security schemes and tags), fetched when asked, so it always matches what runs. A service that
 * does not answer is left out and named in x-sabt-missing.
 */
@ApplicationScoped
public class MergedOpenApi {

    private final Map<String, String> services;
    private final List<Retiring> deprecations;

    MergedOpenApi(GatewayConfig config) {
        this.services = config.docs();
        this.deprecations = Retiring.all(config);
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient();
        router.get("/q/openapi").order(-10).handler(rc -> {
            List<io.vertx.core.Future<JsonObject>> docs = new ArrayList<>();
            List<String> names = new ArrayList<>(services.keySet());
            for (String name : names) {
                URI base = URI.create(services.get(name));
                docs.add(client.request(HttpMethod.GET, base.getPort(), base.getHost(), "/q/openapi?format=json")
                        .compose(req -> req.send().compose(res -> res.statusCode() == 200 ? res.body()
                                : io.vertx.core.Future.failedFuture("HTTP " + res.statusCode())))
                        .map(Buffer::toJsonObject)
                        .otherwise((JsonObject) null));
            }
            io.vertx.core.Future.join(docs).onComplete(all -> {
                JsonObject merged = new JsonObject().put("openapi", "3.1.0")
                        .put("info", new JsonObject().put("title", "Sabt API").put("version", "v1")
                                .put("contact", new JsonObject().put("name", "Sabt developers (see /developers)").put("email", "developers@sabt.example"))
                                .put("description", "The whole Sabt API through the gateway. Get a token from Keycloak "
                                        + "(realm sabt) and send it as Authorization: Bearer."))
                        .put("servers", new JsonArray().add(new JsonObject().put("url", "/")
                                .put("description", "this gateway")))
                        .put("tags", new JsonArray())
                        .put("paths", new JsonObject())
                        .put("components", new JsonObject().put("schemas", new JsonObject()).put("securitySchemes", new JsonObject()));
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < docs.size(); i++) {
                    JsonObject doc = docs.get(i).result();
                    if (doc == null) {
                        missing.add(names.get(i));
                        continue;
                    }
                    merge(merged.getJsonObject("paths"), doc.getJsonObject("paths"));
                    // every service's tags, each once (an operation's tag is defined at the top)
                    doc.getJsonArray("tags", new JsonArray()).forEach(tag -> {
                        if (tag instanceof JsonObject t && merged.getJsonArray("tags").stream()
                                .noneMatch(known -> ((JsonObject) known).getString("name").equals(t.getString("name")))) {
                            merged.getJsonArray("tags").add(t);
                        }
                    });
                    JsonObject components = doc.getJsonObject("components", new JsonObject());
                    merge(merged.getJsonObject("components").getJsonObject("schemas"), components.getJsonObject("schemas"));
                    merge(merged.getJsonObject("components").getJsonObject("securitySchemes"),
                            components.getJsonObject("securitySchemes"));
                }
                if (!missing.isEmpty()) {
                    merged.put("x-sabt-missing", missing);
                }
                deprecations.forEach(d -> {
                    JsonObject op = merged.getJsonObject("paths").getJsonObject(d.template(), new JsonObject())
                            .getJsonObject(d.method().name().toLowerCase(Locale.ROOT));
                    if (op != null) {
                        op.put("deprecated", true).put("x-sunset", d.sunset().toString())
                                .put("description", op.getString("description", "") + " Deprecated since " + d.since()
                                        + "; gone after " + d.sunset() + d.link().map(l -> " (see " + l + ")").orElse("") + ".");
                    }
                });
                rc.response().putHeader("Content-Type", "application/json").end(merged.encodePrettily());
            });
        });
    }

    private static void merge(JsonObject into, JsonObject from) {
        if (from != null) {
            from.forEach(e -> {
                if (!into.containsKey(e.getKey())) {
                    into.put(e.getKey(), e.getValue());
                }
            });
        }
    }
}
