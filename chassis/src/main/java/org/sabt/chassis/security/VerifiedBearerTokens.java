package org.sabt.chassis.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The identities of bearer tokens this service has verified, kept until each token expires, so that a client's next
 * request with the same token is not verified again. Verifying a token (its RS256 signature, and parsing it) was half
 * of registry-service's CPU for a request it answers at once (JFR, 403 at 8 clients: jose4j in 51 % of the samples),
 * and a portal, an app or a staff member's browser sends one token for many requests.
 * <p>
 * It stands before Quarkus' OIDC provider: a token seen before, not yet expired, has its identity at once; any other
 * goes to the OIDC provider of the default tenant (signature, issuer, audience, expiry, roles), and is kept only once
 * verified, and only when it says when it expires. A refused token is never kept, so a forged or tampered one (a
 * different string) is verified, and refused, every time. Like a token verified once by Quarkus, a kept token stays
 * valid until its expiry even if its signing key leaves the realm's JWKS meanwhile; the realm's access tokens live
 * minutes. At most {@code sabt.security.verified-tokens} (10,000) tokens are kept, the least used going first.
 */
@ApplicationScoped
public class VerifiedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final Function<String, Uni<SecurityIdentity>> verify;
    /** Now, in epoch milliseconds. */
    private final LongSupplier clock;
    private final Cache<String, SecurityIdentity> verified;

    @Inject
    VerifiedBearerTokens(TenantIdentityProvider oidc,
                         @ConfigProperty(name = "sabt.security.verified-tokens", defaultValue = "10000") int capacity) {
        this(token -> oidc.authenticate(new AccessTokenCredential(token)), capacity, System::currentTimeMillis);
    }

    VerifiedBearerTokens(Function<String, Uni<SecurityIdentity>> verify, int capacity, LongSupplier clock) {
        this.verify = verify;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.getAsLong()))
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, SecurityIdentity>creating((token, identity) ->
                        Duration.ofMillis(Math.max(0, expiresAt(identity) * 1000 - clock.getAsLong()))))
                .build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before Quarkus' own providers (at most {@link #SYSTEM_FIRST}): it answers for the tokens it has verified. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        SecurityIdentity known = verified.getIfPresent(token); // never one past its expiry (the cache's clock is ours)
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return verify.apply(token).invoke(identity -> remember(token, identity));
    }

    /** Keeps an identity until its token expires; none (the provider does not answer for the token) is not kept. */
    private void remember(String token, SecurityIdentity identity) {
        if (identity != null && expiresAt(identity) * 1000 > clock.getAsLong()) {
            verified.put(token, identity);
        }
    }

    /** The token's expiry (epoch seconds), or 0 when the identity is not a token's or the token does not say. */
    private static long expiresAt(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getExpirationTime() : 0;
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
