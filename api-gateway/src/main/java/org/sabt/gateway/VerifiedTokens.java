package org.sabt.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens the gateway has verified, kept until they expire, so that a client's next request with the same token
 * is not verified again: the signature check and the parsing of the token were 28 % of the gateway's CPU for a request
 * the service refuses at once (JFR, bench scenario 10), and a portal sends one token for its whole life. Safe by
 * construction: the gateway's check only refuses early and names the client for its rate limits; every service still
 * verifies the token it receives, in full. Only a token with an expiry is kept, never past it. Bounded: when full, the
 * expired entries go first, then all (a burst of new tokens costs one verification each again, nothing more).
 */
final class VerifiedTokens {

    /** Who a verified token names: the client (azp) and the caller, and until when (epoch seconds). */
    record Verified(String client, String caller, long expiresAt) {
    }

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    VerifiedTokens(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The token's verification, if it was verified before and has not expired. */
    Verified get(String token) {
        Verified known = byToken.get(token);
        if (known == null) {
            return null;
        }
        if (known.expiresAt() <= clock.instant().getEpochSecond()) {
            byToken.remove(token, known);
            return null;
        }
        return known;
    }

    /** What a freshly verified identity names; kept for the token's life when the token says when it expires. */
    Verified remember(String token, SecurityIdentity identity) {
        String client = identity.getPrincipal().getName();
        String caller = null;
        long expiresAt = 0;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            client = azp == null ? client : String.valueOf(azp);
            caller = jwt.getName();
            expiresAt = jwt.getExpirationTime();
        }
        Verified verified = new Verified(client, caller, expiresAt);
        if (expiresAt > clock.instant().getEpochSecond()) {
            if (byToken.size() >= capacity) {
                long now = clock.instant().getEpochSecond();
                byToken.values().removeIf(v -> v.expiresAt() <= now);
                if (byToken.size() >= capacity) {
                    byToken.clear();
                }
            }
            byToken.put(token, verified);
        }
        return verified;
    }

    int size() {
        return byToken.size();
    }
}
