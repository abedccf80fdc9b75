package org.sabt.notification.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Citizens' e-mail: on or off, who sends, where links point, how often to try. SMTP itself is quarkus.mailer.*. */
@ConfigMapping(prefix = "sabt.email")
public interface EmailConfig {

    /** Off where no SMTP server is configured (the local stack): nothing is queued for e-mail then. */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("Sabt <no-reply@sabt.example>")
    String from();

    /** The portal the messages link to: its /applications/{id} and /certificates/{id} pages. */
    @WithDefault("http://127.0.0.1:8080")
    String portalUrl();

    @WithDefault("0s,1m,5m,30m,2h,6h")
    List<Duration> schedule();

    @WithDefault("30s")
    Duration timeout();
}
