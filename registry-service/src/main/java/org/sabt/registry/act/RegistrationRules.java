package org.sabt.registry.act;

import org.sabt.chassis.problem.ProblemException;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The rules that stop a registration, each named, with its stable error code, listed per act type in
 * one place: "what stops a birth?" is answered here. (More rules and act types: issue #3.)
 */
public final class RegistrationRules {

    /** A named rule: returns the refusal, or empty when the registration passes. */
    public record Rule(String code, BiFunction<ActRegistration, LocalDate, Optional<ProblemException>> check) {
    }

    public static final Rule EVENT_NOT_IN_FUTURE = new Rule("EVENT_DATE_IN_FUTURE", (r, today) ->
            r.eventDate() != null && r.eventDate().isAfter(today)
                    ? Optional.of(ProblemException.unprocessable("EVENT_DATE_IN_FUTURE", r.eventDate())) : Optional.empty());

    public static final Rule REGISTRATION_NOT_BEFORE_EVENT = new Rule("REGISTRATION_BEFORE_EVENT", (r, today) ->
            r.eventDate() != null && r.registrationDate().isBefore(r.eventDate())
                    ? Optional.of(ProblemException.unprocessable("REGISTRATION_BEFORE_EVENT")) : Optional.empty());

    public static final Rule REGISTRATION_NOT_IN_FUTURE = new Rule("REGISTRATION_DATE_IN_FUTURE", (r, today) ->
            r.registrationDate().isAfter(today)
                    ? Optional.of(ProblemException.unprocessable("REGISTRATION_DATE_IN_FUTURE")) : Optional.empty());

    public static final Rule BIRTH_DATE_KNOWN = new Rule("BIRTH_DATE_REQUIRED", (r, today) ->
            r.eventDate() == null ? Optional.of(ProblemException.unprocessable("BIRTH_DATE_REQUIRED")) : Optional.empty());

    /** The rules of each act type, in the order they are checked. */
    public static List<Rule> of(ActRegistration registration) {
        return switch (registration) {
            case BirthRegistration b -> List.of(BIRTH_DATE_KNOWN, EVENT_NOT_IN_FUTURE, REGISTRATION_NOT_IN_FUTURE,
                    REGISTRATION_NOT_BEFORE_EVENT);
        };
    }

    public static void check(ActRegistration registration, LocalDate today) {
        for (Rule rule : of(registration)) {
            rule.check().apply(registration, today).ifPresent(refusal -> {
                throw refusal;
            });
        }
    }

    private RegistrationRules() {
    }
}
