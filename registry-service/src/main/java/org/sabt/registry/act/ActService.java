package org.sabt.registry.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.office.Offices;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Registers acts and reads them back; every write and every full read is audited. */
@ApplicationScoped
public class ActService {

    private final Offices offices;
    private final RegistrationNumbers numbers;
    private final Outbox outbox;
    private final AuditLog audit;
    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    ActService(Offices offices, RegistrationNumbers numbers, Outbox outbox, AuditLog audit, EntityManager em,
               ObjectMapper json, Clock clock) {
        this.offices = offices;
        this.numbers = numbers;
        this.outbox = outbox;
        this.audit = audit;
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public ActView register(Caller caller, ActRegistration request, String reason) {
        LocalDate today = LocalDate.now(clock);
        ActRegistration registration = switch (request) {
            case BirthRegistration b -> b.withDefaults(today);
        };
        if (offices.find(registration.office()).isEmpty()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", registration.office());
        }
        caller.requireOffice(registration.office());
        RegistrationRules.check(registration, today);
        String basis = registration.uniqueBasisDocument();
        if (basis != null && Act.basisDocumentUsed(registration.type(), basis)) {
            throw ProblemException.conflict("BASIS_DOCUMENT_ALREADY_USED", basis);
        }

        Act act = new Act();
        act.id = UUID.randomUUID();
        act.type = registration.type();
        act.registrationNumber = numbers.next(registration.office(), registration.type(),
                registration.registrationDate().getYear());
        act.office = registration.office();
        act.registrationDate = registration.registrationDate();
        act.eventDate = registration.eventDate();
        act.status = ActStatus.REGISTERED;
        act.version = 1;
        act.basisDocument = basis;
        act.payload = write(registration);
        act.registeredBy = caller.username();
        act.registeredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            act.persist();
            em.flush();
        } catch (PersistenceException e) {
            // A concurrent registration with the same medical certificate won the unique index.
            throw ProblemException.conflict("BASIS_DOCUMENT_ALREADY_USED", basis);
        }
        ActView view = view(act);
        outbox.publish(ActEvents.registered(view));
        audit.append(caller, new AuditLog.Entry("REGISTER", "ACT", act.id.toString(), reason));
        return view;
    }

    /** A full read of an act by staff: audited with the reason the caller gave. */
    @Transactional
    public ActView read(Caller caller, UUID id, String reason) {
        Act act = Act.<Act>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", id));
        audit.append(caller, new AuditLog.Entry("READ", "ACT", id.toString(), reason));
        return view(act);
    }

    @Transactional
    public ActView readByNumber(Caller caller, String registrationNumber, String reason) {
        Act act = Act.findByRegistrationNumber(registrationNumber)
                .orElseThrow(() -> ProblemException.notFound("ACT_NOT_FOUND", registrationNumber));
        audit.append(caller, new AuditLog.Entry("READ", "ACT", act.id.toString(), reason));
        return view(act);
    }

    ActView view(Act act) {
        try {
            return new ActView(act.id, act.type, act.registrationNumber, act.office, act.registrationDate, act.status,
                    act.version, act.restored, act.registeredBy, act.registeredAt,
                    json.readValue(act.payload, ActRegistration.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored act " + act.id + " cannot be read", e);
        }
    }

    private String write(ActRegistration registration) {
        try {
            return json.writerFor(ActRegistration.class).writeValueAsString(registration);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
