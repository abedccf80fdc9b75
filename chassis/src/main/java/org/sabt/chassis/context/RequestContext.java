package org.sabt.chassis.context;

import org.jboss.logging.MDC;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation of the current unit of work: the X-Request-Id and the X-Road headers. Kept in the
 * logging MDC, so every log line shows it and it follows the work onto worker threads; the outbox
 * copies it into events and the REST clients into outgoing calls.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID_KEY = "requestId";
    /** The X-Road message headers that Sabt propagates unchanged (X-Road's names). */
    public static final List<String> XROAD_HEADERS = List.of("X-Road-Client", "X-Road-Service", "X-Road-Id",
            "X-Road-UserId", "X-Road-Issue", "X-Road-Represented-Party");

    public static String requestId() {
        Object id = MDC.get(REQUEST_ID_KEY);
        return id == null ? null : id.toString();
    }

    public static Map<String, String> xRoad() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : XROAD_HEADERS) {
            Object v = MDC.get(h);
            if (v != null) {
                out.put(h, v.toString());
            }
        }
        return out;
    }

    /** Starts a unit of work (a request or a consumed event) with these correlation values. */
    public static void begin(String requestId, Map<String, String> xRoad) {
        clear();
        MDC.put(REQUEST_ID_KEY, requestId);
        xRoad.forEach((k, v) -> {
            if (XROAD_HEADERS.contains(k) && v != null && !v.isBlank()) {
                MDC.put(k, v);
            }
        });
    }

    public static void clear() {
        MDC.remove(REQUEST_ID_KEY);
        XROAD_HEADERS.forEach(MDC::remove);
    }

    private RequestContext() {
    }
}
