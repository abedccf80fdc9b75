package org.sabt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Path;
import java.util.Set;

/** The event schemas of docs/events, by event type, for validating real events. */
final class EventSchemas {

    private static final Path DIR = Path.of("..", "docs", "events").toAbsolutePath().normalize();
    private static final Set<String> TYPES = Set.of("sabt.act.registered", "sabt.act.amended", "sabt.act.annulled",
            "sabt.person.deceased", "sabt.person.name-changed");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> types() {
        return TYPES;
    }

    /** docs/events names each schema after its type: sabt.act.registered is act-registered.schema.json. */
    static Path schema(String type) {
        return DIR.resolve(type.substring("sabt.".length()).replace('.', '-') + ".schema.json");
    }

    /** The problems of one event's payload against its type's schema; empty when it conforms. */
    static Set<ValidationMessage> problems(String type, String payload) throws Exception {
        JsonSchema schema = FACTORY.getSchema(schema(type).toUri());
        JsonNode node = JSON.readTree(payload);
        return schema.validate(node);
    }

    private EventSchemas() {
    }
}
