package org.sabt.document.blank;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;
import org.sabt.document.certificate.Certificates;

import java.time.LocalDate;

@Path("/api/v1/blanks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Blanks", description = "Strictly accounted certificate blanks: receipts, transfers, spoilage and the journal")
public class BlankResource {

    private final Blanks blanks;
    private final Certificates certificates;
    private final CurrentCaller caller;

    BlankResource(Blanks blanks, Certificates certificates, CurrentCaller caller) {
        this.blanks = blanks;
        this.certificates = certificates;
        this.caller = caller;
    }

    @POST
    @Path("/receipts")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "receiveBlanks", summary = "A printed batch of blanks enters the national stock",
            description = "A series and a number range of one certificate type. A number already received is refused and "
                    + "nothing of the batch is recorded.")
    @APIResponse(responseCode = "201", description = "Received: the journal line")
    @APIResponse(responseCode = "409", description = "BLANKS_ALREADY_RECEIVED")
    @APIResponse(responseCode = "422", description = "BLANK_SERIES_INVALID, BLANK_RANGE_INVALID")
    public RestResponse<Journal.Movement> receive(@NotNull @Valid BlankRequests.Receipt receipt) {
        return RestResponse.status(RestResponse.Status.CREATED, blanks.receive(caller.get(), receipt));
    }

    @POST
    @Path("/transfers")
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "transferBlanks", summary = "A range of free blanks moves to an office",
            description = "From the national stock (or fromOffice) to office; every blank of the range must be free there, "
                    + "or nothing moves. An office's owed certificates waiting for blanks are issued next.")
    @APIResponse(responseCode = "201", description = "Transferred: the receiving office's journal line")
    @APIResponse(responseCode = "409", description = "BLANKS_NOT_AVAILABLE")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN, TRANSFER_TO_ITSELF, BLANK_SERIES_INVALID, BLANK_RANGE_INVALID")
    public RestResponse<Journal.Movement> transfer(@NotNull @Valid BlankRequests.Transfer transfer) {
        return RestResponse.status(RestResponse.Status.CREATED, blanks.transfer(caller.get(), transfer));
    }

    @POST
    @Path("/{series}/{number}/spoilage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGISTRAR, Roles.SUPERVISOR})
    @Operation(operationId = "spoilBlank", summary = "Write a blank off as spoiled, with a reason",
            description = "Staff of the office holding it. A certificate printed on it is revoked (BLANK_SPOILED); a "
                    + "reprint is a new certificate on a new blank.")
    @APIResponse(responseCode = "200", description = "Spoiled")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "404", description = "BLANK_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "BLANK_ALREADY_SPOILED")
    public Blanks.Spoiled spoil(@PathParam("series") @Size(max = 20) String series,
                                @PathParam("number") @Min(1) @Max(999_999_999) int number,
                                @NotNull @Valid BlankRequests.Spoilage spoilage) {
        return certificates.spoil(caller.get(), series, number, spoilage.reason());
    }

    @GET
    @Path("/journal")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.SUPERVISOR, Roles.REGISTRAR, Roles.BACK_OFFICE})
    @Operation(operationId = "getBlankJournal", summary = "The journal of blanks: every movement and the balance",
            description = "office= an office code, or STOCK for the national stock (admin and auditor; staff see their "
                    + "office's); from/to dates (UTC, default: this month). opening + received + transferredIn − issued − "
                    + "spoiled − transferredOut = closing, and for a period ending today closing = freeNow (balances).")
    @APIResponse(responseCode = "200", description = "The journal")
    @APIResponse(responseCode = "400", description = "PERIOD_INVALID, INVALID_FIELD_VALUE")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED")
    @APIResponse(responseCode = "422", description = "OFFICE_UNKNOWN")
    public Journal journal(@QueryParam("office") @Size(max = 5) String office, @QueryParam("from") LocalDate from,
                           @QueryParam("to") LocalDate to) {
        return blanks.journal(caller.get(), office, from, to);
    }
}
