package org.sabt.document.certificate;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** What to issue: for which act, which kind, on paper (a blank of the office) or electronic only. */
@Schema(name = "CertificateRequest")
public record IssueRequest(@NotNull UUID actId, @NotNull CertificateType.Kind kind, @NotNull CertificateType.Medium medium,
                           @Min(1) @Schema(description = "The act version to certify; the current one when absent. "
                                   + "An earlier version is refused (ACT_VERSION_NOT_CURRENT, or ACT_VERSION_SEALED after an adoption)")
                           Integer actVersion) {
}
