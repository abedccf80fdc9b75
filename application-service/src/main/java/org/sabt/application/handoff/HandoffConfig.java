package org.sabt.application.handoff;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.sabt.application.catalogue.ServiceCode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agencies entitled to act on a registered act, each handed it off when an application registers one: for a birth
 * the ID service (a personal number), social protection (the child benefit) and the polyclinic (enrolment); for a
 * death the pension fund and the ID service.
 */
@ConfigMapping(prefix = "sabt.handoffs")
public interface HandoffConfig {

    /** A hand-off not done this long after it was sent is on its office's overdue list. */
    @WithDefault("P3D")
    Duration overdueAfter();

    /** By agency code (the notification service's webhook agency profile of the same name delivers it). */
    Map<String, Agency> agencies();

    interface Agency {
        /** The agency's OIDC client, whose service account answers the hand-off. */
        String clientId();

        /** The services whose registered act it is handed. */
        List<ServiceCode> services();

        /** Its name as the parents read it, by language (tg, ru, en). */
        Map<String, String> name();
    }
}
