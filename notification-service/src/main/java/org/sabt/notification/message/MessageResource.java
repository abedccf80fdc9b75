package org.sabt.notification.message;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.notification.delivery.Deliveries;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/api/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages", description = "The delivery log")
@SecurityRequirement(name = "bearer")
public class MessageResource {

    private static final Set<String> STATUSES = Set.of("QUEUED", "SENT", "DELIVERED", "FAILED", "UNKNOWN", "PARKED",
            "CANCELLED", "RECORDED", "UNDELIVERABLE", "EXPIRED");
    private static final Set<String> CHANNELS = Set.of("WEBHOOK", "EMAIL", "SMS", "LOG");

    private final EntityManager em;
    private final Deliveries delivery;
    private final Clock clock;
    private final CurrentCaller callers;

    MessageResource(EntityManager em, Deliveries delivery, Clock clock, CurrentCaller callers) {
        this.em = em;
        this.callers = callers;
        this.delivery = delivery;
        this.clock = clock;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.SUPERVISOR, Roles.BACK_OFFICE, Roles.REGISTRAR, Roles.CITIZEN,
            Roles.PORTAL})
    @Operation(operationId = "listMessages", summary = "The delivery log",
            description = "Every message with its delivery status, newest first, keyset-paged. An admin or auditor sees "
                    + "every message; an office's staff (registrar, back office, supervisor) those about their office's "
                    + "applications; a citizen (or a portal for the citizen it names in X-Citizen-Id) their own.")
    @APIResponse(responseCode = "200", description = "A page of messages")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID, STATUS_INVALID, CHANNEL_INVALID")
    @APIResponse(responseCode = "403", description = "OFFICE_NOT_ALLOWED (staff asking for another office), CITIZEN_REQUIRED")
    public Page<MessageView> list(@QueryParam("eventType") String eventType, @QueryParam("subject") String subject,
                                  @QueryParam("status") String status, @QueryParam("channel") String channel,
                                  @QueryParam("recipient") String recipient,
                                  @QueryParam("subscription") UUID subscription,
                                  @QueryParam("office") String office,
                                  @QueryParam("application") UUID application,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badRequest("STATUS_INVALID", status);
        }
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ProblemException.badRequest("CHANNEL_INVALID", channel);
        }
        Caller caller = callers.get();
        if (!seesAll(caller)) {
            if (isStaff(caller)) {
                office = office != null ? office : Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office();
                if (office != null) {
                    caller.requireOffice(office);
                } else if (!Caller.ALL_OFFICES.equals(caller.office())) {
                    throw ProblemException.forbidden("OFFICE_NOT_ALLOWED", "none");
                }
            } else {
                subject = citizen(caller);
            }
        }
        int n = Page.limit(limit);
        Message.Filter filter = new Message.Filter(eventType, subject, status, channel, recipient, subscription, office,
                application, !seesAll(caller) && isStaff(caller));
        return Page.of(Message.listWhere(filter, Page.Cursor.decode(cursor), n), n, MessageView::of,
                m -> new Page.Cursor(m.createdAt, m.id));
    }

    @GET
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.SUPERVISOR, Roles.BACK_OFFICE, Roles.REGISTRAR, Roles.CITIZEN,
            Roles.PORTAL})
    @Operation(operationId = "getMessage", summary = "One message with every attempt",
            description = "Under the same rule as the list: staff their office's, a citizen their own.")
    @APIResponse(responseCode = "200", description = "The message")
    @APIResponse(responseCode = "404", description = "MESSAGE_NOT_FOUND (also one the caller may not see)")
    public MessageView get(@PathParam("id") UUID id) {
        Message m = find(id);
        Caller caller = callers.get();
        boolean visible = seesAll(caller) || (isStaff(caller) ? m.office != null && caller.mayActIn(m.office)
                : m.subject != null && m.subject.equals(citizen(caller)));
        if (!visible) {
            throw ProblemException.notFound("MESSAGE_NOT_FOUND", id);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT attempt, at, status_code, latency_ms, outcome, answer FROM message_attempt
                        WHERE message_id = ?1 ORDER BY id""").setParameter(1, id).getResultList();
        return MessageView.of(m, rows.stream().map(r -> new MessageView.Attempt(((Number) r[0]).intValue(), Timestamps.instant(r[1]),
                r[2] == null ? null : ((Number) r[2]).intValue(), ((Number) r[3]).intValue(), (String) r[4], (String) r[5])).toList());
    }

    private static boolean seesAll(Caller caller) {
        return caller.has(Roles.ADMIN) || caller.has(Roles.AUDITOR);
    }

    private static boolean isStaff(Caller caller) {
        return caller.has(Roles.SUPERVISOR) || caller.has(Roles.BACK_OFFICE) || caller.has(Roles.REGISTRAR);
    }

    private static String citizen(Caller caller) {
        if (caller.actingCitizen() == null) {
            throw ProblemException.forbidden("CITIZEN_REQUIRED", caller.username());
        }
        return caller.actingCitizen();
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "replayMessage", summary = "Send a parked or failed message again, now",
            description = "With the same webhook-id, as the first attempt of a new schedule. An SMS left UNKNOWN (its "
                    + "submit got no answer) is resent only when a person decides so, here: its segments not known to be "
                    + "taken go again.")
    @APIResponse(responseCode = "200", description = "Queued again")
    @APIResponse(responseCode = "404", description = "MESSAGE_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "MESSAGE_NOT_REPLAYABLE (only a PARKED, FAILED or UNKNOWN webhook, e-mail or SMS)")
    public MessageView replay(@PathParam("id") UUID id) {
        MessageView queued = QuarkusTransaction.requiringNew().call(() -> {
            Message m = find(id);
            if ("LOG".equals(m.channel) || !Set.of("PARKED", "FAILED", "UNKNOWN").contains(m.status)) {
                throw ProblemException.conflict("MESSAGE_NOT_REPLAYABLE", m.status);
            }
            // A person decided: an SMS's segments of unknown fate go again.
            em.createNativeQuery("DELETE FROM sms_segment WHERE message_id = ?1 AND state = 'UNKNOWN'").setParameter(1, id)
                    .executeUpdate();
            em.createNativeQuery("UPDATE message SET status = 'QUEUED', attempts = 0, next_attempt_at = ?2, updated_at = ?2 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
            em.refresh(m);
            return MessageView.of(m);
        });
        // Committed: it goes now, its peer's circuit breaker closed.
        delivery.retryNow(queued.subscriptionId() != null ? queued.subscriptionId().toString() : queued.channel());
        return queued;
    }

    private Message find(UUID id) {
        Message m = Message.findById(id);
        if (m == null) {
            throw ProblemException.notFound("MESSAGE_NOT_FOUND", id);
        }
        return m;
    }

}
