package org.sabt.application.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.sabt.application.lifecycle.Action.ACCEPT;
import static org.sabt.application.lifecycle.Action.APPROVE;
import static org.sabt.application.lifecycle.Action.CANCEL;
import static org.sabt.application.lifecycle.Action.COMPLETE;
import static org.sabt.application.lifecycle.Action.CONSENT;
import static org.sabt.application.lifecycle.Action.ISSUE_CERTIFICATE;
import static org.sabt.application.lifecycle.Action.REGISTER;
import static org.sabt.application.lifecycle.Action.REGISTRATION_REFUSED;
import static org.sabt.application.lifecycle.Action.REJECT;
import static org.sabt.application.lifecycle.Action.RESUBMIT;
import static org.sabt.application.lifecycle.Action.RETURN;
import static org.sabt.application.lifecycle.Action.REVIEW;
import static org.sabt.application.lifecycle.ApplicationStatus.ACCEPTED;
import static org.sabt.application.lifecycle.ApplicationStatus.APPROVED;
import static org.sabt.application.lifecycle.ApplicationStatus.CANCELLED;
import static org.sabt.application.lifecycle.ApplicationStatus.CERTIFICATE_ISSUED;
import static org.sabt.application.lifecycle.ApplicationStatus.COMPLETED;
import static org.sabt.application.lifecycle.ApplicationStatus.IN_REVIEW;
import static org.sabt.application.lifecycle.ApplicationStatus.PROPOSED;
import static org.sabt.application.lifecycle.ApplicationStatus.REGISTERED;
import static org.sabt.application.lifecycle.ApplicationStatus.REJECTED;
import static org.sabt.application.lifecycle.ApplicationStatus.RETURNED;
import static org.sabt.application.lifecycle.ApplicationStatus.SUBMITTED;

/**
 * The life of an application in one table: from which status, by which action, to which status, by whom. "What can
 * happen to an application in review?" is the rows that start at IN_REVIEW. Anything else is refused with 409 and a
 * code naming the action and the status ({@code APPROVE_NOT_ALLOWED_WHEN_SUBMITTED}).
 */
public final class Transitions {

    /** One allowed move. The target may depend on the application (a resubmission goes back where it stood). */
    public record Transition(ApplicationStatus from, Action action, Function<Application, ApplicationStatus> to,
                             Set<Actor> by) {
    }

    public static final List<Transition> TABLE = List.of(
            // a birth the health ministry notified, proposed to the mother: she completes it and consents, or declines
            move(PROPOSED, CONSENT, SUBMITTED, Actor.APPLICANT),
            move(PROPOSED, CANCEL, CANCELLED, Actor.APPLICANT, Actor.SYSTEM), // (the system: applied for otherwise)
            // the front office checks the one set of documents
            // (the system accepts what a mother consented to: the notice and the registry stand for the documents)
            move(SUBMITTED, ACCEPT, ACCEPTED, Actor.FRONT_OFFICE, Actor.SYSTEM),
            move(SUBMITTED, RETURN, RETURNED, Actor.FRONT_OFFICE),
            move(ACCEPTED, RETURN, RETURNED, Actor.FRONT_OFFICE, Actor.BACK_OFFICE),
            move(IN_REVIEW, RETURN, RETURNED, Actor.BACK_OFFICE),
            // the applicant brings what was missing: back to the counter, or to review if it was accepted before;
            // the deadline, stopped while it was returned, runs again
            new Transition(RETURNED, RESUBMIT, a -> a.acceptedAt == null ? SUBMITTED : ACCEPTED, Set.of(Actor.APPLICANT)),
            // the back office reviews (the inter-agency checks run) and approves; the approval registers the act
            move(ACCEPTED, REVIEW, IN_REVIEW, Actor.BACK_OFFICE),
            move(IN_REVIEW, APPROVE, APPROVED, Actor.BACK_OFFICE),
            move(APPROVED, REGISTER, REGISTERED, Actor.SYSTEM),
            move(APPROVED, REGISTRATION_REFUSED, IN_REVIEW, Actor.SYSTEM),
            // the certificate (of a new act, or a repeat certificate or extract of an existing one)
            move(REGISTERED, ISSUE_CERTIFICATE, CERTIFICATE_ISSUED, Actor.SYSTEM),
            move(APPROVED, ISSUE_CERTIFICATE, CERTIFICATE_ISSUED, Actor.SYSTEM),
            move(CERTIFICATE_ISSUED, COMPLETE, COMPLETED, Actor.FRONT_OFFICE, Actor.BACK_OFFICE),
            // ends before the result
            move(ACCEPTED, REJECT, REJECTED, Actor.BACK_OFFICE),
            move(IN_REVIEW, REJECT, REJECTED, Actor.BACK_OFFICE),
            move(SUBMITTED, CANCEL, CANCELLED, Actor.APPLICANT),
            move(ACCEPTED, CANCEL, CANCELLED, Actor.APPLICANT),
            move(RETURNED, CANCEL, CANCELLED, Actor.APPLICANT),
            move(IN_REVIEW, CANCEL, CANCELLED, Actor.APPLICANT));

    private static Transition move(ApplicationStatus from, Action action, ApplicationStatus to, Actor... by) {
        return new Transition(from, action, a -> to, Set.of(by));
    }

    public static Optional<Transition> find(ApplicationStatus from, Action action) {
        return TABLE.stream().filter(t -> t.from() == from && t.action() == action).findFirst();
    }

    /** The actions the table allows from a status, by anyone. */
    public static List<Transition> from(ApplicationStatus status) {
        return TABLE.stream().filter(t -> t.from() == status).toList();
    }

    private Transitions() {
    }
}
