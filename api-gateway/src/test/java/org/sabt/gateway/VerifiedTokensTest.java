package org.sabt.gateway;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void a_verified_token_is_known_until_it_expires_and_not_a_second_longer() {
        MovingClock clock = new MovingClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        VerifiedTokens.Verified v = tokens.remember("t1", identity("portal", "ali", NOW.plusSeconds(300)));

        assertThat(v).isEqualTo(new VerifiedTokens.Verified("portal", "ali", NOW.plusSeconds(300).getEpochSecond()));
        assertThat(tokens.get("t1")).isEqualTo(v);
        assertThat(tokens.get("t2")).isNull();
        clock.now = NOW.plusSeconds(299);
        assertThat(tokens.get("t1")).isEqualTo(v);
        clock.now = NOW.plusSeconds(300);
        assertThat(tokens.get("t1")).as("expired: verified again (and refused) by the provider").isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_token_already_expired_or_without_an_expiry_is_not_kept() {
        VerifiedTokens tokens = new VerifiedTokens(10, new MovingClock(NOW));
        tokens.remember("old", identity("portal", "ali", NOW.minusSeconds(1)));
        tokens.remember("forever", identity("portal", "ali", null));
        assertThat(tokens.get("old")).isNull();
        assertThat(tokens.get("forever")).isNull();
    }

    @Test
    void when_full_the_expired_go_first_then_all() {
        MovingClock clock = new MovingClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(3, clock);
        tokens.remember("short", identity("a", "x", NOW.plusSeconds(10)));
        tokens.remember("long1", identity("a", "x", NOW.plusSeconds(600)));
        tokens.remember("long2", identity("a", "x", NOW.plusSeconds(600)));
        clock.now = NOW.plusSeconds(20);
        tokens.remember("new", identity("a", "x", NOW.plusSeconds(600)));
        assertThat(tokens.get("long1")).isNotNull();
        assertThat(tokens.get("new")).isNotNull();
        assertThat(tokens.size()).isEqualTo(3);

        tokens.remember("newer", identity("a", "x", NOW.plusSeconds(600)));
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.get("newer")).isNotNull();
        assertThat(tokens.get("long1")).isNull();
    }

    private static QuarkusSecurityIdentity identity(String azp, String name, Instant expires) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(azp, name, expires)).build();
    }

    private record Jwt(String azp, String name, Instant expires) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Map.of("azp", azp).keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claim) {
            return switch (claim) {
                case "azp" -> (T) azp;
                case "exp" -> expires == null ? null : (T) Long.valueOf(expires.getEpochSecond());
                default -> null;
            };
        }

        @Override
        public long getExpirationTime() {
            return expires == null ? 0 : expires.getEpochSecond();
        }
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
