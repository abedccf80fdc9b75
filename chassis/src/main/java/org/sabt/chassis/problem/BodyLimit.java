package org.sabt.chassis.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * A body declared larger than {@code sabt.http.max-body-size} (1M) gets a 413 problem+json before anything reads it;
 * the paths of {@code sabt.http.bulk-paths} (an archive's file) may send up to {@code quarkus.http.limits.max-body-size}.
 * Where the service allows bulk bodies, any other body must declare its length (411 otherwise), so that nothing is
 * buffered beyond the small limit. The body is drained rather than the connection cut, so that the client, still
 * sending, reads the answer instead of a broken pipe.
 * <p>
 * A JSON body within the small limit that declares its length is read whole here, on the I/O thread, before the
 * resource method runs: Quarkus REST then reads it from memory. Otherwise a blocking method reads its body through a
 * stream handed back and forth between the I/O thread and the worker, which JFR showed costing more CPU than a
 * certificate's signature check. Bulk bodies (an archive's file) are still streamed.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final long bulkLimit;
    private final List<String> bulkPaths;
    private final ObjectMapper json;
    private final BodyHandler reader;

    BodyLimit(@ConfigProperty(name = "sabt.http.max-body-size", defaultValue = "1M") MemorySize limit,
              @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M") MemorySize bulkLimit,
              @ConfigProperty(name = "sabt.http.bulk-paths") java.util.Optional<List<String>> bulkPaths,
              ObjectMapper json) {
        this.limit = Math.min(limit.asLongValue(), bulkLimit.asLongValue());
        this.bulkLimit = bulkLimit.asLongValue();
        this.bulkPaths = bulkPaths.orElse(List.of());
        this.json = json;
        this.reader = BodyHandler.create(false).setBodyLimit(this.limit).setMergeFormAttributes(false)
                .setPreallocateBodyBuffer(true);
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
            String path = ctx.request().path();
            boolean bulk = path != null && bulkPaths.stream().anyMatch(path::startsWith);
            boolean chunked = declared == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING);
            if (chunked && !bulk && bulkLimit > limit) {
                refuse(ctx, 411, "LENGTH_REQUIRED");
            } else if (length > (bulk ? bulkLimit : limit)) {
                refuse(ctx, 413, "PAYLOAD_TOO_LARGE");
            } else if (length > 0 && !bulk && isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                reader.handle(ctx); // reads the body whole, then the next handler
            } else {
                ctx.next();
            }
        });
    }

    /** JSON, what every operation with a small body takes; anything else is left to the resource (415, mostly). */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        int parameters = type.indexOf(';');
        type = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return type.equals("application/json") || type.endsWith("+json");
    }

    private void refuse(RoutingContext ctx, int status, String code) {
        DoorProblems.answer(ctx, json, status, code, null);
    }
}
