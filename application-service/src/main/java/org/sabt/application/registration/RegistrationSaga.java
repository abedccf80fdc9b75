package org.sabt.application.registration;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.catalogue.OneWindowConfig;
import org.sabt.application.lifecycle.Action;
import org.sabt.application.handoff.Handoffs;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.application.lifecycle.Transitions;
import org.sabt.application.task.Tasks;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Approval registers the act (the saga). The approval asks the registry while it holds the application's lock, so
 * the clerk sees a rule's refusal at once: the application stays IN_REVIEW with the registry's code. When the
 * registry does not answer, the application is APPROVED with its registration pending, and asked again in the
 * background until it answers. The application's id is the Idempotency-Key, so a retry never registers twice.
 */
@ApplicationScoped
public class RegistrationSaga {

    private static final Logger LOG = Logger.getLogger(RegistrationSaga.class);

    private final Lifecycle lifecycle;
    private final Tasks tasks;
    private final Registry registry;
    private final OneWindowConfig config;
    private final EntityManager em;
    private final Catalogue catalogue;
    private final Handoffs handoffs;

    RegistrationSaga(Lifecycle lifecycle, Tasks tasks, Registry registry, OneWindowConfig config, EntityManager em,
                     Catalogue catalogue, Handoffs handoffs) {
        this.handoffs = handoffs;
        this.catalogue = catalogue;
        this.lifecycle = lifecycle;
        this.tasks = tasks;
        this.registry = registry;
        this.config = config;
        this.em = em;
    }

    /**
     * The back office approves. Returns the application (REGISTERED, or APPROVED with the registration pending, or
     * APPROVED for a document about an existing act); a refusal by the registry is kept on the application, which
     * stays in review, and answered 422 with the registry's own code and text.
     */
    public Application approve(Caller caller, UUID id, int version, String comment, Locale locale) {
        record Approval(Application application, Registry.Refused refused) {
        }
        Approval approval = QuarkusTransaction.requiringNew().call(() -> {
            Application a = lifecycle.lockForAction(caller, id, version);
            Transitions.Transition approved = lifecycle.allow(a, Action.APPROVE, caller);
            tasks.requireAllPassed(a);
            // A fee is paid by a portal's payment or seen as a receipt at the counter; none is waived here.
            if (catalogue.service(a.service).feeMinorUnits() > 0 && !a.feePaid()) {
                throw ProblemException.unprocessable("FEE_NOT_PAID", catalogue.service(a.service).feeMinorUnits());
            }
            return switch (a.service.effect()) {
                case NONE -> {
                    lifecycle.move(a, approved, caller, comment);
                    yield new Approval(a, null);
                }
                case REGISTERS_ACT, AMENDS_ACT -> {
                    Registry.Outcome outcome = registry.register(a, a.form, locale);
                    if (outcome instanceof Registry.Refused refused) {
                        a.registryRefusalCode = refused.code();
                        a.registryRefusalDetail = refused.detail();
                        yield new Approval(a, refused);
                    }
                    lifecycle.move(a, approved, caller, comment);
                    a.registrationState = Application.RegistrationState.PENDING;
                    record(a, outcome);
                    yield new Approval(a, null);
                }
            };
        });
        if (approval.refused() != null) {
            throw ProblemException.relayed(422, approval.refused().code(), approval.refused().detail());
        }
        return approval.application();
    }

    /** What the registry answered, on the application: registered, refused (back to review), or try again later. */
    private void record(Application a, Registry.Outcome outcome) {
        a.registrationAttempts++;
        switch (outcome) {
            case Registry.Registered done -> {
                a.registrationState = Application.RegistrationState.DONE;
                a.actId = done.actId();
                a.registrationNumber = done.registrationNumber();
                a.actVersion = done.actVersion();
                a.nextRegistrationAt = null;
                a.registrationError = null;
                lifecycle.moveBySystem(a, Action.REGISTER, done.registrationNumber());
                handoffs.open(a); // each agency entitled to act on the act gets it
            }
            case Registry.Refused refused -> {
                a.registrationState = null;
                a.nextRegistrationAt = null;
                a.registryRefusalCode = refused.code();
                a.registryRefusalDetail = refused.detail();
                lifecycle.moveBySystem(a, Action.REGISTRATION_REFUSED, refused.code());
            }
            case Registry.Unavailable unavailable -> {
                a.registrationError = unavailable.reason();
                a.nextRegistrationAt = lifecycle.now().plus(config.retryWait(a.registrationAttempts));
            }
        }
    }


    /**
     * Pending registrations whose time has come, each asked again in its own transaction under its row lock
     * (FOR UPDATE SKIP LOCKED: two instances never take the same one; a restart loses nothing).
     */
    @Scheduled(every = "${sabt.one-window.retry-every:2s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void retryPending() {
        @SuppressWarnings("unchecked")
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT id FROM application WHERE registration_state = 'PENDING' AND next_registration_at <= ?1
                        ORDER BY next_registration_at LIMIT 20""")
                .setParameter(1, lifecycle.now().atOffset(ZoneOffset.UTC)).getResultList());
        for (UUID id : due) {
            QuarkusTransaction.requiringNew().run(() -> {
                @SuppressWarnings("unchecked")
                List<Application> claimed = em.createNativeQuery("""
                                SELECT * FROM application WHERE id = ?1 AND registration_state = 'PENDING'
                                  AND next_registration_at <= ?2 FOR UPDATE SKIP LOCKED""", Application.class)
                        .setParameter(1, id).setParameter(2, lifecycle.now().atOffset(ZoneOffset.UTC)).getResultList();
                for (Application a : claimed) {
                    Registry.Outcome outcome = registry.register(a, a.form, Locale.ENGLISH);
                    LOG.infof("registration of application %s, attempt %d: %s", a.id, a.registrationAttempts + 1, outcome);
                    record(a, outcome);
                }
            });
        }
    }

}
