package org.sabt.chassis.context;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Every REST client call carries the current X-Request-Id and X-Road headers onward. */
@Provider
public class PropagateCorrelationHeaders implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        String id = RequestContext.requestId();
        if (id != null) {
            request.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, id);
        }
        RequestContext.xRoad().forEach((k, v) -> request.getHeaders().putSingle(k, v));
    }
}
