package org.sabt.registry.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Roles;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who read or changed which record of the registry")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Roles.AUDITOR)
    @Operation(operationId = "readAuditLog", summary = "The audit entries about one record", description = "Newest first: who (and their office), what "
            + "(REGISTER, RESTORE, AMEND, ANNUL, READ, READ_VERSIONS, READ_SEALED), when, the reason given, the request id "
            + "and the X-Road headers, with each entry's hash in the tamper-evident chain (null for the instant before the "
            + "entry is sealed, within about 200 ms of its commit).")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "400", description = "RECORD_ID_REQUIRED, CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    public Page<AuditLog.Row> forRecord(@QueryParam("recordId") String recordId, @QueryParam("cursor") String cursor,
                                        @QueryParam("limit") Integer limit) {
        if (recordId == null || recordId.isBlank()) {
            throw ProblemException.badRequest("RECORD_ID_REQUIRED");
        }
        int n = Page.limit(limit);
        return Page.of(audit.forRecord(recordId, Page.Cursor.decode(cursor), n + 1), n, r -> r,
                r -> new Page.Cursor(r.at(), r.id()));
    }
}
