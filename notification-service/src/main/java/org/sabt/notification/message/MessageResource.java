package org.sabt.notification.message;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.Roles;

@Path("/api/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages", description = "The delivery log")
@SecurityRequirement(name = "bearer")
public class MessageResource {

    @GET
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.SUPERVISOR, Roles.BACK_OFFICE})
    @Operation(summary = "The delivery log", description = "Every message with its delivery status, newest first.")
    @APIResponse(responseCode = "200", description = "A page of messages")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    public Page<MessageView> list(@QueryParam("eventType") String eventType, @QueryParam("subject") String subject,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int n = Page.limit(limit);
        return Page.of(Message.listWhere(eventType, subject, Page.Cursor.decode(cursor), n), n, MessageView::of,
                m -> new Page.Cursor(m.createdAt, m.id));
    }
}
