package org.sabt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The event schemas of docs/events, by event type, for validating real events. */
final class EventSchemas {

    private static final Path DIR = Path.of("..", "docs", "events").toAbsolutePath().normalize();
    private static final Map<String, String> FILES = Map.of(
            "sabt.act.registered", "act-registered.schema.json",
            "sabt.act.amended", "act-amended.schema.json",
            "sabt.act.annulled", "act-annulled.schema.json",
            "sabt.person.deceased", "person-deceased.schema.json",
            "sabt.person.name-changed", "person-name-changed.schema.json");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> types() {
        return FILES.keySet();
    }

    /** The problems of one event's payload against its type's schema; empty when it conforms. */
    static Set<ValidationMessage> problems(String type, String payload) throws Exception {
        JsonSchema schema = FACTORY.getSchema(DIR.resolve(FILES.get(type)).toUri());
        JsonNode node = JSON.readTree(payload);
        return schema.validate(node);
    }

    private EventSchemas() {
    }
}
