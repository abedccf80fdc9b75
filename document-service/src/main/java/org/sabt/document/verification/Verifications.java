package org.sabt.document.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.document.signing.SigningKeys;
import org.sabt.document.token.CertificateToken;
import org.sabt.document.token.TokenClaims;

import java.util.List;

/** Checks a certificate's token: its signature against every key that ever signed here, then its status now. */
@ApplicationScoped
public class Verifications {

    @Schema(name = "Verification", description = "VALID, or REVOKED with why; and what the paper must show")
    public record Verification(@Schema(enumeration = {"VALID", "REVOKED"}) String result,
                               @Schema(enumeration = {"SUPERSEDED", "ANNULLED", "BLANK_SPOILED"}) String reason,
                               TokenClaims certificate) {
    }

    private final EntityManager em;
    private final SigningKeys keys;

    Verifications(EntityManager em, SigningKeys keys) {
        this.em = em;
        this.keys = keys;
    }

    @Transactional
    public Verification verify(String tokenOrLink) {
        String token = tokenOrLink == null ? null : tokenOrLink.substring(tokenOrLink.indexOf('#') + 1).trim();
        TokenClaims claims = CertificateToken.verify(token, keys::publicKey);
        List<Object[]> rows = em.createNativeQuery("SELECT status, revoked_reason FROM certificate WHERE id = ?1")
                .setParameter(1, claims.certificateId()).getResultList();
        if (rows.isEmpty()) {
            // Signed here but not kept here: a database restored from before it was issued.
            throw ProblemException.unprocessable("CERTIFICATE_UNKNOWN", claims.certificateId());
        }
        return new Verification((String) rows.get(0)[0], (String) rows.get(0)[1], claims);
    }
}
