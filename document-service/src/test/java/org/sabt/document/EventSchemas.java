package org.sabt.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Path;
import java.util.Set;

/** The event schemas of docs/events (named after their type), for validating real payloads. */
final class EventSchemas {

    private static final Path DIR = Path.of("..", "docs", "events").toAbsolutePath().normalize();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** sabt.application.status-changed is application-status-changed.schema.json. */
    static Set<ValidationMessage> problems(String type, String payload) throws Exception {
        Path schema = DIR.resolve(type.substring("sabt.".length()).replace('.', '-') + ".schema.json");
        return FACTORY.getSchema(schema.toUri()).validate(JSON.readTree(payload));
    }

    private EventSchemas() {
    }
}
