package org.sabt.chassis.security;

/** The realm roles of deploy/keycloak/sabt-realm.json, as constants for {@code @RolesAllowed}. */
public final class Roles {
    public static final String CITIZEN = "citizen";
    public static final String REGISTRAR = "registrar";
    public static final String BACK_OFFICE = "back-office";
    public static final String SUPERVISOR = "supervisor";
    public static final String ARCHIVIST = "archivist";
    public static final String AUDITOR = "auditor";
    public static final String HEALTH_AGENCY = "health-agency";
    public static final String AGENCY = "agency";
    public static final String PORTAL = "portal";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
