package org.sabt.registry.act;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Period;

/**
 * The values of the rules that differ between countries; the defaults are the reference country's
 * (DOMAIN.md). Override with SABT_RULES_MARRIAGE_AGE and the like.
 */
@ConfigMapping(prefix = "sabt.rules")
public interface RulesConfig {

    /** Age at which both spouses may marry (a basis document may lower it for one marriage). */
    @WithDefault("18")
    int marriageAge();

    /** Age of majority: adopters must have reached it; children under it are minors. */
    @WithDefault("18")
    int adultAge();

    /** Adopters must be at least this many years older than the child. */
    @WithDefault("16")
    int adoptionAgeGap();

    /** Youngest age at which a person may change their name. */
    @WithDefault("16")
    int nameChangeAge();

    /** A birth declared later than this after it is late: flagged, and needs a reason. */
    @WithDefault("P1M")
    Period lateBirthAfter();

    /** A birth declared later than this after it needs a court decision. */
    @WithDefault("P1Y")
    Period birthCourtDecisionAfter();

    /** The mother's husband is presumed the father when the marriage ended at most this many days before. */
    @WithDefault("300")
    int paternityPresumptionDays();

    /** The joint application must be filed at least this long before the marriage, unless shortened. */
    @WithDefault("P1M")
    Period marriageWaitingPeriod();

    /** Which spouses may marry: DIFFERENT (the region's family codes) or ANY. */
    @WithDefault("DIFFERENT")
    SpousesSex spousesSex();

    /** A newborn's surname in the Russified -ов/-ова form: OFF, WARN (the default) or REFUSE. */
    @WithDefault("WARN")
    NameConventions.Enforcement russifiedNewbornSurname();

    /** A newborn's given name missing from the national names register: OFF, WARN (the default) or REFUSE. */
    @WithDefault("WARN")
    NameConventions.Enforcement namesRegister();

    enum SpousesSex { DIFFERENT, ANY }
}
