package org.sabt.chassis.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Chains committed audit entries in the background ({@link AuditLog#seal}): batch after batch while there are any, then
 * every {@code sabt.audit.seal-every} (200ms). With several instances, one seals at a time; a failure (the database
 * restarting) is retried at the next turn, and nothing is lost meanwhile: unsealed entries wait in their table.
 */
@ApplicationScoped
public class AuditSealer {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);
    private static final int BATCH = 1000;

    private final AuditLog audit;
    private final Duration every;
    private volatile boolean running;
    private Thread thread;

    AuditSealer(AuditLog audit, @ConfigProperty(name = "sabt.audit.seal-every", defaultValue = "200ms") Duration every) {
        this.audit = audit;
        this.every = every;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = Thread.ofPlatform().name("audit-sealer").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (running) {
            int sealed = 0;
            try {
                sealed = audit.seal(BATCH, false);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debugf("audit sealer: %s; retrying", e.getMessage());
                }
            }
            if (sealed < BATCH) {
                LockSupport.parkNanos(every.toNanos());
            }
        }
    }
}
