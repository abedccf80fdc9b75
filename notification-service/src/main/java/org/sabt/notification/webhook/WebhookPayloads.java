package org.sabt.notification.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.events.CloudEvent;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The small {@code data} of a webhook, after Standard Webhooks' "thin" payloads: ids and the facts an agency needs, in
 * one of two views. FULL (the ID and passport service, social protection): the act's identity, its dates and each
 * party by role with their person id, national id, names, sex and birth date. ANONYMISED (statistics): the act's type,
 * office and dates, and each party by role with sex, birth year and age at the event, plus the coded facts (live born,
 * children born, cause of death code, basis); no name, no national id, no person id, no registration number.
 */
@ApplicationScoped
public class WebhookPayloads {

    /** Coded facts an anonymised view keeps from an act's details. */
    private static final Set<String> CODED_FACTS = Set.of("liveBorn", "childrenBorn", "causeOfDeathCode", "basis",
            "fatherBasis", "adoptersRecordedAsParents", "late");
    /** The dates of the event itself, by act type's details field. */
    private static final Set<String> EVENT_DATES = Set.of("dateOfDeath", "marriageDate", "divorceDate", "adoptionDate",
            "establishedOn", "changedOn");

    private static final String HANDOFF = "sabt.handoff.";

    private final ObjectMapper json;

    WebhookPayloads(ObjectMapper json) {
        this.json = json;
    }

    /** The webhook's data for an event, or null when the event's data cannot be read. */
    public ObjectNode data(CloudEvent event, WebhookConfig.View view) {
        JsonNode payload;
        try {
            payload = json.readTree(event.data() == null ? "null" : event.data());
        } catch (java.io.IOException e) {
            return null;
        }
        JsonNode act = payload.path("act");
        if (act.isObject()) {
            return actData(act, view);
        }
        ObjectNode data = json.createObjectNode();
        // Not an act (a person's or certificate's event): its ids and plain facts, never names in the anonymised view.
        // A hand-off is addressed to one agency, which gets it whole (the persons it is to act on): its id is the hand-off's.
        boolean handoff = event.type().startsWith(HANDOFF);
        data.put("id", handoff ? payload.path("handoffId").asText(event.key()) : event.key());
        if (payload.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> f = payload.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                boolean kept = view == WebhookConfig.View.FULL || isId(e.getKey()) || e.getKey().endsWith("Date")
                        || e.getKey().equals("version");
                if ((e.getValue().isValueNode() || handoff && view == WebhookConfig.View.FULL) && kept) {
                    data.set(e.getKey(), e.getValue());
                }
            }
        }
        return data;
    }

    /** The agency an event is addressed to (a hand-off's), or null for an event every entitled subscriber gets. */
    public String addressee(CloudEvent event) {
        if (!event.type().startsWith(HANDOFF)) {
            return null;
        }
        try {
            JsonNode agency = json.readTree(event.data() == null ? "null" : event.data()).path("agency");
            return agency.isTextual() ? agency.asText() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private ObjectNode actData(JsonNode act, WebhookConfig.View view) {
        ObjectNode data = json.createObjectNode();
        JsonNode details = act.path("details");
        boolean full = view == WebhookConfig.View.FULL;
        data.set("actId", act.path("id"));
        data.set("actType", act.path("type"));
        if (full) {
            data.set("registrationNumber", act.path("registrationNumber"));
        }
        data.set("office", act.path("office"));
        data.set("registrationDate", act.path("registrationDate"));
        data.set("version", act.path("version"));
        data.set("status", act.path("status"));
        LocalDate eventDate = null;
        for (Iterator<Map.Entry<String, JsonNode>> f = details.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> e = f.next();
            if (EVENT_DATES.contains(e.getKey()) && e.getValue().isTextual()) {
                data.set("eventDate", e.getValue());
                eventDate = date(e.getValue().asText());
            } else if (!full && CODED_FACTS.contains(e.getKey()) && e.getValue().isValueNode() && !e.getValue().isNull()) {
                data.set(e.getKey(), e.getValue());
            }
        }
        if (eventDate == null && details.path("child").isObject()) {
            eventDate = date(details.path("child").path("birthDate").asText(null));
            if (eventDate != null) {
                data.put("eventDate", eventDate.toString());
            }
        }
        ArrayNode parties = data.putArray("parties");
        for (Iterator<Map.Entry<String, JsonNode>> f = details.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> e = f.next();
            if (isPerson(e.getValue())) {
                parties.add(party(e.getKey(), e.getValue(), full, eventDate));
            } else if (e.getValue().isArray()) {
                for (JsonNode p : e.getValue()) {
                    if (isPerson(p)) {
                        parties.add(party(e.getKey(), p, full, eventDate));
                    }
                }
            }
        }
        return data;
    }

    private ObjectNode party(String role, JsonNode person, boolean full, LocalDate eventDate) {
        ObjectNode p = json.createObjectNode().put("role", role);
        p.set("sex", person.path("sex"));
        LocalDate born = date(person.path("birthDate").asText(null));
        if (full) {
            p.set("personId", person.path("personId"));
            p.set("nationalId", person.path("nationalId"));
            p.set("surname", person.path("surname"));
            p.set("givenName", person.path("givenName"));
            p.set("patronymic", person.path("patronymic"));
            p.set("birthDate", person.path("birthDate"));
        } else if (born != null) {
            p.put("birthYear", born.getYear());
            if (eventDate != null && !eventDate.isBefore(born)) {
                p.put("ageAtEvent", Period.between(born, eventDate).getYears());
            }
        }
        return p;
    }

    private static boolean isPerson(JsonNode node) {
        return node.isObject() && node.has("surname") && node.has("sex");
    }

    private static boolean isId(String field) {
        return field.equals("id") || field.endsWith("Id") && !field.equals("nationalId") && !field.equals("personId");
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
