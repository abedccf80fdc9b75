package org.sabt.application.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.sabt.application.lifecycle.Application;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the registry answers the one window, as outcomes: an act registered (or amended), a refusal with the
 * registry's code and text (a rule, a stale version), or no answer (down, slow, our token refused), which is retried.
 */
@ApplicationScoped
public class Registry {

    private static final Logger LOG = Logger.getLogger(Registry.class);

    /** The registry's answer to a registration or an amendment. */
    public sealed interface Outcome {
    }

    public record Registered(UUID actId, String registrationNumber, int actVersion) implements Outcome {
    }

    /** The registry's answer to a question (a look-up, a rule check): the answer, a refusal, or none. */
    public sealed interface Answer {
    }

    public record Refused(int status, String code, String detail) implements Outcome, Answer {
    }

    public record Unavailable(String reason) implements Outcome, Answer {
    }

    /** An act found by its registration number. */
    public record FoundAct(UUID id, String type, String status, int version, String office) implements Answer {
    }

    /** Each rule's outcome for a proposed registration, and which persons the registry knows. */
    public record RulesChecked(JsonNode rules, JsonNode persons) implements Answer {
    }

    private final RegistryClient client;
    private final PersonsClient persons;
    private final ObjectMapper json;

    Registry(@RestClient RegistryClient client, @RestClient PersonsClient persons, ObjectMapper json) {
        this.persons = persons;
        this.client = client;
        this.json = json;
    }

    /** The act payload the registry takes: the form, with the act type and the application's office. */
    public JsonNode act(Application a, JsonNode form) {
        ObjectNode act = json.createObjectNode();
        act.put("type", a.service.actType());
        act.setAll((ObjectNode) form.deepCopy());
        act.put("office", a.office);
        return act;
    }

    /**
     * Registers the act of a registration service, or the amendment of a correction, once: the application's id is
     * the Idempotency-Key, so a retry after a lost answer gets the first answer back, never a second act.
     */
    public Outcome register(Application a, JsonNode form, Locale locale) {
        String key = a.id.toString();
        return switch (a.service.effect()) {
            case REGISTERS_ACT -> ask(() -> client.register(key, locale.getLanguage(), act(a, form)), Registry::registered,
                    refused -> refused, none -> none);
            case AMENDS_ACT -> {
                ObjectNode amendment = json.createObjectNode();
                amendment.put("reason", form.path("reason").asText() + " (application " + a.id + ")");
                amendment.set("basisDocument", form.path("basisDocument"));
                amendment.set("details", form.path("details"));
                String ifMatch = "\"" + form.path("actVersion").asInt() + "\"";
                yield ask(() -> client.amend(a.actId, ifMatch, key, locale.getLanguage(), amendment), Registry::registered,
                        refused -> refused, none -> none);
            }
            case NONE -> throw new IllegalStateException(a.service + " registers nothing");
        };
    }

    /** The registry's rule check of a registration form (nothing is registered). */
    public Answer check(Application a, JsonNode form) {
        return ask(() -> client.check("en", act(a, form)), body -> new RulesChecked(body.path("rules"), body.path("persons")),
                refused -> refused, none -> none);
    }

    /** A notice's mother (or deceased) as the registry knows her: her index entry, and her husband presumed the father. */
    public record Subject(boolean known, JsonNode person, UUID presumedFatherId, String presumedFatherName) {

        static final Subject UNKNOWN = new Subject(false, null, null, null);
    }

    /**
     * Who the registry knows by this national id; for a birth on {@code birth}, also her husband then (or until
     * {@code presumptionDays} before it), presumed the father, from her record's spouse links. Empty without an
     * answer; a record that cannot be read leaves the father out.
     */
    public Optional<Subject> subject(String nationalId, LocalDate birth, int presumptionDays, String reason) {
        Optional<JsonNode> hit = ask(() -> persons.findByNationalId(nationalId, reason),
                body -> Optional.of(body.path("items").path(0)), refused -> Optional.of(json.missingNode()),
                none -> Optional.empty());
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        JsonNode person = hit.get();
        if (!person.path("personId").isTextual()) {
            return Optional.of(Subject.UNKNOWN);
        }
        if (birth == null) {
            return Optional.of(new Subject(true, person, null, null));
        }
        JsonNode husband = ask(() -> persons.get(person.path("personId").asText(), reason),
                record -> presumedFather(record, birth, presumptionDays), refused -> json.missingNode(),
                none -> json.missingNode());
        return Optional.of(new Subject(true, person, husband.isMissingNode() ? null : UUID.fromString(husband.path("personId").asText()),
                husband.isMissingNode() ? null : husband.path("fullName").asText(null)));
    }

