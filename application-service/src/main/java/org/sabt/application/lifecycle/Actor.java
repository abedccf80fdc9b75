package org.sabt.application.lifecycle;

import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;

/** Who takes an action on an application, as the transition table names them. */
public enum Actor {
    /** The applicant: the citizen, a portal for them, or the front office for a walk-in applicant. */
    APPLICANT,
    /** A registrar of the application's office. */
    FRONT_OFFICE,
    /** The back office of the application's office (supervisors included), holding the application's claim. */
    BACK_OFFICE,
    /** Sabt itself: the registration saga and the events it consumes. */
    SYSTEM;

    /** Whether the caller is this actor for the application. */
    public boolean is(Caller caller, Application a) {
        return switch (this) {
            case APPLICANT -> caller.actingCitizen() != null
                    ? caller.actingCitizen().equals(a.applicantNationalId)
                    : a.walkIn && caller.has(Roles.REGISTRAR) && caller.mayActIn(a.office);
            case FRONT_OFFICE -> caller.actingCitizen() == null && caller.has(Roles.REGISTRAR) && caller.mayActIn(a.office);
            case BACK_OFFICE -> caller.actingCitizen() == null && (caller.has(Roles.BACK_OFFICE) || caller.has(Roles.SUPERVISOR))
                    && caller.mayActIn(a.office);
            case SYSTEM -> false;
        };
    }
}
