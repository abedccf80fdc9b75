package org.sabt.chassis.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;

/** An RFC 9457 problem: the one error body every Sabt endpoint returns, with a stable machine code. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details with a stable machine code")
public record Problem(
        @Schema(example = "https://sabt.tj/problems/marriage-spouse-already-married") String type,
        @Schema(example = "Unprocessable Content") String title,
        @Schema(example = "422") int status,
        @Schema(description = "Human explanation in the caller's Accept-Language (tg, ru, en)") String detail,
        @Schema(example = "/api/v1/acts") String instance,
        @Schema(description = "Stable machine code", example = "MARRIAGE_SPOUSE_ALREADY_MARRIED") String code,
        @Schema(description = "The X-Request-Id of the failed request") String requestId,
        @Schema(description = "Field problems") List<FieldError> errors,
        @Schema(description = "What else the code says, as its own shape (e.g. the candidates of a potential duplicate)")
        Object details) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem of a code: its type URI, the status's title and the code's text in the locale. */
    public static Problem of(int status, String code, Locale locale, String instance, String requestId,
                             List<FieldError> errors, Object... args) {
        return withDetail(status, code, ProblemMessages.detail(code, locale, args), instance, requestId, errors);
    }

    /** The problem of a code with its text already made (another key's message, or a peer's text). */
    public static Problem withDetail(int status, String code, String detail, String instance, String requestId,
                                     List<FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem("https://sabt.tj/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
                known != null ? known.getReasonPhrase() : "HTTP " + status, status, detail, instance, code, requestId,
                errors, null);
    }

    public Problem withDetails(Object moreDetails) {
        return new Problem(type, title, status, detail, instance, code, requestId, errors, moreDetails);
    }

    /** One problem with one field of the request. */
    public record FieldError(String field, String code, String message) {
    }
}
