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
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
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

    static final String BEARER = "bearer";
    static final String CLIENT_CREDENTIALS = "clientCredentials";
    private static final String SCHEMAS = "#/components/schemas/";

    private final Map<String, String> services;
    private final List<Retiring> deprecations;
    private final String tokenUrl;

    MergedOpenApi(GatewayConfig config, @ConfigProperty(name = "sabt.public-issuer") String issuer) {
        this.services = config.docs();
        this.deprecations = Retiring.all(config);
        this.tokenUrl = DevelopersPage.tokenUrl(issuer);
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient();
        router.get("/q/openapi").order(-10).handler(rc -> {
            List<io.vertx.core.Future<JsonObject>> docs = new ArrayList<>();
            List<String> names = services.keySet().stream().sorted().toList(); // the same document every time
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
                                        + "(realm sabt): a person's by signing in, a portal's or an agency's by the client "
                                        + "credentials grant at the token URL of the clientCredentials scheme; send it as Authorization: "
                                        + "Bearer. Getting sandbox credentials: /developers."))
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
                    renameCollidingSchemas(names.get(i), doc, merged.getJsonObject("components").getJsonObject("schemas"));
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
                clientCredentials(merged);
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

    /**
     * A portal's or an agency's system gets its token itself (OAuth 2.0 client credentials at Keycloak's token URL):
     * the scheme that says so, as an alternative to a bearer token on every operation that asks for one.
     */
    private void clientCredentials(JsonObject merged) {
        merged.getJsonObject("components").getJsonObject("securitySchemes").put(CLIENT_CREDENTIALS, new JsonObject()
                .put("type", "oauth2")
                .put("description", "A confidential client's own token (portals, agencies): POST grant_type="
                        + "client_credentials with its client id and secret to the token URL; see /developers.")
                .put("flows", new JsonObject().put("clientCredentials", new JsonObject()
                        .put("tokenUrl", tokenUrl).put("scopes", new JsonObject()))));
        merged.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
            if (op.getValue() instanceof JsonObject operation && operation.getJsonArray("security") != null
                    && operation.getJsonArray("security").stream().anyMatch(r -> ((JsonObject) r).containsKey(BEARER))) {
                operation.getJsonArray("security").add(new JsonObject().put(CLIENT_CREDENTIALS, new JsonArray()));
            }
        }));
    }

    /**
     * Two services may each have a schema of one name (an enum {@code Kind}, a {@code Page} of their own views): the
     * later service's is renamed with its prefix ({@code ApplicationsKind}) in its document, references included,
     * so that every operation keeps its own types. A schema the same in both is merged as one.
     */
    private static void renameCollidingSchemas(String service, JsonObject doc, JsonObject known) {
        JsonObject schemas = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas");
        if (schemas == null) {
            return;
        }
        String prefix = Character.toUpperCase(service.charAt(0)) + service.substring(1);
        Map<String, String> renamed = new HashMap<>();
        for (String name : schemas.fieldNames()) {
            if (known.containsKey(name) && !known.getValue(name).equals(schemas.getValue(name))) {
                String fresh = prefix + name;
                for (int n = 2; known.containsKey(fresh) || schemas.containsKey(fresh); n++) {
                    fresh = prefix + name + n;
                }
                renamed.put(name, fresh);
            }
        }
        if (renamed.isEmpty()) {
            return;
        }
        renamed.forEach((from, to) -> schemas.put(to, schemas.remove(from)));
        rewriteReferences(doc, renamed);
    }

    private static void rewriteReferences(Object node, Map<String, String> renamed) {
        if (node instanceof JsonObject object) {
            String ref = object.getValue("$ref") instanceof String r ? r : null;
            if (ref != null && ref.startsWith(SCHEMAS) && renamed.containsKey(ref.substring(SCHEMAS.length()))) {
                object.put("$ref", SCHEMAS + renamed.get(ref.substring(SCHEMAS.length())));
            }
            object.forEach(e -> rewriteReferences(e.getValue(), renamed));
        } else if (node instanceof JsonArray array) {
            array.forEach(item -> rewriteReferences(item, renamed));
        }
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
