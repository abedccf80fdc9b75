package org.sabt.document.verification;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.document.signing.SigningKeys;
import org.sabt.document.token.CertificateToken;
import org.sabt.document.token.TokenClaims;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks a certificate's token: its signature against every key that ever signed here, then its status now. The status
 * is one indexed read on a pooled connection in auto-commit, with no transaction manager or ORM around it: a verification
 * is public, frequent and read-only, and its cost should be the signature's.
 */
@ApplicationScoped
public class Verifications {

    @Schema(name = "Verification", description = "VALID, or REVOKED with why; and what the paper must show")
    public record Verification(@Schema(enumeration = {"VALID", "REVOKED"}) String result,
                               @Schema(enumeration = {"SUPERSEDED", "ANNULLED", "BLANK_SPOILED"}) String reason,
                               TokenClaims certificate) {
    }

    private final AgroalDataSource dataSource;
    private final SigningKeys keys;

    Verifications(AgroalDataSource dataSource, SigningKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    public Verification verify(String tokenOrLink) {
        String token = tokenOrLink == null ? null : tokenOrLink.substring(tokenOrLink.indexOf('#') + 1).trim();
        TokenClaims claims = CertificateToken.verify(token, keys::verifier);
        try (Connection c = dataSource.getConnection();
             PreparedStatement status = c.prepareStatement("SELECT status, revoked_reason FROM certificate WHERE id = ?")) {
            status.setObject(1, claims.certificateId());
            try (ResultSet row = status.executeQuery()) {
                if (!row.next()) {
                    // Signed here but not kept here: a database restored from before it was issued.
                    throw ProblemException.unprocessable("CERTIFICATE_UNKNOWN", claims.certificateId());
                }
                return new Verification(row.getString(1), row.getString(2), claims);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the certificate's status cannot be read", e);
        }
    }
}
