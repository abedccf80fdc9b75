package org.sabt.chassis.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedBearerTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    /** Now, in epoch milliseconds, moved by the tests. */
    private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());
    /** The tokens the OIDC provider was asked to verify, in order. */
    private final List<String> verifications = new ArrayList<>();

    @Test
    void a_verified_token_is_not_verified_again_until_it_expires() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(oidc(Map.of("t1", NOW.plusSeconds(300))), 10, clock::get);

        SecurityIdentity first = authenticate(tokens, "t1");
        assertThat(authenticate(tokens, "t1")).isSameAs(first);
        clock.set(NOW.plusSeconds(299).toEpochMilli());
        assertThat(authenticate(tokens, "t1")).isSameAs(first);
        assertThat(verifications).containsExactly("t1");

        clock.set(NOW.plusSeconds(300).toEpochMilli());
        assertThatThrownBy(() -> authenticate(tokens, "t1")).as("expired: verified again, and refused by the provider")
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(verifications).containsExactly("t1", "t1");
    }

    @Test
    void a_refused_token_is_verified_and_refused_every_time() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(oidc(Map.of("good", NOW.plusSeconds(300))), 10, clock::get);
        authenticate(tokens, "good");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> authenticate(tokens, "good-but-tampered")).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThat(verifications).containsExactly("good", "good-but-tampered", "good-but-tampered");
        assertThat(tokens.size()).isOne();
    }

    @Test
    void a_token_without_an_expiry_is_verified_every_time() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(token -> {
            verifications.add(token);
            return Uni.createFrom().item(identity(null));
        }, 10, clock::get);

        authenticate(tokens, "forever");
        authenticate(tokens, "forever");
        assertThat(verifications).containsExactly("forever", "forever");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_token_the_provider_does_not_answer_for_is_passed_on_and_not_kept() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(token -> {
            verifications.add(token);
            return Uni.createFrom().nullItem(); // Quarkus then asks the next provider
        }, 10, clock::get);

        assertThat(authenticate(tokens, "not-ours")).isNull();
        assertThat(authenticate(tokens, "not-ours")).isNull();
        assertThat(verifications).containsExactly("not-ours", "not-ours");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void no_more_tokens_are_kept_than_the_capacity() {
        Map<String, Instant> valid = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            valid.put("t" + i, NOW.plusSeconds(600));
        }
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(oidc(valid), 10, clock::get);
        valid.keySet().forEach(t -> authenticate(tokens, t));
        assertThat(tokens.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void it_stands_before_quarkus_own_providers() {
        VerifiedBearerTokens tokens = new VerifiedBearerTokens(oidc(Map.of()), 10, clock::get);
        assertThat(tokens.priority()).isGreaterThan(VerifiedBearerTokens.SYSTEM_FIRST);
        assertThat(tokens.getRequestType()).isEqualTo(TokenAuthenticationRequest.class);
    }

    private static SecurityIdentity authenticate(VerifiedBearerTokens tokens, String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely();
    }

    /** An OIDC provider that knows these tokens, valid until the given instants (checked against the clock). */
    private Function<String, Uni<SecurityIdentity>> oidc(Map<String, Instant> valid) {
        return token -> {
            verifications.add(token);
            Instant expires = valid.get(token);
            if (expires == null || clock.get() >= expires.toEpochMilli()) {
                return Uni.createFrom().failure(new AuthenticationFailedException("invalid token"));
            }
            return Uni.createFrom().item(identity(expires));
        };
    }

    /** The identity of a token of registrar.sino, as Quarkus OIDC makes it (a JWT principal), expiring then or never. */
    private static SecurityIdentity identity(Instant expires) {
        JwtClaims claims = new JwtClaims();
        claims.setClaim("preferred_username", "registrar.sino");
        if (expires != null) {
            claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(claims)).addRole(Roles.REGISTRAR)
                .build();
    }
}