    /** The latest marriage that had begun by the birth and had not ended more than the given days before it. */
    private JsonNode presumedFather(JsonNode record, LocalDate birth, int days) {
        JsonNode found = json.missingNode();
        LocalDate latest = null;
        for (JsonNode link : record.path("links")) {
            if (!"SPOUSE".equals(link.path("relation").asText()) || !link.path("personId").isTextual()) {
                continue;
            }
            LocalDate since = date(link.path("since"));
            LocalDate ended = date(link.path("endedOn"));
            if (since == null || since.isAfter(birth) || ended != null && ended.isBefore(birth.minusDays(days))) {
                continue;
            }
            if (latest == null || since.isAfter(latest)) {
                latest = since;
                found = link;
            }
        }
        return found;
    }

    private static LocalDate date(JsonNode value) {
        try {
            return value.isTextual() ? LocalDate.parse(value.asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The act with this registration number; 404 and 409 (ambiguous) are refusals. */
    public Answer findAct(String registrationNumber, String office, UUID applicationId) {
        return ask(() -> client.findByNumber(registrationNumber, office, "one window application " + applicationId),
                body -> new FoundAct(UUID.fromString(body.path("id").asText()), body.path("type").asText(),
                        body.path("status").asText(), body.path("version").asInt(), body.path("office").asText()),
                refused -> refused, none -> none);
    }

    private static Registered registered(JsonNode act) {
        return new Registered(UUID.fromString(act.path("id").asText()), act.path("registrationNumber").asText(),
                act.path("version").asInt());
    }

    /**
     * One exchange with the registry: 200 or 201 is its answer; a 4xx about the request (a rule, a stale version, an
     * unknown act) its refusal, with its code and text; anything else (down, slow, a 5xx, our token refused) no answer.
     */
    private <A> A ask(Supplier<Response> request, Function<JsonNode, A> answered, Function<Refused, A> refusal,
                             Function<Unavailable, A> none) {
        try {
            Exchange exchange = QuarkusTransaction.suspendingExisting().call(() -> exchange(request));
            int status = exchange.status();
            JsonNode body = exchange.body();
            return switch (status) {
                case 200, 201 -> answered.apply(body);
                case 400, 404, 409, 412, 422, 428 -> refusal.apply(new Refused(status,
                        body.path("code").asText("REGISTRY_REFUSED"), body.path("detail").asText("")));
                default -> {
                    LOG.warnf("registry answered %d: %s", status, body);
                    yield none.apply(new Unavailable("registry answered " + status));
                }
            };
        } catch (RuntimeException e) {
            LOG.warnf("registry unreachable: %s", e.toString());
            return none.apply(new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private record Exchange(int status, JsonNode body) {
    }

    /**
     * The HTTP exchange itself, run with the caller's transaction suspended: the REST client finishes the exchange on
     * an event-loop thread, and context propagation would otherwise carry the transaction there too. When the registry
     * refuses the connection at once, the caller could then commit while that thread still held the transaction
     * (ARJUNA012094, "Enlisted connection used without active transaction": Quarkus issue 18689).
     */
    private Exchange exchange(Supplier<Response> request) {
        try (Response r = request.get()) {
            return new Exchange(r.getStatus(), body(r));
        }
    }

    private JsonNode body(Response r) {
        if (!r.hasEntity()) {
            return json.createObjectNode();
        }
        String text = r.readEntity(String.class);
        try {
            JsonNode node = json.readTree(text);
            return node == null || !node.isObject() ? json.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }
}
