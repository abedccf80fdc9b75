package org.sabt.chassis.lease;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.UUID;

/**
 * Leases for background jobs that one instance at a time must run (keying a bulk load, working off an import):
 * with several instances of a service against one database, whoever holds the named lease runs the job; the others
 * skip their turn. A lease lapses when its holder stops renewing it (it died), and another instance takes it over.
 */
@ApplicationScoped
public class Leases {

    /** This instance, as the database knows it: a new one at every start. */
    private final String me = UUID.randomUUID().toString();
    private final EntityManager em;

    Leases(EntityManager em) {
        this.em = em;
    }

    /** Takes or renews the named lease for {@code time}; false when another live instance holds it. */
    public boolean hold(String name, Duration time) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("""
                        INSERT INTO job_lease (name, holder, until) VALUES (?1, ?2, now() + make_interval(secs => ?3))
                        ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
                        WHERE job_lease.holder = EXCLUDED.holder OR job_lease.until < now()
                        RETURNING holder""")
                .setParameter(1, name).setParameter(2, me).setParameter(3, (double) time.toMillis() / 1000)
                .getResultList().isEmpty());
    }
}
