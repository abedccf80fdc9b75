package org.sabt.gateway;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The single entry point: answers browsers' CORS preflights for the configured origins, checks the bearer token (401
 * problem+json before anything is forwarded), routes /api/v1/** by path prefix to the owning service, forwards the
 * token and X-Request-Id, and passes the service's answer back unchanged, errors included. A body is read whole before
 * it is forwarded (413 over the limit; archive imports are streamed), so a service always receives complete requests.
 * A service that cannot be reached is 503, one that stays silent 504, both problem+json with Retry-After, never an
 * empty 502; a service that keeps failing has its circuit opened for a pause.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    /** One structured line per exchange: client, caller, route, status, latency, request id (X-Road style). */
    private static final Logger EXCHANGES = Logger.getLogger("sabt.gateway.exchange");
    private static final String CLIENT = "sabt.client";
    private static final String CALLER = "sabt.caller";
    private static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** Headers of one connection, not of the exchange (RFC 9110, 7.6.1), and the host, which the client sets. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "proxy-connection");

    /** A path prefix, the service that owns it, and its name (for the problems that name it). */
    record Route(String prefix, URI target, String service) {
    }

    private final List<Route> routes;
    private final TenantIdentityProvider tokens;
    private final Set<String> publicPaths;
    private final RateLimits rateLimits;
    private final RateLimits.Policy publicPolicy;
    private final Circuits circuits;
    private final GatewayConfig config;
    private final List<Retiring> deprecations;
    private final VerifiedTokens verified = new VerifiedTokens(10_000, Clock.systemUTC());
    /** Connections to the services, one pool per event loop (see {@link #client()}). */
    private final ThreadLocal<HttpClient> loopClient = new ThreadLocal<>();
    private Vertx vertx;
    private HttpClient shared;

    Gateway(GatewayConfig config, TenantIdentityProvider tokens, RateLimits rateLimits, Circuits circuits) {
        this.config = config;
        this.tokens = tokens;
        this.publicPaths = Set.copyOf(config.publicPaths());
        this.rateLimits = rateLimits;
        this.publicPolicy = new RateLimits.Policy("public", config.publicRate().perSecond(), config.publicRate().burst());
        this.circuits = circuits;
        this.deprecations = Retiring.all(config);
        Map<String, String> names = new HashMap<>();
        config.docs().forEach((name, url) -> names.put(URI.create(url).getAuthority(), name));
        this.routes = config.routes().entrySet().stream()
                .map(e -> {
                    URI target = URI.create(e.getValue());
                    return new Route(e.getKey(), target, names.getOrDefault(target.getAuthority(), target.getAuthority()));
                })
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
                .toList();
    }

    void install(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        this.shared = newClient();
        router.route("/api/*").order(-10).handler(this::forward);
        // Public pages outside /api (the verification page a certificate's QR opens, the signing keys)
        for (String path : publicPaths) {
            if (!path.startsWith("/api/")) {
                router.route(path).order(-10).handler(this::forward);
            }
        }
    }

    /**
     * The client for a request handled on this thread. Each event loop has its own pool of connections to the services,
     * made on that loop, so a request and its exchange with the service stay on one thread. With one pool for all loops a
     * connection made on another loop took every write and every answer across threads, each hand-over a selector wake-up
     * (22 % of JFR's samples on an immediate answer at 32 clients; none since). Off an event loop (rare: a token checked
     * on a worker), the shared pool.
     */
    private HttpClient client() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient own = loopClient.get();
        if (own == null) {
            own = newClient();
            loopClient.set(own);
        }
        return own;
    }

    /** Pooled connections are let go well before a service's own idle timeout would close them under a request. */
    private HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(15).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(100));
    }

    private void forward(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        request.pause(); // the body waits while the token is checked
        String id = request.getHeader(REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, id);
        }
        String requestId = id;
        rc.response().putHeader(REQUEST_ID, requestId).putHeader("X-Road-Request-Id", requestId);
        long started = System.nanoTime();
        rc.addBodyEndHandler(v -> logExchange(rc, started, requestId));
        if (!cors(rc, requestId)) {
            return;
        }
        Route route = route(request.path());
        if (route == null) {
            problem(rc, 404, "NOT_FOUND", "No service serves " + request.path() + ".", requestId);
            return;
        }
        deprecations.stream().filter(d -> d.method() == request.method() && d.path().matcher(request.path()).matches())
                .findFirst().ifPresent(d -> {
                    rc.response().putHeader("Deprecation", "@" + d.since().atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                            .putHeader("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(d.sunset().atStartOfDay(ZoneOffset.UTC)));
                    d.link().ifPresent(link -> rc.response().putHeader("Link", "<" + link + ">; rel=\"deprecation\""));
                });
        if (publicPaths.contains(request.path())) {
            RateLimits.Decision decision = rateLimits.take(publicPolicy,
                    request.remoteAddress() == null ? "?" : request.remoteAddress().host());
            if (!within(rc, decision, "Too many verification requests from this address", requestId)) {
                return;
            }
            request.headers().remove("Authorization"); // public: nobody's identity travels with it
            send(rc, route, requestId);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthenticated(rc, requestId);
            return;
        }
        String token = authorization.substring(7).trim();
        VerifiedTokens.Verified known = verified.get(token);
        if (known != null) {
            admit(rc, route, requestId, known);
            return;
        }
        tokens.authenticate(new AccessTokenCredential(token)).subscribe().with(
                identity -> admit(rc, route, requestId, verified.remember(token, identity)),
                failure -> unauthenticated(rc, requestId));
    }

    /** The exchange's log line, built by hand: with infof, java.util.Formatter parsed the pattern anew for every request. */
    private static void logExchange(RoutingContext rc, long started, String requestId) {
        if (!EXCHANGES.isInfoEnabled()) {
            return;
        }
        HttpServerRequest request = rc.request();
        long tenths = (System.nanoTime() - started) / 100_000;
        String xRoadClient = request.getHeader("X-Road-Client");
        EXCHANGES.info(new StringBuilder(200).append("exchange client=").append(rc.<String>get(CLIENT, "-"))
                .append(" caller=").append(rc.<String>get(CALLER, "-")).append(" method=").append(request.method())
                .append(" route=").append(request.path()).append(" status=").append(rc.response().getStatusCode())
                .append(" latencyMs=").append(tenths / 10).append('.').append(tenths % 10)
                .append(" requestId=").append(requestId).append(" xRoadClient=").append(xRoadClient == null ? "-" : xRoadClient)
                .toString());
    }

    /** A request whose token is good: within its client's rate limit, it goes to its service. */
    private void admit(RoutingContext rc, Route route, String requestId, VerifiedTokens.Verified who) {
        if (who.caller() != null) {
            rc.put(CALLER, who.caller());
        }
        rc.put(CLIENT, who.client());
        if (within(rc, rateLimits.take(policy(who.client(), rc.request().method()), who.client()),
                "Too many requests from client " + who.client(), requestId)) {
            send(rc, route, requestId);
        }
    }

    /** The client's policy for the request: reads (GET, HEAD) or writes, its own limits or the defaults. */
    private RateLimits.Policy policy(String client, HttpMethod method) {
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        GatewayConfig.ClientLimits own = config.clientRate().clients().get(client);
        GatewayConfig.Limit limit = read
                ? (own == null ? Optional.<GatewayConfig.Limit>empty() : own.reads()).orElse(config.clientRate().reads())
                : (own == null ? Optional.<GatewayConfig.Limit>empty() : own.writes()).orElse(config.clientRate().writes());
        return new RateLimits.Policy(read ? "reads" : "writes", limit.perSecond(), limit.burst());
    }

    /** The RateLimit headers on the answer; false (answered 429 with Retry-After) when over the limit. */
    private static boolean within(RoutingContext rc, RateLimits.Decision decision, String what, String requestId) {
        rc.response().putHeader("RateLimit-Policy", decision.policy().header()).putHeader("RateLimit", decision.header());
        if (decision.allowed()) {
            return true;
        }
        rc.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        problem(rc, 429, "TOO_MANY_REQUESTS", what + "; try again in " + decision.retryAfterSeconds() + " s.", requestId);
        return false;
    }

    /**
     * CORS: a request from an allowed origin gets its headers; a preflight is answered here, without a token (204 for an
     * allowed origin, 403 for any other). False when the request has been answered.
     */
    private boolean cors(RoutingContext rc, String requestId) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        boolean allowed = config.cors().origins().orElse(List.of()).contains(origin);
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null;
        if (!allowed) {
            if (preflight) {
                problem(rc, 403, "CORS_ORIGIN_NOT_ALLOWED", "Requests from " + origin + " are not allowed.", requestId);
                return false;
            }
            return true; // answered without CORS headers: the browser keeps the answer from the page
        }
        HttpServerResponse response = rc.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin")
                .putHeader("Access-Control-Expose-Headers", String.join(", ", config.cors().exposedHeaders()));
        if (!preflight) {
            return true;
        }
        request.resume();
        response.putHeader("Access-Control-Allow-Methods", String.join(", ", config.cors().methods()))
                .putHeader("Access-Control-Allow-Headers", String.join(", ", config.cors().headers()))
                .putHeader("Access-Control-Max-Age", Integer.toString(config.cors().maxAgeSeconds()))
                .setStatusCode(204).end();
        return false;
    }

    /** The request to its service, its body read whole first (streamed for archive imports); the answer back. */
    private void send(RoutingContext rc, Route route, String requestId) {
        HttpServerRequest in = rc.request();
        long open = circuits.secondsOpen(route.service());
        if (open > 0) {
            unavailable(rc, route, open, "it failed " + config.breaker().failures() + " times in a row", requestId);
            return;
        }
        boolean streamed = config.largeBodyPaths().stream().anyMatch(p -> in.path().startsWith(p));
        long limit = config.maxBody().asLongValue();
        String length = in.getHeader("Content-Length");
        if (!streamed && length != null && parse(length) > limit) {
            tooLarge(rc, limit, requestId);
            return;
        }
        if (streamed) {
            open(rc, route, requestId, null, false);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        in.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                tooLarge(rc, limit, requestId);
                return;
            }
            body.appendBuffer(chunk);
        });
        in.exceptionHandler(e -> LOG.debugf("request %s broke off: %s", requestId, e));
        in.endHandler(v -> {
            if (!refused[0]) {
                open(rc, route, requestId, body, true);
            }
        });
        in.resume();
    }

    /**
     * One exchange with the service. A buffered request that could not be written whole (a pooled connection closed
     * under it) reached no one and is tried once more on a fresh connection.
     */
    private void open(RoutingContext rc, Route route, String requestId, Buffer body, boolean mayRetry) {
        HttpServerRequest in = rc.request();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(route.target().getHost())
                .setPort(route.target().getPort()).setURI(in.uri()).setIdleTimeout(config.upstreamTimeout().toMillis())
                .setConnectTimeout(Math.min(5_000, config.upstreamTimeout().toMillis()));
        client().request(options).onComplete(made -> {
            if (made.failed()) {
                circuits.failed(route.service());
                unavailable(rc, route, 1, made.cause().getClass().getSimpleName(), requestId);
                return;
            }
            HttpClientRequest out = made.result();
            in.headers().forEach(h -> {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT)) && !h.getKey().equalsIgnoreCase("Content-Length")) {
                    out.headers().add(h.getKey(), h.getValue());
                }
            });
            boolean[] written = {false};
            out.response().onComplete(answered -> {
                if (answered.failed()) {
                    if (mayRetry && !written[0] && !(answered.cause() instanceof TimeoutException)) {
                        open(rc, route, requestId, body, false);
                        return;
                    }
                    failed(rc, route, answered.cause(), requestId);
                    return;
                }
                circuits.succeeded(route.service());
                relay(rc, answered.result());
            });
            if (body != null) {
                rc.response().putHeader("X-Road-Request-Hash", hash(body));
                out.end(body).onSuccess(v -> written[0] = true);
            } else {
                if (in.getHeader("Content-Length") == null) {
                    out.setChunked(true);
                } else {
                    out.putHeader("Content-Length", in.getHeader("Content-Length"));
                }
                in.pipeTo(out).onSuccess(v -> written[0] = true);
                in.resume();
            }
        });
    }

    private static void relay(RoutingContext rc, HttpClientResponse answer) {
        HttpServerResponse back = rc.response();
        if (back.headWritten()) {
            return;
        }
        back.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
        answer.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals(REQUEST_ID.toLowerCase(Locale.ROOT))) {
                back.headers().add(h.getKey(), h.getValue());
            }
        });
        if (answer.getHeader("Content-Length") == null) {
            back.setChunked(true);
        }
        answer.pipeTo(back);
    }

    private void failed(RoutingContext rc, Route route, Throwable cause, String requestId) {
        if (rc.response().headWritten()) {
            rc.response().reset(); // the answer had begun: the client sees it broken off, not completed wrongly
            return;
        }
        circuits.failed(route.service());
        if (cause instanceof TimeoutException) {
            rc.response().putHeader("Retry-After", "5");
            problem(rc, 504, "UPSTREAM_TIMEOUT", route.service() + " did not answer within " + config.upstreamTimeout().toSeconds()
                    + " s.", requestId);
            return;
        }
        unavailable(rc, route, 1, cause.getClass().getSimpleName(), requestId);
    }

    private static void unavailable(RoutingContext rc, Route route, long retryAfter, String why, String requestId) {
        LOG.warnf("request %s: %s unavailable (%s)", requestId, route.service(), why);
        rc.response().putHeader("Retry-After", Long.toString(retryAfter));
        problem(rc, 503, "SERVICE_UNAVAILABLE", route.service() + " is not available now; try again in " + retryAfter + " s.",
                requestId);
    }

    private static void tooLarge(RoutingContext rc, long limit, String requestId) {
        rc.response().putHeader("Connection", "close"); // nothing more of it is read
        problem(rc, 413, "PAYLOAD_TOO_LARGE", "The body is larger than " + limit + " bytes.", requestId);
    }

    /** X-Road style: the SHA-512 of the body forwarded, base64. */
    private static String hash(Buffer body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(body.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
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
        if (rc.response().ended() || rc.response().headWritten()) {
            return;
        }
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 504 -> "Gateway Timeout";
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
