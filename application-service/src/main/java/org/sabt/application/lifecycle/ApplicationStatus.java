package org.sabt.application.lifecycle;

/** The life of an application (DOMAIN.md, "One window"); the moves between them are {@link Transitions}. */
public enum ApplicationStatus {
    /** Proposed by Sabt to a mother from the health ministry's notice of her child's birth: hers to complete and consent. */
    PROPOSED,
    SUBMITTED, ACCEPTED, RETURNED, IN_REVIEW, APPROVED, REGISTERED, CERTIFICATE_ISSUED, COMPLETED, REJECTED, CANCELLED;

    /** Its deadline runs: accepted, and not yet with its result (nor waiting on the citizen). */
    public boolean deadlineRuns() {
        return switch (this) {
            case ACCEPTED, IN_REVIEW, APPROVED, REGISTERED -> true;
            case PROPOSED, SUBMITTED, RETURNED, CERTIFICATE_ISSUED, COMPLETED, REJECTED, CANCELLED -> false;
        };
    }

    /**
     * The statuses whose deadline runs, as an SQL list for the queries that find overdue applications. The partial
     * indexes of V2__one_window.sql name the same list, so those queries can use them.
     */
    public static final String DEADLINE_RUNS_SQL = sql(ApplicationStatus::deadlineRuns);

    /** The statuses that end an application, as an SQL list. */
    public static final String FINAL_SQL = sql(ApplicationStatus::isFinal);

    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == CANCELLED;
    }

    private static String sql(java.util.function.Predicate<ApplicationStatus> which) {
        return java.util.Arrays.stream(values()).filter(which).map(s -> "'" + s + "'")
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
