package org.sabt.application.catalogue;

/** Who may apply for a service. */
public enum Applicant {
    /** A citizen with their own token. */
    CITIZEN,
    /** A portal for the citizen it authenticated (X-Citizen-Id). */
    PORTAL,
    /** A front-office registrar for a walk-in applicant, at the counter of their office. */
    FRONT_OFFICE
}
