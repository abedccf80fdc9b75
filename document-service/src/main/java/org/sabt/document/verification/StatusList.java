package org.sabt.document.verification;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.sabt.document.certificate.CertificateConfig;
import org.sabt.document.signing.SigningKeys;
import org.sabt.document.token.CertificateToken;

import java.io.ByteArrayOutputStream;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Every certificate's status in one signed list, after the IETF Token Status List: 2 bits per certificate at its
 * status index (0 valid, 1 invalid: the act annulled, 2 invalid: the blank spoiled, 3 superseded by a correction),
 * compressed with DEFLATE/ZLIB, in a JWT of type statuslist+jwt signed by the active key. An offline verifier keeps the
 * list and learns every revocation without telling anyone which certificate it checks.
 */
@ApplicationScoped
public class StatusList {

    public static final String PATH = "/api/v1/certificates/status-list";
    public static final int VALID = 0, ANNULLED = 1, BLANK_SPOILED = 2, SUPERSEDED = 3;
    /** How long a built list is served without checking whether a status changed (an instance's own changes show at once). */
    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Duration TTL = Duration.ofMinutes(5);

    private record Built(long change, Instant at, String jwt) {
    }

    private final EntityManager em;
    private final SigningKeys keys;
    private final Clock clock;
    private final CertificateConfig config;
    private volatile Built built;

    StatusList(EntityManager em, SigningKeys keys, Clock clock, CertificateConfig config) {
        this.em = em;
        this.keys = keys;
        this.clock = clock;
        this.config = config;
    }

    public static int value(String revokedReason) {
        if (revokedReason == null) {
            return VALID;
        }
        return switch (revokedReason) {
            case "ANNULLED" -> ANNULLED;
            case "BLANK_SPOILED" -> BLANK_SPOILED;
            case "SUPERSEDED" -> SUPERSEDED;
            default -> throw new IllegalArgumentException("no revocation reason " + revokedReason);
        };
    }

    /** The signed list, as it stands (rebuilt when a status changed). */
    public String jwt() {
        return QuarkusTransaction.requiringNew().call(() -> {
            long change = ((Number) em.createNativeQuery(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM certificate_status_change").getSingleResult()).longValue();
            Built current = built;
            Instant now = clock.instant();
            if (current != null && current.change() == change && current.at().plus(FRESH).isAfter(now)) {
                return current.jwt();
            }
            String jwt = build(now);
            built = new Built(change, now, jwt);
            return jwt;
        });
    }

    private String build(Instant now) {
        long size = ((Number) em.createNativeQuery(
                "SELECT CASE WHEN is_called THEN last_value + 1 ELSE 0 END FROM certificate_status_index").getSingleResult()).longValue();
        byte[] bits = new byte[(int) Math.max(1, (size * 2 + 7) / 8)];
        List<Object[]> revoked = em.createNativeQuery(
                "SELECT status_index, revoked_reason FROM certificate WHERE status = 'REVOKED'").getResultList();
        for (Object[] r : revoked) {
            long index = ((Number) r[0]).longValue();
            bits[(int) (index / 4)] |= (byte) (value((String) r[1]) << (int) ((index % 4) * 2));
        }
        CertificateToken.SigningKey key = keys.active();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType("statuslist+jwt")).keyID(key.kid()).build(),
                    new JWTClaimsSet.Builder().subject(config.publicBaseUrl() + PATH).issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(Duration.ofDays(1)))).claim("ttl", TTL.toSeconds())
                            .claim("status_list", Map.of("bits", 2, "lst", Base64.getUrlEncoder().withoutPadding()
                                    .encodeToString(zlib(bits)))).build());
            jwt.sign(new ECDSASigner((ECPrivateKey) key.privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("the status list cannot be signed", e);
        }
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
