package org.sabt.application.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.problem.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a form against its service's JSON Schema (2020-12) with a real validator (networknt), formats
 * asserted. Every problem becomes one field error, named by its path in the request ({@code form.child.surname}).
 */
@ApplicationScoped
public class Forms {

    private final Map<ServiceCode, JsonSchema> schemas = new EnumMap<>(ServiceCode.class);

    Forms(Catalogue catalogue) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (ServiceCode code : ServiceCode.values()) {
            schemas.put(code, factory.getSchema(catalogue.formSchema(code), config));
        }
    }

    /** The form's problems, empty when it conforms. */
    public List<Problem.FieldError> problems(ServiceCode service, JsonNode form) {
        List<Problem.FieldError> errors = new ArrayList<>();
        unstorableText(form, "form", errors);
        for (ValidationMessage m : schemas.get(service).validate(form)) {
            String at = field(m.getInstanceLocation());
            String field = "required".equals(m.getType()) ? at + "." + m.getProperty() : at;
            errors.add(new Problem.FieldError(field, "FORM_" + m.getType().toUpperCase(), m.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::code));
        return errors;
    }

    /** A location in the form as a field of the request: form.child.surname, form.adopters[0]. */
    private static String field(JsonNodePath location) {
        StringBuilder field = new StringBuilder("form");
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return field.toString();
    }

    /** PostgreSQL cannot store NUL in text (nor in JSONB): such a form is refused, not half-stored. */
    private static void unstorableText(JsonNode node, String path, List<Problem.FieldError> errors) {
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            errors.add(new Problem.FieldError(path, "FORM_TEXT_NOT_STORABLE", "contains a NUL character"));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\u0000') >= 0) {
                    errors.add(new Problem.FieldError(path, "FORM_TEXT_NOT_STORABLE", "a field name contains a NUL character"));
                } else {
                    unstorableText(e.getValue(), path + "." + e.getKey(), errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unstorableText(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
