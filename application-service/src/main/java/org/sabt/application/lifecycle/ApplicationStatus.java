package org.sabt.application.lifecycle;

/** The life of an application (DOMAIN.md, "One window"); the moves between them are {@link Transitions}. */
public enum ApplicationStatus {
    SUBMITTED, ACCEPTED, RETURNED, IN_REVIEW, APPROVED, REGISTERED, CERTIFICATE_ISSUED, COMPLETED, REJECTED, CANCELLED;

    /** Its deadline runs: accepted, and not yet with its result (nor waiting on the citizen). */
    public boolean deadlineRuns() {
        return switch (this) {
            case ACCEPTED, IN_REVIEW, APPROVED, REGISTERED -> true;
            case SUBMITTED, RETURNED, CERTIFICATE_ISSUED, COMPLETED, REJECTED, CANCELLED -> false;
        };
    }

    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == CANCELLED;
    }
}
