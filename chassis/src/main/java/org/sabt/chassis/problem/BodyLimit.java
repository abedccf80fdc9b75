package org.sabt.chassis.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem+json before
 * anything reads it. The body is drained rather than the connection cut, so that the client, still sending,
 * reads the answer instead of a broken pipe.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final ObjectMapper json;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M") MemorySize limit,
              ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= limit) {
                ctx.next();
                return;
            }
            Locale locale = ProblemMessages.pick(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
            Problem problem = Problem.of(413, "PAYLOAD_TOO_LARGE", locale, ctx.request().path(),
                    ctx.request().getHeader("X-Request-Id"), List.of());
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (Exception e) {
                body = "{\"code\":\"PAYLOAD_TOO_LARGE\",\"status\":413}";
            }
            String answer = body;
            ctx.request().handler(ignored -> { });
            ctx.request().endHandler(ignored -> ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                    .end(answer));
            ctx.request().resume();
        });
    }
}
