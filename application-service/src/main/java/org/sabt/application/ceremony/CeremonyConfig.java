package org.sabt.application.ceremony;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Marriage ceremonies: how long a slot is held for the partner's confirmation, the waiting period after filing, and
 * each office's halls and slots (the defaults here, an office's own under {@code offices."<code>"}). Public holidays
 * come from the country's working calendar.
 */
@ConfigMapping(prefix = "sabt.ceremonies")
public interface CeremonyConfig {

    @WithDefault("PT24H")
    Duration hold();

    @WithDefault("P1M")
    Period waitingPeriod();

    @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY")
    List<DayOfWeek> days();

    @WithDefault("10:00,11:00,12:00,14:00,15:00,16:00")
    List<LocalTime> times();

    @WithDefault("PT45M")
    Duration length();

    /** Each hall holds one ceremony at a time. */
    @WithDefault("Толори тантанавор")
    List<String> halls();

    Map<String, Office> offices();

    /** An office's own schedule, where it differs. */
    interface Office {
        Optional<List<DayOfWeek>> days();

        Optional<List<LocalTime>> times();

        Optional<List<String>> halls();
    }

    default List<DayOfWeek> days(String office) {
        return Optional.ofNullable(offices().get(office)).flatMap(Office::days).orElse(days());
    }

    default List<LocalTime> times(String office) {
        return Optional.ofNullable(offices().get(office)).flatMap(Office::times).orElse(times());
    }

    default List<String> halls(String office) {
        return Optional.ofNullable(offices().get(office)).flatMap(Office::halls).orElse(halls());
    }
}
