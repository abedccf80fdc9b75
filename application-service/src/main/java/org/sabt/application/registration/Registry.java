package org.sabt.application.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.sabt.application.lifecycle.Application;

import java.util.Locale;
import java.util.UUID;
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

    /** The registry's answer to a look-up of an act by its registration number. */
    public sealed interface Lookup {
    }

    public record Refused(int status, String code, String detail) implements Outcome, Lookup {
    }

    public record Unavailable(String reason) implements Outcome, Lookup {
    }

    /** An act found by its registration number. */
    public record FoundAct(UUID id, String type, String status, int version, String office) implements Lookup {
    }

    private final RegistryClient client;
    private final ObjectMapper json;

    Registry(@RestClient RegistryClient client, ObjectMapper json) {
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
            case REGISTERS_ACT -> call(() -> client.register(key, locale.getLanguage(), act(a, form)));
            case AMENDS_ACT -> {
                ObjectNode amendment = json.createObjectNode();
                amendment.put("reason", form.path("reason").asText() + " (application " + a.id + ")");
                amendment.set("basisDocument", form.path("basisDocument"));
                amendment.set("details", form.path("details"));
                String ifMatch = "\"" + form.path("actVersion").asInt() + "\"";
                yield call(() -> client.amend(a.actId, ifMatch, key, locale.getLanguage(), amendment));
            }
            case NONE -> throw new IllegalStateException(a.service + " registers nothing");
        };
    }

    private Outcome call(Supplier<Response> request) {
        try (Response r = request.get()) {
            JsonNode body = body(r);
            return switch (r.getStatus()) {
                case 200, 201 -> new Registered(UUID.fromString(body.path("id").asText()),
                        body.path("registrationNumber").asText(), body.path("version").asInt());
                case 400, 404, 409, 412, 422, 428 -> new Refused(r.getStatus(), body.path("code").asText("REGISTRY_REFUSED"),
                        body.path("detail").asText(""));
                default -> {
                    LOG.warnf("registry answered %d: %s", r.getStatus(), body);
                    yield new Unavailable("registry answered " + r.getStatus());
                }
            };
        } catch (RuntimeException e) {
            LOG.warnf("registry unreachable: %s", e.toString());
            return new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The registry's rule check of a registration form; null when the registry did not answer. */
    public JsonNode check(Application a, JsonNode form) {
        try (Response r = client.check("en", act(a, form))) {
            if (r.getStatus() >= 500 || r.getStatus() == 401 || r.getStatus() == 403) {
                LOG.warnf("registry check answered %d", r.getStatus());
                return null;
            }
            ObjectNode answer = (ObjectNode) body(r);
            answer.put("httpStatus", r.getStatus());
            return answer;
        } catch (RuntimeException e) {
            LOG.warnf("registry unreachable for a check: %s", e.toString());
            return null;
        }
    }

    /** The act with this registration number; 404 and 409 (ambiguous) are refusals. */
    public Lookup findAct(String registrationNumber, String office, UUID applicationId) {
        try (Response r = client.findByNumber(registrationNumber, office, "one window application " + applicationId)) {
            JsonNode body = body(r);
            return switch (r.getStatus()) {
                case 200 -> new FoundAct(UUID.fromString(body.path("id").asText()), body.path("type").asText(),
                        body.path("status").asText(), body.path("version").asInt(), body.path("office").asText());
                case 400, 404, 409 -> new Refused(r.getStatus(), body.path("code").asText("ACT_NOT_FOUND"), body.path("detail").asText(""));
                default -> new Unavailable("registry answered " + r.getStatus());
            };
        } catch (RuntimeException e) {
            LOG.warnf("registry unreachable for a look-up: %s", e.toString());
            return new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
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
