package org.sabt.notification.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agencies' webhooks: who may receive what, and how deliveries are retried. */
@ConfigMapping(prefix = "sabt.webhooks")
public interface WebhookConfig {

    /** Plain HTTP to a loopback address (tests and the local stack only); otherwise HTTPS to a public address. */
    @WithDefault("false")
    boolean allowLoopbackHttp();

    /** An attempt that has no answer in this time failed (the specification's 15 s). */
    @WithDefault("15s")
    Duration timeout();

    /**
     * The delay before each attempt, the first one included (Standard Webhooks: immediately, 5 s, 5 min, 30 min, 2 h,
     * 5 h, 10 h, 14 h, 20 h, 24 h); each delay gets up to a tenth more at random. After the last the message is parked.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> schedule();

    /** An endpoint failing this long without one success is disabled and its agency's admin told. */
    @WithDefault("5d")
    Duration disableAfter();

    /** After a rotation, deliveries are signed with the old secret too for this long. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** How often due messages are looked for (a Quarkus scheduler expression's period). */
    @WithDefault("1s")
    String pollInterval();

    /** Attempts in flight at once in one instance. */
    @WithDefault("50")
    int batchSize();

    /** Consecutive failures of one endpoint after which it is left alone for {@link #breakerPause()}. */
    @WithDefault("5")
    int breakerFailures();

    @WithDefault("30s")
    Duration breakerPause();

    /** What each agency may receive: the event types and how much of them. */
    Map<String, Agency> agencies();

    interface Agency {
        List<String> events();

        /** FULL: the persons' ids and names; ANONYMISED: facts only (sexes, ages, dates, office), no one named. */
        @WithDefault("FULL")
        View view();
    }

    enum View { FULL, ANONYMISED }
}
