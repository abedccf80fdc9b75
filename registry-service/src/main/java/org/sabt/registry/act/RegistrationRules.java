package org.sabt.registry.act;

import org.sabt.chassis.problem.ProblemException;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The rules that stop a registration, each named, with its stable error code, listed per act type in
 * one place: "what stops a birth?" is answered here. (More rules and act types: issue #3.)
 */
public final class RegistrationRules {

    /** A named rule: its error code, and when a registration (on a given day) breaks it. */
    public record Rule(String code, BiPredicate<ActRegistration, LocalDate> brokenBy) {
    }

    public static final Rule BIRTH_DATE_KNOWN = new Rule("BIRTH_DATE_REQUIRED",
            (r, today) -> r.eventDate() == null);

    public static final Rule EVENT_NOT_IN_FUTURE = new Rule("EVENT_DATE_IN_FUTURE",
            (r, today) -> r.eventDate() != null && r.eventDate().isAfter(today));

    public static final Rule REGISTRATION_NOT_IN_FUTURE = new Rule("REGISTRATION_DATE_IN_FUTURE",
            (r, today) -> r.registrationDate().isAfter(today));

    public static final Rule REGISTRATION_NOT_BEFORE_EVENT = new Rule("REGISTRATION_BEFORE_EVENT",
            (r, today) -> r.eventDate() != null && r.registrationDate().isBefore(r.eventDate()));

    /** The rules of each act type, in the order they are checked. */
    public static List<Rule> of(ActRegistration registration) {
        return switch (registration) {
            case BirthRegistration b -> List.of(BIRTH_DATE_KNOWN, EVENT_NOT_IN_FUTURE, REGISTRATION_NOT_IN_FUTURE,
                    REGISTRATION_NOT_BEFORE_EVENT);
        };
    }

    /** Refuses (422, the rule's code) at the first rule the registration breaks. */
    public static void check(ActRegistration registration, LocalDate today) {
        for (Rule rule : of(registration)) {
            if (rule.brokenBy().test(registration, today)) {
                throw ProblemException.unprocessable(rule.code(), registration.eventDate());
            }
        }
    }

    private RegistrationRules() {
    }
}
