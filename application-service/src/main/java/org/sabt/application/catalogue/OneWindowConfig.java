package org.sabt.application.catalogue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The one window's settings; the country's catalogue itself is a file (countries/&lt;country&gt;.json). */
@ConfigMapping(prefix = "sabt.one-window")
public interface OneWindowConfig {

    /** The country whose catalogue is served: countries/&lt;country&gt;.json on the class path. */
    @WithDefault("TJ")
    String country();

    /** A catalogue file outside the build, for a country that is not shipped; wins over {@link #country()}. */
    Optional<String> countryFile();

    /** A back-office claim left untouched this long lapses, and anyone may claim the application. */
    @WithDefault("PT4H")
    Duration claimLapsesAfter();

    /** The registration saga's retries while the registry is unreachable: the first wait, doubled up to the cap. */
    @WithDefault("PT2S")
    Duration retryFirstWait();

    @WithDefault("PT5M")
    Duration retryMaxWait();

    /** How often due retries are looked for (a scheduler period, e.g. 2s). */
    @WithDefault("2s")
    String retryEvery();

    /** How often overdue applications are looked for and announced. */
    @WithDefault("1m")
    String overdueCheckEvery();

    /** The wait before the next attempt after {@code attempts} failed ones. */
    default Duration retryWait(int attempts) {
        Duration wait = retryFirstWait().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 16));
        return wait.compareTo(retryMaxWait()) > 0 ? retryMaxWait() : wait;
    }
}
