package org.sabt.registry.act;

import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.reference.ReferenceData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The name conventions of DOMAIN.md: warnings unless configured to refuse. A newborn's surname in the
 * Russified -ов/-ова (-ев/-ева) form, refused by the Tajik rules since 2016; a newborn's given name that is not
 * in the national names register (shared/data/names.csv; Tajik or Russian spelling).
 */
@ApplicationScoped
public class NameConventions {

    /** What a convention does when a name breaks it. */
    public enum Enforcement { OFF, WARN, REFUSE }

    public static final String RUSSIFIED_SURNAME = "BIRTH_SURNAME_RUSSIFIED";
    public static final String NAME_NOT_IN_REGISTER = "BIRTH_NAME_NOT_IN_REGISTER";

    private static final List<String> RUSSIFIED_ENDINGS = List.of("ов", "ова", "ев", "ева");

    private final Set<String> givenNames;
    private final RulesConfig config;

    NameConventions(RulesConfig config) {
        this.config = config;
        givenNames = ReferenceData.rows("names.csv").stream().filter(f -> f.length >= 4 && f[0].equals("given"))
                .flatMap(f -> java.util.stream.Stream.of(f[2], f[3])).map(NameConventions::key)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The warnings a registration gets; refuses (422) instead where the convention is configured to. */
    public List<String> check(ActRegistration registration) {
        List<String> warnings = new ArrayList<>();
        if (registration instanceof BirthRegistration b && b.bornAlive()) {
            String surname = key(b.child().surname());
            apply(RUSSIFIED_SURNAME, config.russifiedNewbornSurname(),
                    RUSSIFIED_ENDINGS.stream().anyMatch(surname::endsWith), warnings);
            apply(NAME_NOT_IN_REGISTER, config.namesRegister(), !givenNames.contains(key(b.child().givenName())), warnings);
        }
        return warnings;
    }

    private static void apply(String code, Enforcement enforcement, boolean broken, List<String> warnings) {
        if (!broken || enforcement == Enforcement.OFF) {
            return;
        }
        if (enforcement == Enforcement.REFUSE) {
            throw ProblemException.unprocessable(code);
        }
        warnings.add(code);
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('ё', 'е');
    }
}
