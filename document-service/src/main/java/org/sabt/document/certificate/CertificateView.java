package org.sabt.document.certificate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A certificate as the API shows it; its PDF is at {@code /api/v1/certificates/{id}/pdf}. */
@Schema(name = "Certificate")
public record CertificateView(UUID id, UUID actId, int actVersion, UUID applicationId, String registrationNumber,
                              CertificateType.Kind kind, CertificateType certificateType, CertificateType.Medium medium,
                              String office, String blankSeries, Integer blankNumber,
                              @Schema(enumeration = {"VALID", "REVOKED"}) String status,
                              @Schema(enumeration = {"SUPERSEDED", "ANNULLED", "BLANK_SPOILED"}) String revokedReason,
                              Instant revokedAt, long statusIndex,
                              @Schema(description = "The QR's link: the public verification page with the signed token in its fragment") String verificationLink,
                              @Schema(description = "The QR's version (size); a full birth certificate fits 18 at level Q") int qrVersion,
                              String issuedBy, Instant issuedAt) {
}
