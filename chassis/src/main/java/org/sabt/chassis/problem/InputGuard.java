package org.sabt.chassis.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses at the door what no service could store: in the path, the query and the headers, a character
 * PostgreSQL cannot keep in text (NUL), another control character, percent-encoding that is not UTF-8, or a
 * value longer than a parameter may be. The answer is 400 problem+json naming the parameter; no resource
 * method runs. Bodies are guarded while they are read, field by field ({@link StorableText}).
 */
@ApplicationScoped
public class InputGuard {

    /** The longest query or path parameter any operation takes (free-text search included). */
    public static final int MAX_PARAMETER = 500;
    /** The longest header value we read; a bearer token may be longer, so Authorization is not held to it. */
    public static final int MAX_HEADER = 1000;
    private static final Set<String> LONG_HEADERS = Set.of("authorization", "cookie");

    private final ObjectMapper json;

    InputGuard(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            Refusal refusal = inspect(ctx);
            if (refusal == null) {
                ctx.next();
            } else {
                refuse(ctx, refusal);
            }
        });
    }

    record Refusal(String code, String field) {
    }

    private static Refusal inspect(RoutingContext ctx) {
        for (Map.Entry<String, String> h : ctx.request().headers()) {
            String name = h.getKey();
            String value = h.getValue();
            if (!LONG_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && value.length() > MAX_HEADER) {
                return new Refusal("PARAMETER_TOO_LONG", name);
            }
            if (!StorableText.isHeaderText(value)) {
                return new Refusal("UNSTORABLE_CHARACTER", name);
            }
        }
        String path = ctx.request().path();
        if (path != null) {
            for (String segment : path.split("/")) {
                String decoded = decode(segment, false);
                if (decoded == null) {
                    return new Refusal("MALFORMED_ENCODING", "path");
                }
                if (decoded.length() > MAX_PARAMETER) {
                    return new Refusal("PARAMETER_TOO_LONG", "path");
                }
                if (StorableText.problem(decoded) != null) {
                    return new Refusal("UNSTORABLE_CHARACTER", "path");
                }
            }
        }
        String query = ctx.request().query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                if (name == null || value == null) {
                    return new Refusal("MALFORMED_ENCODING", name == null ? "query" : name);
                }
                if (StorableText.problem(name) != null) {
                    return new Refusal("UNSTORABLE_CHARACTER", "query");
                }
                if (name.length() > 100 || value.length() > MAX_PARAMETER) {
                    return new Refusal("PARAMETER_TOO_LONG", name.length() > 100 ? "query" : name);
                }
                if (StorableText.problem(value) != null) {
                    return new Refusal("UNSTORABLE_CHARACTER", name);
                }
            }
        }
        return null;
    }

    /** Percent-decodes strictly: a broken escape or bytes that are not UTF-8 give null. */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0) {
            return plusIsSpace ? s.replace('+', ' ') : s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void refuse(RoutingContext ctx, Refusal refusal) {
        DoorProblems.answer(ctx, json, 400, refusal.code(), refusal.field());
    }
}
