package org.sabt.notification.citizen;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.LocalTime;
import java.util.Optional;

/** What citizens and offices are told beyond the channels' own settings. */
@ConfigMapping(prefix = "sabt.citizens")
public interface CitizenConfig {

    /** The local time (Asia/Dushanbe), on the day before a booked ceremony, its reminder goes. */
    @WithDefault("10:00")
    LocalTime reminderAt();

    /**
     * The back office's mailbox an overdue application is reported to, with {@code {office}} for the office's code
     * (e.g. {@code zags.{office}@adliya.tj}); without it, overdue applications are only in the work queue.
     */
    Optional<String> officeMailbox();

    /** The language of messages to offices. */
    @WithDefault("tg")
    String officeLanguage();
}
