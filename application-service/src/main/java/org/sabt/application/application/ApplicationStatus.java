package org.sabt.application.application;

/** The life of an application (DOMAIN.md, "One window"). */
public enum ApplicationStatus {
    SUBMITTED, ACCEPTED, RETURNED, IN_REVIEW, APPROVED, REGISTERED, CERTIFICATE_ISSUED, COMPLETED, REJECTED, CANCELLED
}
