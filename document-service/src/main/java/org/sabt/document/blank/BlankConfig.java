package org.sabt.document.blank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The format of the country's blanks. Tajikistan's by default: a series like {@code II-ТҶ} and a 7-digit number. */
@ConfigMapping(prefix = "sabt.blanks")
public interface BlankConfig {

    @WithDefault("[IVXLC]{1,4}-[А-ЯЁҒӢҚӮҲҶ]{2}")
    String seriesPattern();

    @WithDefault("9999999")
    int maxNumber();

    /** The most blanks one receipt or transfer may move. */
    @WithDefault("100000")
    int maxRange();
}
