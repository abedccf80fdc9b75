package org.sabt.chassis.http;

import org.sabt.chassis.problem.ProblemException;

/** The version a client says it read, from If-Match: {@code "3"}, {@code W/"3"} or {@code 3}. */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    /** The version, or null when the header is absent; 400 IF_MATCH_INVALID when it is not a version. */
    public static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("IF_MATCH_INVALID");
        }
    }

    /** As {@link #version}, for a change that needs it: 428 IF_MATCH_REQUIRED when absent. */
    public static int required(String ifMatch) {
        Integer v = version(ifMatch);
        if (v == null) {
            throw new ProblemException(428, "IF_MATCH_REQUIRED");
        }
        return v;
    }

    private IfMatch() {
    }
}
