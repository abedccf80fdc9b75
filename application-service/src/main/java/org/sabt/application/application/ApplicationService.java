package org.sabt.application.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Submitting applications and listing them to the people entitled to see them. */
@ApplicationScoped
public class ApplicationService {

    private static final Pattern OFFICE_CODE = Pattern.compile("[A-Z]{3}\\d{2}");

    private final Outbox outbox;
    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    ApplicationService(Outbox outbox, EntityManager em, ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public ApplicationView submit(Caller caller, NewApplication request) {
        String citizen = caller.actingCitizen();
        if (citizen == null) {
            throw ProblemException.badRequest("CITIZEN_ID_REQUIRED");
        }
        if (!OFFICE_CODE.matcher(request.office()).matches()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", request.office());
        }
        Application a = new Application();
        a.id = UUID.randomUUID();
        a.service = request.service();
        a.status = ApplicationStatus.SUBMITTED;
        a.applicantNationalId = citizen;
        a.office = request.office();
        a.submittedBy = caller.username();
        a.submittedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        a.details = write(request.details());
        a.version = 1;
        a.persist();
        em.createNativeQuery("""
                        INSERT INTO application_status_change (application_id, seq, status, changed_by, changed_at)
                        VALUES (?1, 1, ?2, ?3, ?4)""")
                .setParameter(1, a.id).setParameter(2, a.status.name()).setParameter(3, caller.username())
                .setParameter(4, a.submittedAt.atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
        ApplicationView view = view(a);
        outbox.publish(ApplicationEvents.submitted(view));
        return view;
    }

    /** Citizens (and portals for them) see their own; staff see their office's, national staff all. */
    @Transactional
    public Page<ApplicationView> list(Caller caller, String cursor, Integer requestedLimit) {
        int limit = Page.limit(requestedLimit);
        Page.Cursor after = Page.Cursor.decode(cursor);
        List<Application> rows;
        if (caller.actingCitizen() != null) {
            rows = Application.listOfApplicant(caller.actingCitizen(), after, limit);
        } else if (caller.office() != null) {
            rows = Application.listOfOffice(Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office(), after, limit);
        } else {
            throw ProblemException.forbidden("FORBIDDEN");
        }
        return Page.of(rows, limit, this::view, a -> new Page.Cursor(a.submittedAt, a.id));
    }

    /** Someone who may not see an application is told it does not exist. */
    @Transactional
    public ApplicationView get(Caller caller, UUID id) {
        Application a = Application.<Application>findByIdOptional(id)
                .filter(app -> caller.actingCitizen() != null ? app.applicantNationalId.equals(caller.actingCitizen())
                        : caller.mayActIn(app.office))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
        return view(a);
    }

    ApplicationView view(Application a) {
        try {
            return new ApplicationView(a.id, a.service, a.status, a.applicantNationalId, a.office, a.submittedBy,
                    a.submittedAt, json.readTree(a.details), a.version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
