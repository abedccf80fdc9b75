package org.sabt.gateway;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The single entry point: checks the bearer token (401 problem+json before anything is forwarded),
 * routes /api/v1/** by path prefix to the owning service, forwards the token and X-Request-Id, and
 * passes the service's answer back unchanged, errors included.
 */
@ApplicationScoped
public class Gateway {

    private static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    record Route(String prefix, URI target) {
    }

    private final List<Route> routes;
    private final TenantIdentityProvider tokens;
    private final java.util.Set<String> publicPaths;
    private final PublicRateLimit rateLimit;

    Gateway(GatewayConfig config, TenantIdentityProvider tokens, PublicRateLimit rateLimit) {
        this.tokens = tokens;
        this.publicPaths = java.util.Set.copyOf(config.publicPaths());
        this.rateLimit = rateLimit;
        this.routes = config.routes().entrySet().stream()
                .map(e -> new Route(e.getKey(), URI.create(e.getValue())))
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
                .toList();
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(200));
        HttpProxy proxy = HttpProxy.reverseProxy(client);
        proxy.originRequestProvider((request, c) -> {
            Route route = route(request.path());
            return c.request(new RequestOptions().setHost(route.target().getHost()).setPort(route.target().getPort()));
        });
        router.route("/api/*").order(-10).handler(rc -> forward(rc, proxy));
        // Public pages outside /api (the verification page a certificate's QR opens, the signing keys)
        for (String path : publicPaths) {
            if (!path.startsWith("/api/")) {
                router.route(path).order(-10).handler(rc -> forward(rc, proxy));
            }
        }
    }

    private void forward(RoutingContext rc, HttpProxy proxy) {
        HttpServerRequest request = rc.request();
        request.pause(); // the body waits while the token is checked
        String id = request.getHeader(REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, id);
        }
        String requestId = id;
        rc.response().putHeader(REQUEST_ID, requestId);
        Route route = route(request.path());
        if (route == null) {
            problem(rc, 404, "NOT_FOUND", "No service serves " + request.path() + ".", requestId);
            return;
        }
        if (publicPaths.contains(request.path())) {
            long retryAfter = rateLimit.secondsUntilAllowed(request.remoteAddress() == null ? "?" : request.remoteAddress().host());
            if (retryAfter > 0) {
                rc.response().putHeader("Retry-After", Long.toString(retryAfter));
                problem(rc, 429, "TOO_MANY_REQUESTS", "Too many verification requests from this address; try again in "
                        + retryAfter + " s.", requestId);
                return;
            }
            request.headers().remove("Authorization"); // public: nobody's identity travels with it
            proxy.handle(request);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthenticated(rc, requestId);
            return;
        }
        tokens.authenticate(new AccessTokenCredential(authorization.substring(7).trim())).subscribe().with(
                identity -> proxy.handle(request),
                failure -> unauthenticated(rc, requestId));
    }

    private Route route(String path) {
        for (Route r : routes) {
            if (path.equals(r.prefix()) || path.startsWith(r.prefix() + "/")) {
                return r;
            }
        }
        return null;
    }

    private static void unauthenticated(RoutingContext rc, String requestId) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"sabt\"");
        problem(rc, 401, "UNAUTHENTICATED", "A valid bearer token is required.", requestId);
    }

    static void problem(RoutingContext rc, int status, String code, String detail, String requestId) {
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Service Unavailable";
        };
        JsonObject body = new JsonObject().put("type", "https://sabt.tj/problems/" + code.toLowerCase().replace('_', '-'))
                .put("title", title).put("status", status).put("detail", detail).put("instance", rc.request().path())
                .put("code", code);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        rc.request().resume();
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(body.encode());
    }

}
