package org.sabt.application.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.handoff.Handoffs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An application as its applicant and the office see it: status, history, open tasks, deadline, what next. */
@Schema(name = "Application")
public record ApplicationView(
        UUID id, ServiceCode service,
        @Schema(description = "In the caller's Accept-Language") String serviceName,
        ApplicationStatus status,
        @Schema(description = "In the caller's Accept-Language") String statusName,
        @Schema(example = "KHT02") String office,
        Applicant applicant, Requests.ContactDetails contact,
        @Schema(description = "The fee exemption the applicant claimed (its category and proof), if any") Requests.FeeExemptionClaim feeExemption,
        @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "The form, as submitted (or resubmitted)") JsonNode form,
        @Schema(description = "The checklist's documents the front office saw") List<String> documentsSeen,
        String submittedBy, Instant submittedAt, Instant acceptedAt,
        @Schema(description = "Working days from acceptance; moved on by the days it was returned") LocalDate deadline,
        @Schema(description = "The deadline has passed while the office had it") boolean overdue,
        @Schema(description = "Working days the clock stood still while the application was returned") int pausedWorkingDays,
        @Schema(description = "Why it was returned, while it is") String returnReason,
        @Schema(description = "The back-office user who holds it") String assignedTo,
        Registration registration,
        @Schema(description = "The registry's refusal of the last approval: the application stays in review") Refusal registryRefusal,
        Rejection rejection,
        @Schema(description = "The checks of the current review") List<TaskView> tasks,
        @Schema(description = "The registered act handed to each agency entitled to act on it (the ID service, social "
                + "protection, the polyclinic; the pension fund), and where each stands") List<Handoffs.View> handoffs,
        @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "An application Sabt proposed from a birth notice: the notice "
                + "(noticeId) and the mother's husband presumed the father (presumedFather: personId, fullName)") JsonNode proposal,
        List<HistoryEntry> history,
        @Schema(description = "What happens next, or what the applicant should do, in the caller's language") String nextStep,
        @Schema(description = "The actions the caller may take now") List<Action> actions,
        @Schema(description = "The version; the ETag, to send as If-Match with an action") int version) {

    @Schema(name = "ApplicationApplicant")
    public record Applicant(@Schema(example = "1000000001") String nationalId, String name, boolean walkIn) {
    }

    /** The act the application registered (or amended, or concerns), and where its registration stands. */
    @Schema(name = "ApplicationRegistration")
    public record Registration(@Schema(description = "PENDING while the registry is retried, DONE once it answered")
                               Application.RegistrationState state, UUID actId,
                               @Schema(example = "BIR-KHT02-2026-000123") String registrationNumber, Integer actVersion,
                               int attempts, Instant nextAttemptAt, String lastError, UUID certificateId) {
    }

    @Schema(name = "RegistryRefusal")
    public record Refusal(@Schema(example = "MARRIAGE_SPOUSE_ALREADY_MARRIED") String code, String detail) {
    }

    @Schema(name = "ApplicationRejection")
    public record Rejection(String reasonCode, String reason, String comment) {
    }

    /** A check of the review and its outcome. */
    @Schema(name = "ApplicationTask")
    public record TaskView(UUID id, String code, String name, @Schema(example = "registry") String answeredBy,
                           String status, String decidedBy, Instant decidedAt, String detail, String reference) {
    }

    /** One transition: who, when, why, under which request. */
    @Schema(name = "ApplicationHistoryEntry")
    public record HistoryEntry(int seq, ApplicationStatus from, ApplicationStatus status, String action, String by,
                               Instant at, String reason, String requestId) {
    }
}
