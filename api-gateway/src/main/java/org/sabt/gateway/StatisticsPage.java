package org.sabt.gateway;

import io.quarkus.oidc.client.OidcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * /statistics: a public page of the registry's main figures as charts (births and deaths per month per region, the
 * share of late birth registrations per office), in tg, ru or en. Its figures (/statistics/figures) are what the
 * statistics agency sees: the registry's aggregates with every count under 5 withheld, fetched with the gateway's own
 * service account (role agency), never names.
 */
@ApplicationScoped
public class StatisticsPage {

    private static final Logger LOG = Logger.getLogger(StatisticsPage.class);

    private final OidcClient tokens;
    private final URI registry;
    private final String page;
    private final JsonObject places;

    StatisticsPage(OidcClient tokens, GatewayConfig config) {
        this.tokens = tokens;
        this.registry = URI.create(config.routes().get("/api/v1/statistics"));
        this.page = resource("/statistics/index.html");
        this.places = places();
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient();
        router.get("/statistics").order(-10).handler(rc -> rc.response()
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'")
                .end(page));
        router.get("/statistics/figures").order(-10).handler(rc -> figures(rc, client));
    }

    private void figures(RoutingContext rc, HttpClient client) {
        LocalDate to = LocalDate.now();
        LocalDate from = to.withDayOfMonth(1).minusMonths(11);
        String range = "&from=" + from + "&to=" + to;
        tokens.getTokens().subscribe().with(t -> {
            Future<JsonObject> months = get(client, t.getAccessToken(), "groupBy=type,region,month" + range);
            Future<JsonObject> offices = get(client, t.getAccessToken(), "groupBy=type,office" + range);
            Future.all(months, offices).onComplete(done -> {
                if (done.failed()) {
                    LOG.warnf("statistics figures unavailable: %s", done.cause().getMessage());
                    Gateway.problem(rc, 503, "STATISTICS_UNAVAILABLE", "The registry's figures are not available now.", null);
                    return;
                }
                JsonObject body = new JsonObject().put("from", from.toString()).put("to", to.toString())
                        .put("places", places)
                        .put("byRegionMonth", rows(months.result(), List.of("BIRTH", "DEATH")))
                        .put("byOffice", rows(offices.result(), List.of("BIRTH")));
                rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "max-age=60")
                        .end(body.encode());
            });
        }, failure -> {
            LOG.warnf("no token for the statistics page: %s", failure.getMessage());
            Gateway.problem(rc, 503, "STATISTICS_UNAVAILABLE", "The registry's figures are not available now.", null);
        });
    }

    private Future<JsonObject> get(HttpClient client, String token, String query) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(registry.getHost())
                        .setPort(registry.getPort()).setURI("/api/v1/statistics/acts?" + query)
                        .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json"))
                .compose(req -> req.send().compose(res -> res.statusCode() == 200 ? res.body()
                        : Future.failedFuture("HTTP " + res.statusCode())))
                .map(Buffer::toJsonObject);
    }

    /** The rows of the act types the page draws. */
    private static JsonArray rows(JsonObject table, List<String> types) {
        JsonArray out = new JsonArray();
        table.getJsonArray("rows").forEach(r -> {
            JsonObject row = (JsonObject) r;
            if (types.contains(row.getJsonObject("group").getString("type"))) {
                out.add(row);
            }
        });
        return out;
    }

    /** Region and office names in the three languages, from the reference data. */
    private static JsonObject places() {
        JsonObject regions = new JsonObject();
        csv("/reference/regions.csv").forEach(f -> regions.put(f[0], new JsonObject().put("tg", f[1]).put("ru", f[2]).put("en", f[3])));
        JsonObject offices = new JsonObject();
        csv("/reference/offices.csv").forEach(f -> offices.put(f[0], new JsonObject().put("region", f[1]).put("tg", f[2])
                .put("ru", f[3]).put("en", f[4])));
        return new JsonObject().put("regions", regions).put("offices", offices);
    }

    private static List<String[]> csv(String path) {
        return resource(path).lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
    }

    private static String resource(String path) {
        try (InputStream in = StatisticsPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
