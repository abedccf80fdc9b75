package org.sabt.chassis.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * An empty body is no body: a POST of an action that takes an optional JSON body (a comment) may come with no
 * Content-Type, or with the one an HTTP client puts on every request; it is read as absent JSON, not refused 415.
 */
public class EmptyBody {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(preMatching = true)
    public void noBodyIsNoJson(ContainerRequestContext request) {
        if (!WITH_BODY.contains(request.getMethod())) {
            return;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean empty = "0".equals(length == null ? null : length.strip())
                || (length == null && request.getHeaderString("Transfer-Encoding") == null);
        if (empty) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
