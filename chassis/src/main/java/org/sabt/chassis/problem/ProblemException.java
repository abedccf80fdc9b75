package org.sabt.chassis.problem;

import java.util.List;

/**
 * The one exception type for a refusal a client should see: an HTTP status, a stable code and the
 * arguments of its message. The message text lives in the problems bundles (tg, ru, en).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Object[] args;
    private final List<Problem.FieldError> errors;
    private final String messageKey;
    private final String detail;
    private final transient Object details;

    public ProblemException(int status, String code, Object... args) {
        this(status, code, List.of(), args);
    }

    public ProblemException(int status, String code, List<Problem.FieldError> errors, Object... args) {
        this(status, code, errors, code, null, args);
    }

    private ProblemException(int status, String code, List<Problem.FieldError> errors, String messageKey, String detail,
                             Object... args) {
        this(status, code, errors, messageKey, detail, null, args);
    }

    private ProblemException(int status, String code, List<Problem.FieldError> errors, String messageKey, String detail,
                             Object details, Object... args) {
        super(code);
        this.details = details;
        this.status = status;
        this.code = code;
        this.args = args;
        this.errors = List.copyOf(errors);
        this.messageKey = messageKey;
        this.detail = detail;
    }

    /**
     * A code made of parts (e.g. {@code APPROVE_NOT_ALLOWED_WHEN_SUBMITTED}) whose text is one message for all of
     * them, under {@code messageKey}, filled with the arguments.
     */
    public static ProblemException described(int status, String code, String messageKey, Object... args) {
        return new ProblemException(status, code, List.of(), messageKey, null, args);
    }

    /** A peer service's refusal passed on as it gave it: its code and its own text. */
    public static ProblemException relayed(int status, String code, String detail) {
        return new ProblemException(status, code, List.of(), code, detail);
    }

    /** A refusal that carries facts of its own shape beside the text (Problem.details). */
    public static ProblemException withDetails(int status, String code, Object details, Object... args) {
        return new ProblemException(status, code, List.of(), code, null, details, args);
    }

    public static ProblemException badRequest(String code, Object... args) {
        return new ProblemException(400, code, args);
    }

    public static ProblemException forbidden(String code, Object... args) {
        return new ProblemException(403, code, args);
    }

    public static ProblemException notFound(String code, Object... args) {
        return new ProblemException(404, code, args);
    }

    public static ProblemException conflict(String code, Object... args) {
        return new ProblemException(409, code, args);
    }

    public static ProblemException unprocessable(String code, Object... args) {
        return new ProblemException(422, code, args);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** The key of the message text; the code itself unless the problem was {@link #described}. */
    public String messageKey() {
        return messageKey;
    }

    /** A text given as is (a relayed refusal), or null when the text comes from the bundles. */
    public String detail() {
        return detail;
    }

    /** The problem's own facts (Problem.details), or null. */
    public Object details() {
        return details;
    }
}
