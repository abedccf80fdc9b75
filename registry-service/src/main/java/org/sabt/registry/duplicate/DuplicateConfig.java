package org.sabt.registry.duplicate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The duplicate check: on or off, and the matcher's score at which a registration is held. */
@ConfigMapping(prefix = "sabt.duplicates")
public interface DuplicateConfig {

    /** Compare every registration with the registry before it is written (SABT_DUPLICATES_ENABLED). */
    @WithDefault("true")
    boolean enabled();

    /** The score (bits, see PersonMatch) at and above which a registration is held as a potential duplicate. */
    @WithDefault("16.0")
    double threshold();
}
