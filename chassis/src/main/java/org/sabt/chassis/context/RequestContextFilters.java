package org.sabt.chassis.context;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads X-Request-Id (or makes one) and the X-Road headers of each request; echoes the id back. */
public class RequestContextFilters {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @ServerRequestFilter(preMatching = true)
    public void begin(ContainerRequestContext request) {
        String id = request.getHeaderString(RequestContext.REQUEST_ID_HEADER);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        Map<String, String> xRoad = new HashMap<>();
        for (String h : RequestContext.XROAD_HEADERS) {
            String v = request.getHeaderString(h);
            if (v != null && v.length() <= 500) {
                xRoad.put(h, v);
            }
        }
        RequestContext.begin(id, xRoad);
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        String id = RequestContext.requestId();
        if (id != null) {
            response.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, id);
        }
    }
}
