package org.sabt.chassis.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A problem+json answered by a route handler before JAX-RS runs (BodyLimit, InputGuard): in the caller's language,
 * with its request id when that is a safe one, the body still being sent drained rather than the connection cut.
 */
final class DoorProblems {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    static void answer(RoutingContext ctx, ObjectMapper json, int status, String code, String field) {
        Locale locale = ProblemMessages.pick(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        String requestId = ctx.request().getHeader("X-Request-Id");
        List<Problem.FieldError> errors = field == null ? List.of()
                : List.of(new Problem.FieldError(field, code, ProblemMessages.detail(code, locale, field)));
        Problem problem = Problem.of(status, code, locale, null,
                requestId != null && SAFE_ID.matcher(requestId).matches() ? requestId : null, errors, field);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (Exception e) {
            body = "{\"code\":\"" + code + "\",\"status\":" + status + "}";
        }
        String answer = body;
        Runnable respond = () -> ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .end(answer);
        if (ctx.request().isEnded()) {
            respond.run();
            return;
        }
        ctx.request().handler(ignored -> { });
        ctx.request().endHandler(ignored -> respond.run());
        ctx.request().resume();
    }

    private DoorProblems() {
    }
}
