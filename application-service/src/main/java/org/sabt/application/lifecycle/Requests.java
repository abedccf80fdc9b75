package org.sabt.application.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.ServiceCode;

import java.util.List;

/** The bodies of the one window's requests. */
public final class Requests {

    /** Text PostgreSQL can store: no NUL character (refused as a field error, not a failed write). */
    public static final String STORABLE = "[^\\u0000]*";

    /** What the applicant hands over once: the service, the office, who they are, how to reach them, the form. */
    @Schema(name = "NewApplication")
    public record NewApplication(
            @NotNull ServiceCode service,
            @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
            @Valid @Schema(description = "The applicant; nationalId only for a walk-in applicant at the counter "
                    + "(a citizen's own comes from their token, a portal's from X-Citizen-Id)") ApplicantDetails applicant,
            @Valid ContactDetails contact,
            @NotNull @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "The service's form: see GET /api/v1/services/{code} "
                    + "for its JSON Schema. A registration service's form is the registry's act payload.",
                    example = "{\"child\": {\"surname\": \"Раҳимзода\", \"givenName\": \"Фирдавс\", \"sex\": \"MALE\", "
                            + "\"birthDate\": \"2026-11-20\"}, \"mother\": {\"nationalId\": \"1000000001\", \"surname\": "
                            + "\"Раҳимзода\", \"givenName\": \"Мадина\", \"sex\": \"FEMALE\", \"birthDate\": \"1998-03-14\"}, "
                            + "\"medicalCertificateNumber\": \"MBC-2026-004711\"}") JsonNode form,
            @Size(max = 30) @Schema(description = "Front office: the documents of the checklist seen at the counter")
            List<@NotBlank @Size(max = 60) String> documentsSeen,
            @Valid @Schema(description = "The applicant owes no fee, being of a category of the catalogue's feeExemptions "
                    + "(GET /api/v1/services/{code}); the registrar sees its proof at the counter") FeeExemptionClaim feeExemption) {
    }

    @Schema(name = "FeeExemptionClaim")
    public record FeeExemptionClaim(
            @NotBlank @Size(max = 40) @Schema(example = "WAR_VETERAN") String category,
            @NotBlank @Size(max = 100) @Pattern(regexp = STORABLE)
            @Schema(description = "The proof: its kind and number", example = "Шаҳодатномаи собиқадор № 004512") String document) {
    }

    @Schema(name = "ApplicantDetails")
    public record ApplicantDetails(
            @Pattern(regexp = "\\d{6,20}") @Schema(example = "1000000001") String nationalId,
            @Size(max = 200) @Pattern(regexp = STORABLE) @Schema(example = "Раҳимзода Мадина") String name) {
    }

    @Schema(name = "ContactDetails", description = "Where the applicant is told of every change, and in which language")
    public record ContactDetails(
            @Pattern(regexp = "\\+?\\d{7,15}") @Schema(example = "+992900000001") String phone,
            @Email @Size(max = 254) @Schema(example = "madina@example.tj") String email,
            @Pattern(regexp = "tg|ru|en") @Schema(example = "tg", defaultValue = "tg") String language) {
    }

    /** The front office accepts: the documents of the checklist it saw (every required one). */
    @Schema(name = "Acceptance")
    public record Acceptance(
            @NotNull @Size(max = 30) @Schema(example = "[\"MOTHER_ID\", \"MEDICAL_BIRTH_CERTIFICATE\"]")
            List<@NotBlank @Size(max = 60) String> documentsSeen,
            @Size(max = 500) @Pattern(regexp = STORABLE) @Schema(example = "Originals seen at the counter") String comment) {
    }

    /** Returned to the applicant: what is missing. */
    @Schema(name = "Return")
    public record Return(
            @NotBlank @Size(max = 500) @Pattern(regexp = STORABLE) @Schema(example = "The medical examination certificate is missing") String reason,
            @Size(max = 30) List<@NotBlank @Size(max = 60) String> missingDocuments) {
    }

    /** The applicant resubmits, with the form corrected when that was what was missing. */
    @Schema(name = "Resubmission")
    public record Resubmission(
            @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "The corrected form, when the form changes") JsonNode form,
            @Size(max = 500) @Pattern(regexp = STORABLE) @Schema(example = "New medical examination certificate brought") String comment) {
    }

    /** A comment with an action that needs nothing else (review, approval, cancellation, completion). */
    @Schema(name = "ActionComment")
    public record Comment(@Size(max = 500) @Pattern(regexp = STORABLE) @Schema(example = "Checked with the original documents") String comment) {
    }

    /** The back office rejects, with a reason from the country's list. */
    @Schema(name = "Rejection")
    public record Rejection(
            @NotBlank @Size(max = 60) @Schema(example = "DOCUMENTS_INVALID") String reasonCode,
            @Size(max = 500) @Pattern(regexp = STORABLE) String comment) {
    }

    private Requests() {
    }
}
