package org.sabt.chassis.problem;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What a failed statement means for the client, read from PostgreSQL's SQLSTATE (never guessed from the exception's
 * class or message):
 * <ul>
 *   <li>serialization failure (40001), deadlock (40P01), lock not available (55P03): 409 {@code CONCURRENT_CHANGE}, retry;</li>
 *   <li>unique violation (23505): 409 with the constraint's own code, configured as
 *       {@code sabt.unique-constraint."<name>"=CODE} (unconfigured: {@code ALREADY_EXISTS});</li>
 *   <li>data exception (class 22, e.g. a value out of range): 400 {@code INVALID_DATA};</li>
 *   <li>no connection (class 08, the server shutting down 57P01 to 57P03, too many connections 53300, the pool's
 *       acquisition timeout): 503 {@code SERVICE_UNAVAILABLE}, so that a client retries rather than waits;</li>
 *   <li>anything else: not classified here (a 500).</li>
 * </ul>
 */
public record DatabaseFailure(int status, String code, String constraint) {

    /** The meaning of the first SQL failure in the cause chain, if there is one a client should hear about. */
    public static Optional<DatabaseFailure> of(Throwable failure) {
        return of(failure, 0);
    }

    /** Causes first, then what was suppressed (a failed commit keeps the SQL failure there, inside an XAException). */
    private static Optional<DatabaseFailure> of(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return Optional.of(new DatabaseFailure(409, "CONCURRENT_CHANGE", null));
            }
            if (t instanceof SQLException sql) {
                return classify(sql);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Optional<DatabaseFailure> found = of(suppressed, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<DatabaseFailure> classify(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's "Acquisition timeout while waiting for new connection": the pool could not reach the database.
            return e.getMessage() != null && e.getMessage().contains("Acquisition timeout")
                    ? Optional.of(new DatabaseFailure(503, "SERVICE_UNAVAILABLE", null)) : Optional.empty();
        }
        switch (state) {
            case "40001", "40P01", "55P03" -> {
                return Optional.of(new DatabaseFailure(409, "CONCURRENT_CHANGE", null));
            }
            case "23505" -> {
                String constraint = constraint(e);
                String code = constraint == null ? "ALREADY_EXISTS" : ConfigProvider.getConfig()
                        .getOptionalValue("sabt.unique-constraint.\"" + constraint + "\"", String.class).orElse("ALREADY_EXISTS");
                return Optional.of(new DatabaseFailure(409, code, constraint));
            }
            case "57P01", "57P02", "57P03", "53300" -> {
                return Optional.of(new DatabaseFailure(503, "SERVICE_UNAVAILABLE", null));
            }
            default -> {
                if (state.startsWith("22")) {
                    return Optional.of(new DatabaseFailure(400, "INVALID_DATA", null));
                }
                if (state.startsWith("08")) {
                    return Optional.of(new DatabaseFailure(503, "SERVICE_UNAVAILABLE", null));
                }
                return Optional.empty();
            }
        }
    }

    /** The constraint a PostgreSQL error names (its 'n' field), if the driver kept it. */
    public static String constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (SQLException e = t instanceof SQLException sql ? sql : null; e != null; e = e.getNextException()) {
                if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
                    return p.getServerErrorMessage().getConstraint();
                }
            }
        }
        return null;
    }
}
