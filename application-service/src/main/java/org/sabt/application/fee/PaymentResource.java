package org.sabt.application.fee;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.ceremony.Ceremonies;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

@Path("/api/v1/applications/{id}/payment")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications")
@SecurityRequirement(name = "bearer")
public class PaymentResource {

    private static final Set<ApplicationStatus> CLOSED = Set.of(ApplicationStatus.REJECTED, ApplicationStatus.CANCELLED,
            ApplicationStatus.COMPLETED);

    @Schema(name = "Payment", description = "A fee paid through the portal's payment provider (outside Sabt)")
    public record Payment(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+")
                          @Schema(description = "The provider's reference", example = "PAY-2026-000123") String reference,
                          @NotNull @Positive @Schema(description = "In minor units (diram)", example = "5000") Long amountMinorUnits) {
    }

    @Schema(name = "Fee")
    public record Fee(UUID applicationId, long feeMinorUnits, String currency, boolean paid, String reference, Instant paidAt) {
    }

    private final Catalogue catalogue;
    private final Ceremonies ceremonies;
    private final CurrentCaller caller;
    private final Clock clock;

    PaymentResource(Catalogue catalogue, Ceremonies ceremonies, CurrentCaller caller, Clock clock) {
        this.catalogue = catalogue;
        this.ceremonies = ceremonies;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(Roles.PORTAL)
    @Operation(operationId = "recordPayment", summary = "Record the fee's payment (a portal, for the citizen it names)",
            description = "The service's fee (GET /api/v1/services) is owed from submission; the back office's approval "
                    + "is refused while it is unpaid (422 FEE_NOT_PAID), and a fee paid here stands for the paper "
                    + "receipt at the counter. The same reference again is answered as before; another is 409. An applicant "
                    + "who claimed a fee exemption owes nothing (409 FEE_NOT_OWED).")
    @APIResponse(responseCode = "200", description = "Paid")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "FEE_NOT_OWED, FEE_ALREADY_PAID, PAYMENT_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "422", description = "FEE_AMOUNT_WRONG")
    public Fee pay(@PathParam("id") UUID id, @NotNull @Valid Payment payment) {
        Caller c = caller.get();
        Application a = Application.lockById(id).filter(app -> Lifecycle.visibleTo(c, app))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
        long fee = catalogue.service(a.service).feeMinorUnits();
        if (fee == 0 || a.feeExemption != null) {
            throw ProblemException.conflict("FEE_NOT_OWED");
        }
        if (a.feePaidAt != null) {
            if (a.feePaidReference.equals(payment.reference())) {
                return fee(a, fee);
            }
            throw ProblemException.conflict("FEE_ALREADY_PAID", a.feePaidReference);
        }
        if (CLOSED.contains(a.status)) {
            throw ProblemException.conflict("PAYMENT_NOT_ALLOWED_WHEN_" + a.status);
        }
        if (payment.amountMinorUnits() != fee) {
            throw ProblemException.unprocessable("FEE_AMOUNT_WRONG", fee, payment.amountMinorUnits());
        }
        a.feePaidReference = payment.reference();
        a.feePaidMinorUnits = payment.amountMinorUnits();
        a.feePaidAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        a.version++;
        ceremonies.feePaid(a);
        return fee(a, fee);
    }

    private Fee fee(Application a, long fee) {
        return new Fee(a.id, fee, catalogue.currency(), true, a.feePaidReference, a.feePaidAt);
    }
}
