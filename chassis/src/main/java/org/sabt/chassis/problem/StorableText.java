package org.sabt.chassis.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Text that PostgreSQL can store and that fits: no NUL, no other control character but tab and line breaks, no
 * unpaired surrogate, at most {@link #MAX_STRING} characters (a field may allow fewer with {@code @Size}).
 * Every string of a JSON body is checked as it is read, so the 400 names the field; a body is also refused when it
 * repeats a key or nests deeper than {@link #MAX_DEPTH}.
 */
@Singleton
public class StorableText implements ObjectMapperCustomizer {

    /** The longest string any field of a body takes. */
    public static final int MAX_STRING = 2000;
    /** The deepest nesting of objects and arrays any body needs (the forms are five levels deep). */
    public static final int MAX_DEPTH = 32;

    /** Null when the text can be stored, otherwise the code that says why not. */
    public static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                return "UNSTORABLE_CHARACTER";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return "UNSTORABLE_CHARACTER";
                }
            } else if (Character.isLowSurrogate(c)) {
                return "UNSTORABLE_CHARACTER";
            }
        }
        return null;
    }

    /** A header value: visible ASCII and Latin-1, spaces and tabs (RFC 9110 field-value), nothing else. */
    static boolean isHeaderText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(4 * 1024 * 1024).maxNumberLength(100).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        SimpleModule module = new SimpleModule("sabt-storable-text");
        module.addDeserializer(String.class, new Strings());
        module.addKeyDeserializer(String.class, new Keys());
        module.addDeserializer(JsonNode.class, new Trees<>(JsonNode.class));
        module.addDeserializer(ObjectNode.class, new Trees<>(ObjectNode.class));
        mapper.registerModule(module);
    }

    /** The 400 for a string that cannot be stored or is too long; Jackson adds the field's path to it. */
    public static final class Refused extends JsonMappingException {
        private final String code;

        Refused(JsonParser p, String code) {
            super(p, code);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    static void check(JsonParser p, String s) throws Refused {
        if (s.length() > MAX_STRING) {
            throw new Refused(p, "STRING_TOO_LONG");
        }
        String problem = problem(s);
        if (problem != null) {
            throw new Refused(p, problem);
        }
    }

    static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (s != null) {
                check(p, s);
            }
            return s;
        }
    }

    static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            check(ctxt.getParser(), key);
            return key;
        }
    }

    /** Free-form JSON (an application's form): every text and key in it is checked, with its path. */
    static final class Trees<T extends JsonNode> extends JsonDeserializer<T> {
        private final Class<T> type;

        Trees(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // Jackson's own tree deserializer (ctxt.readTree would come back here).
            JsonNode tree = (JsonNode) com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer.getDeserializer(type)
                    .deserialize(p, ctxt);
            if (!type.isInstance(tree)) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            Deque<Object> path = new ArrayDeque<>();
            String problem = walk(tree, path);
            if (problem != null) {
                Refused refused = new Refused(p, problem);
                Iterator<Object> inner = path.iterator();
                while (inner.hasNext()) {
                    Object step = inner.next();
                    if (step instanceof Integer index) {
                        refused.prependPath(tree, index);
                    } else {
                        refused.prependPath(tree, (String) step);
                    }
                }
                throw refused;
            }
            return type.cast(tree);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext ctxt) {
            // JSON null inside a tree is a NullNode, as Jackson's own deserializer gives it.
            return type == JsonNode.class ? (T) com.fasterxml.jackson.databind.node.NullNode.getInstance() : null;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            // A field left out is null, not JSON null: as Jackson's own.
            return null;
        }

        /** Finds the first text that cannot be stored; leaves its path in {@code path}, innermost first. */
        private static String walk(JsonNode node, Deque<Object> path) {
            if (node.isTextual()) {
                String s = node.textValue();
                return s.length() > MAX_STRING ? "STRING_TOO_LONG" : problem(s);
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String problem = problem(field.getKey());
                    if (problem == null) {
                        problem = walk(field.getValue(), path);
                    }
                    if (problem != null) {
                        path.addLast(field.getKey());
                        return problem;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String problem = walk(node.get(i), path);
                    if (problem != null) {
                        path.addLast(i);
                        return problem;
                    }
                }
            }
            return null;
        }
    }
}
