package org.sabt.chassis.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.CurrentCaller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class IdempotencyInterceptor {

    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    @Inject
    HttpServerRequest request;
    @Inject
    CurrentCaller caller;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        String key = request.getHeader(Idempotent.HEADER);
        if (key == null) {
            return ctx.proceed();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("IDEMPOTENCY_KEY_INVALID");
        }
        String hash = hash(ctx);
        return QuarkusTransaction.joiningExisting().call(() -> {
            // A concurrent first request with the same key holds this row's lock until it commits;
            // the insert waits for it and then sees the conflict, so the work is done once.
            int inserted = em.createNativeQuery("""
                            INSERT INTO idempotency_key (caller, idempotency_key, request_hash, status)
                            VALUES (?1, ?2, ?3, 0) ON CONFLICT DO NOTHING""")
                    .setParameter(1, caller.get().subject()).setParameter(2, key).setParameter(3, hash).executeUpdate();
            if (inserted == 0) {
                return replay(ctx, key, hash);
            }
            Object result = ctx.proceed();
            store(key, result);
            return result;
        });
    }

    private Object replay(InvocationContext ctx, String key, String hash) throws Exception {
        Object[] row = (Object[]) em.createNativeQuery("""
                        SELECT request_hash, status, body, headers::text FROM idempotency_key
                        WHERE caller = ?1 AND idempotency_key = ?2""")
                .setParameter(1, caller.get().subject()).setParameter(2, key).getSingleResult();
        if (!hash.equals(row[0])) {
            throw ProblemException.unprocessable("IDEMPOTENCY_KEY_REUSED");
        }
        Map<String, String> headers = new LinkedHashMap<>(json.readValue((String) row[3], MAP));
        headers.put("Idempotent-Replayed", "true");
        int status = ((Number) row[1]).intValue();
        Object body = row[2];
        if (RestResponse.class.isAssignableFrom(ctx.getMethod().getReturnType())) {
            var b = RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(status), body)
                    .type(MediaType.APPLICATION_JSON_TYPE);
            headers.forEach(b::header);
            return b.build();
        }
        var b = Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        headers.forEach(b::header);
        return b.build();
    }

    private void store(String key, Object result) throws Exception {
        Response response = switch (result) {
            case RestResponse<?> r -> r.toResponse();
            case Response r -> r;
            case null, default -> Response.ok(result).build();
        };
        int status = response.getStatus();
        Object entity = response.getEntity();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : KEPT_HEADERS) {
            if (response.getHeaderString(h) != null) {
                headers.put(h, response.getHeaderString(h));
            }
        }
        em.createNativeQuery("""
                        UPDATE idempotency_key SET status = ?3, body = ?4, headers = CAST(?5 AS jsonb)
                        WHERE caller = ?1 AND idempotency_key = ?2""")
                .setParameter(1, caller.get().subject()).setParameter(2, key).setParameter(3, status)
                .setParameter(4, entity == null ? null : json.writeValueAsString(entity))
                .setParameter(5, json.writeValueAsString(headers)).executeUpdate();
    }

    /** The same key with a different request is an error, so the request is fingerprinted. */
    private String hash(InvocationContext ctx) throws Exception {
        StringBuilder b = new StringBuilder(request.method().name()).append(' ').append(request.path());
        for (Object p : ctx.getParameters()) {
            b.append('\n').append(p == null ? "null" : json.writeValueAsString(p));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
