package org.sabt.application.lifecycle;

/** What can happen to an application; each is a sub-resource of it, or done by the system. */
public enum Action {
    /** The mother completes a proposed application and consents: it is submitted, and accepted without a visit. */
    CONSENT,
    ACCEPT, RETURN, RESUBMIT, REVIEW, APPROVE, REJECT, CANCEL, COMPLETE,
    /** The registry registered the act (or the amendment) the approval asked for. */
    REGISTER,
    /** The registry refused a pending registration: back to review, with the registry's code. */
    REGISTRATION_REFUSED,
    /** The document service issued the certificate (or the extract). */
    ISSUE_CERTIFICATE
}
