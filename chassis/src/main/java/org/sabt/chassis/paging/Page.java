package org.sabt.chassis.paging;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.sabt.chassis.problem.ProblemException;

/** One page of a keyset-paginated list: pass nextCursor back as ?cursor= to get the next page. */
public record Page<T>(List<T> items, @Schema(description = "Absent on the last page") String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Where a page ended, as the opaque text a client passes back. */
    public interface Position {
        String encode();
    }

    /** A position in a list ordered by (time descending, id descending). */
    public record Cursor(Instant at, UUID id) implements Position {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("CURSOR_INVALID");
            }
        }
    }

    /**
     * A position in a list ordered by several keys (e.g. deadline, then submission time, then id), each as its text;
     * the list's query parses them back.
     */
    public record Keys(List<String> values) implements Position {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.join("\u001f", values).getBytes(StandardCharsets.UTF_8));
        }

        /** The keys of a cursor this list gave out: exactly {@code size} of them, or 400 CURSOR_INVALID. */
        public static Keys decode(String cursor, int size) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                List<String> values = List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split("\u001f", -1));
                if (values.size() != size) {
                    throw new IllegalArgumentException("wrong number of keys");
                }
                return new Keys(values);
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("CURSOR_INVALID");
            }
        }

        /** A key parsed by the list's own parser; anything unparsable is a cursor this list did not give out. */
        public <T> T get(int i, Function<String, T> parser) {
            try {
                return parser.apply(values.get(i));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("CURSOR_INVALID");
            }
        }
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.badRequest("LIMIT_INVALID", MAX_LIMIT);
        }
        return requested;
    }

    /** Builds a page from up to limit+1 rows fetched in order: the extra row only says there is more. */
    public static <E, T> Page<T> of(List<E> rows, int limit, Function<E, T> view,
                                    Function<E, ? extends Position> position) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(shown.stream().map(view).toList(),
                more ? position.apply(shown.get(shown.size() - 1)).encode() : null);
    }
}
