package org.sabt.application.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.lifecycle.ApplicationEvents;
import org.sabt.chassis.outbox.Outbox;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Events of hand-offs, on the applications topic (key: the application id, so they follow its own events; schemas in
 * docs/events). sabt.handoff.requested goes to the addressed agency alone as a signed webhook; status changes tell
 * the parents (a message when one is done).
 */
final class HandoffEvents {

    static final String REQUESTED = "sabt.handoff.requested";
    static final String STATUS_CHANGED = "sabt.handoff.status-changed";

    /** sabt.handoff.requested, schema version 1: what the agency needs to act, and where to answer. */
    record Requested(int version, UUID handoffId, String agency, UUID applicationId, ServiceCode service, String office,
                     UUID actId, String registrationNumber, JsonNode child, JsonNode mother, JsonNode father,
                     JsonNode deceased, String acknowledgementUrl, String resultUrl, Instant sentAt) {
    }

    /** sabt.handoff.status-changed, schema version 1: the agency acknowledged, did or failed it. */
    record StatusChanged(int version, UUID handoffId, String agency, Map<String, String> agencyNames, UUID applicationId,
                         ServiceCode service, String office, String registrationNumber, Handoff.Status previousStatus,
                         Handoff.Status status, String reference, String reason, Instant changedAt,
                         String applicantNationalId, ApplicationEvents.Contact contact) {
    }

    static Outbox.Event requested(Handoff h, String subject, JsonNode form) {
        String base = "/api/v1/handoffs/" + h.id;
        return new Outbox.Event(ApplicationEvents.TOPIC, REQUESTED, h.applicationId.toString(), subject, new Requested(1, h.id,
                h.agency, h.applicationId, h.service, h.office, h.actId, h.registrationNumber, node(form, "child"),
                node(form, "mother"), node(form, "father"), node(form, "deceased"), base + "/acknowledgement",
                base + "/result", h.sentAt));
    }

    static Outbox.Event statusChanged(Handoff h, Handoff.Status previous, Map<String, String> names, String applicant,
                                      ApplicationEvents.Contact contact) {
        return new Outbox.Event(ApplicationEvents.TOPIC, STATUS_CHANGED, h.applicationId.toString(), applicant,
                new StatusChanged(1, h.id, h.agency, names, h.applicationId, h.service, h.office, h.registrationNumber,
                        previous, h.status, h.reference, h.reason, h.updatedAt, applicant, contact));
    }

    private static JsonNode node(JsonNode form, String field) {
        JsonNode n = form == null ? null : form.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private HandoffEvents() {
    }
}
