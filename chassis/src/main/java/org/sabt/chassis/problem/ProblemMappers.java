package org.sabt.chassis.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.sabt.chassis.context.RequestContext;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns every exception into problem+json with a stable code; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers, UriInfo uri) {
        if (e.detail() == null && e.details() == null && e.messageKey().equals(e.code())) {
            return respond(e.status(), e.code(), e.errors(), headers, uri, e.args());
        }
        Locale locale = locale(headers);
        String detail = e.detail() != null ? e.detail() : ProblemMessages.detail(e.messageKey(), locale, e.args());
        Problem p = Problem.withDetail(e.status(), e.code(), detail, uri == null ? null : uri.getPath(),
                RequestContext.requestId(), e.errors()).withDetails(e.details());
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(p)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage()).build();
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class,
            UnrecognizedPropertyException.class, JsonMappingException.class, InvalidTypeIdException.class})
    public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        return jsonProblem(e, headers, uri);
    }

    @ServerExceptionMapper({ConstraintViolationException.class,
            io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException.class})
    public Response validation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v.getPropertyPath().toString()),
                        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName().toUpperCase(Locale.ROOT),
                        v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(400, "VALIDATION_FAILED", errors, headers, uri, errors.stream().map(Problem.FieldError::field)
                .distinct().collect(Collectors.joining(", ")));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return Response.fromResponse(respond(401, "UNAUTHENTICATED", List.of(), headers, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sabt\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return respond(403, "FORBIDDEN", List.of(), headers, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return jsonProblem(json, headers, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String code = switch (status) {
            case 400 -> "MALFORMED_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
        return respond(status, code, List.of(), headers, uri);
    }

    /**
     * Everything else, a failed statement included: its SQLSTATE says what the client hears ({@link DatabaseFailure});
     * what it does not classify is a 500 that says nothing but the request id.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        String path = uri == null ? "?" : uri.getPath();
        var database = DatabaseFailure.of(e);
        if (database.isPresent()) {
            DatabaseFailure f = database.get();
            if (f.status() >= 500) {
                LOG.warnf("database unavailable for %s: %s", path, e.getMessage());
                return Response.fromResponse(respond(f.status(), f.code(), List.of(), headers, uri))
                        .header(HttpHeaders.RETRY_AFTER, "5").build();
            }
            LOG.infof("%s on %s: %s", f.code(), path, f.constraint() == null ? e.getClass().getSimpleName() : f.constraint());
            return respond(f.status(), f.code(), List.of(), headers, uri, f.constraint());
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem(problem, headers, uri);
            }
        }
        LOG.errorf(e, "unexpected failure of %s", path);
        return respond(500, "INTERNAL_ERROR", List.of(), headers, uri);
    }

    /** A body that is not JSON, or JSON that does not fit the request type (with the field it concerns). */
    private Response jsonProblem(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        if (e instanceof StorableText.Refused refused) {
            return fieldProblem(refused.code(), refused, headers, uri);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith("Duplicate field '")) {
                String field = read.getOriginalMessage().substring("Duplicate field '".length()).replaceAll("'$", "");
                Locale locale = locale(headers);
                return respond(400, "DUPLICATE_FIELD", List.of(new Problem.FieldError(field, "DUPLICATE_FIELD",
                        ProblemMessages.detail("DUPLICATE_FIELD", locale, field))), headers, uri, field);
            }
            if (cause instanceof StreamReadException) {
                // Not JSON at all (broken syntax, invalid UTF-8), wherever the parser noticed it.
                return respond(400, "MALFORMED_JSON", List.of(), headers, uri);
            }
        }
        return switch (e) {
            case InvalidTypeIdException t -> {
                Locale locale = locale(headers);
                String id = String.valueOf(t.getTypeId());
                yield respond(400, "UNKNOWN_TYPE", List.of(new Problem.FieldError("type", "UNKNOWN_TYPE",
                        ProblemMessages.detail("UNKNOWN_TYPE", locale, id))), headers, uri, id);
            }
            case InvalidFormatException f -> fieldProblem("INVALID_FIELD_VALUE", f, headers, uri);
            case UnrecognizedPropertyException u -> fieldProblem("UNKNOWN_FIELD", u, headers, uri);
            case MismatchedInputException m when !m.getPath().isEmpty() -> fieldProblem("INVALID_FIELD_TYPE", m, headers, uri);
            case JsonMappingException m when !m.getPath().isEmpty() -> fieldProblem("INVALID_FIELD_VALUE", m, headers, uri);
            default -> respond(400, "MALFORMED_JSON", List.of(), headers, uri);
        };
    }

    private Response fieldProblem(String code, JsonMappingException e, HttpHeaders headers, UriInfo uri) {
        // Jackson's path is the body's own (child.surname, parties[1].person); Bean Validation's needs trimming.
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (field.isEmpty()) {
            field = "body";
        }
        Locale locale = locale(headers);
        Problem.FieldError error = new Problem.FieldError(field, code, ProblemMessages.detail(code, locale, field));
        return respond(400, code, List.of(error), headers, uri, field);
    }

    private static String fieldPath(String path) {
        // Bean Validation paths of a resource method start with the method and the parameter:
        // register.request.child.surname is the body's child.surname; list.limit is the query parameter limit.
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length))
                : parts[parts.length - 1];
    }

    static Locale locale(HttpHeaders headers) {
        return headers == null ? Locale.ENGLISH : ProblemMessages.pick(headers.getAcceptableLanguages());
    }

    static Response respond(int status, String code, List<Problem.FieldError> errors, HttpHeaders headers, UriInfo uri,
                            Object... args) {
        Locale locale = locale(headers);
        Problem p = Problem.of(status, code, locale, uri == null ? null : uri.getPath(), RequestContext.requestId(), errors,
                args);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage()).build();
    }
}
