package org.sabt.application.lifecycle;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;

/**
 * Announces each application whose deadline has passed while the office had it: sabt.application.overdue, once per
 * application (a returned application's clock stands still, so it is never overdue while it waits on the citizen).
 */
@ApplicationScoped
public class OverdueApplications {

    static final int BATCH = 200;

    private final Lifecycle lifecycle;
    private final EntityManager em;

    OverdueApplications(Lifecycle lifecycle, EntityManager em) {
        this.lifecycle = lifecycle;
        this.em = em;
    }

    @Scheduled(every = "${sabt.one-window.overdue-check-every:1m}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void everyMinute() {
        announce();
    }

    /** Announces the overdue applications not yet announced; returns how many it announced. */
    public int announce() {
        int announced = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Application> due = em.createNativeQuery("""
                                SELECT * FROM application WHERE overdue_announced_at IS NULL AND deadline < ?1
                                  AND status IN %s
                                ORDER BY deadline LIMIT %d FOR UPDATE SKIP LOCKED""".formatted(ApplicationStatus.DEADLINE_RUNS_SQL, BATCH),
                        Application.class)
                        .setParameter(1, lifecycle.today()).getResultList();
                due.forEach(lifecycle::announceOverdue);
                return due.size();
            });
            announced += batch;
        } while (batch == BATCH);
        return announced;
    }
}
