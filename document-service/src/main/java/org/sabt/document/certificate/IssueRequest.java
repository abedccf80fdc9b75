package org.sabt.document.certificate;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** What to issue: for which act, which kind, on paper (a blank of the office) or electronic only. */
@Schema(name = "CertificateRequest")
public record IssueRequest(@NotNull @Schema(example = "3f1c9a52-7d2e-4b8a-9c61-0e5d4a7b2f10") UUID actId,
                           @NotNull @Schema(example = "REPEAT_CERTIFICATE") CertificateType.Kind kind,
                           @NotNull @Schema(example = "PAPER") CertificateType.Medium medium,
                           @Min(1) @Schema(example = "2", description = "The act version to certify; the current one when absent. "
                                   + "An earlier version is refused (ACT_VERSION_NOT_CURRENT, or ACT_VERSION_SEALED after an adoption)")
                           Integer actVersion) {
}
