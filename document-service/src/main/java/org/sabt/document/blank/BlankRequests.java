package org.sabt.document.blank;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.document.certificate.CertificateType;

/** The bodies of the blank operations. */
public final class BlankRequests {

    @Schema(name = "BlankReceipt", description = "A printed batch enters the national stock")
    public record Receipt(@NotBlank @Size(max = 20) @Schema(example = "II-ТҶ") String series,
                          @NotNull @Min(1) @Schema(example = "1") Integer from,
                          @NotNull @Min(1) @Schema(example = "1000") Integer to,
                          @NotNull CertificateType certificateType) {
    }

    @Schema(name = "BlankTransfer", description = "A range moves from the national stock (or an office) to an office")
    public record Transfer(@NotBlank @Size(max = 20) String series, @NotNull @Min(1) Integer from, @NotNull @Min(1) Integer to,
                           @NotBlank @Pattern(regexp = "[A-Z]{3}\\d{2}") @Schema(example = "KHT05") String office,
                           @Pattern(regexp = "[A-Z]{3}\\d{2}") @Schema(description = "The office giving the blanks; the national stock when absent")
                           String fromOffice) {
    }

    @Schema(name = "BlankSpoilage")
    public record Spoilage(@NotBlank @Size(max = 500) @Schema(example = "Misprinted: the paper jammed") String reason) {
    }

    private BlankRequests() {
    }
}
