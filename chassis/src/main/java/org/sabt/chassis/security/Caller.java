package org.sabt.chassis.security;

import org.sabt.chassis.problem.ProblemException;

import java.util.Set;

/**
 * Who makes the current request: a person or a service account, with realm roles, the registry
 * office staff belong to ({@code *} for national staff), and {@code actingCitizen}: the national id
 * of the citizen the request is for (the citizen's own, or the one a portal names in X-Citizen-Id),
 * null for everyone else.
 */
public record Caller(String subject, String username, Kind kind, Set<String> roles, String office,
                     String actingCitizen) {

    public enum Kind { ANONYMOUS, USER, SERVICE_ACCOUNT }

    public static final String ALL_OFFICES = "*";

    public static final Caller ANONYMOUS = new Caller("anonymous", "anonymous", Kind.ANONYMOUS, Set.of(), null, null);

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Staff act only within their office; national staff and service accounts with {@code *} anywhere. */
    public boolean mayActIn(String officeCode) {
        return office != null && (ALL_OFFICES.equals(office) || office.equals(officeCode));
    }

    public void requireOffice(String officeCode) {
        if (!mayActIn(officeCode)) {
            throw ProblemException.forbidden("OFFICE_NOT_ALLOWED", officeCode);
        }
    }
}
