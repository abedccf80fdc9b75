package org.sabt.notification.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Citizens' SMS through an SMSC over SMPP 3.4: where it is, who we are to it, how fast and how often to try. */
@ConfigMapping(prefix = "sabt.sms")
public interface SmsConfig {

    /** Off where no SMSC is configured (the local stack without one): nothing is queued for SMS then. */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("2775")
    int port();

    @WithDefault("sabt")
    String systemId();

    @WithDefault("sabt")
    String password();

    /** The system_type the SMSC asks for, if any. */
    Optional<String> systemType();

    /** The alphanumeric sender shown on the phone (TON 5), at most 11 characters. */
    @WithDefault("Sabt")
    String sender();

    /** The country code a national number (9 digits) is put in international format with. */
    @WithDefault("992")
    String countryCode();

    /** What the SMSC contract allows, in segments per second across all messages. */
    @WithDefault("10")
    double segmentsPerSecond();

    /** An {@code enquire_link} after this long without traffic keeps the bind alive (and finds a dead one). */
    @WithDefault("30s")
    Duration enquireLink();

    /** How long a submit (or bind) waits for its answer; past it, the message's fate is UNKNOWN. */
    @WithDefault("10s")
    Duration responseTimeout();

    /** How often a lost bind is tried again. */
    @WithDefault("5s")
    Duration reconnect();

    @WithDefault("0s,1m,5m,30m,2h,6h")
    List<Duration> schedule();
}
