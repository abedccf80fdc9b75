package org.sabt.application.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.catalogue.Offices;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.catalogue.WorkingCalendar;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationEvents;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.time.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Marriage ceremony booking. The first partner (or the registrar for a walk-in couple) holds a free slot at least the
 * waiting period after filing; the hold lasts until the other partner confirms through their own login and the fee is
 * paid, and then the slot is BOOKED and {@code sabt.ceremony.booked} published (notification-service reminds the
 * couple the day before). An unconfirmed hold lapses and the slot is free again. A slot is held by one application at
 * a time: the database's partial unique index decides between two couples at the same instant (409 SLOT_TAKEN).
 */
@ApplicationScoped
public class Ceremonies {

    public static final String BOOKED = "sabt.ceremony.booked";
    public static final String CANCELLED = "sabt.ceremony.cancelled";
    private static final int MAX_DAYS = 62;
    private static final Set<ApplicationStatus> OPEN = Set.of(ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED,
            ApplicationStatus.RETURNED, ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED);

    @Schema(name = "CeremonySlot", description = "A free slot in a hall")
    public record Slot(String hall, OffsetDateTime startsAt, OffsetDateTime endsAt) {
    }

    @Schema(name = "CeremonyHold", description = "The slot to hold: one of GET /api/v1/offices/{code}/ceremony-slots")
    public record Hold(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 100) String hall,
                       @jakarta.validation.constraints.NotNull OffsetDateTime startsAt) {
    }

    @Schema(name = "PartnerConfirmation", description = "The partner's own contact details, for the reminder")
    public record Confirmation(@jakarta.validation.constraints.Pattern(regexp = "\\+?\\d{7,15}") @Schema(example = "+992900000002") String phone,
                               @jakarta.validation.constraints.Email @jakarta.validation.constraints.Size(max = 254)
                               @Schema(example = "nigina@example.tj") String email,
                               @jakarta.validation.constraints.Pattern(regexp = "tg|ru|en") @Schema(example = "ru") String language) {
    }

    @Schema(name = "WaitingPeriodDecision", description = "A supervisor's decision to shorten the waiting period")
    public record Decision(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 50) String number,
                           @jakarta.validation.constraints.NotNull LocalDate date,
                           @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 500) String reason,
                           @jakarta.validation.constraints.NotNull
                           @Schema(description = "The first day a ceremony may be on") LocalDate earliest) {
    }

    @Schema(name = "Ceremony", description = "An application's ceremony: held, then booked")
    public record View(UUID id, UUID applicationId, String office, String hall, OffsetDateTime startsAt, OffsetDateTime endsAt,
                       @Schema(enumeration = {"NONE", "HELD", "BOOKED", "CANCELLED"}) String status,
                       @Schema(description = "A hold lapses then unless the partner has confirmed and the fee is paid")
                       Instant heldUntil, Instant partnerConfirmedAt, boolean feePaid, Instant bookedAt,
                       @Schema(description = "The first day a ceremony may be on (the waiting period, or a decision)")
                       LocalDate earliest) {
    }

    private final CeremonyConfig config;
    private final Catalogue catalogue;
    private final Offices offices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    Ceremonies(CeremonyConfig config, Catalogue catalogue, Offices offices, Outbox outbox, AuditLog audit, EntityManager em,
               ObjectMapper json, Clock clock) {
        this.config = config;
        this.catalogue = catalogue;
        this.offices = offices;
        this.outbox = outbox;
        this.audit = audit;
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** The free slots of an office's halls from one day to another (at most 62 days), in order. */
    @Transactional
    public List<Slot> free(String office, LocalDate from, LocalDate to) {
        if (offices.find(office).isEmpty()) {
            throw ProblemException.notFound("OFFICE_UNKNOWN", office);
        }
        if (from == null || to == null || to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw ProblemException.badRequest("DATE_RANGE_INVALID", MAX_DAYS);
        }
        WorkingCalendar calendar = catalogue.calendar();
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> taken = em.createNativeQuery("""
                        SELECT hall, starts_at FROM ceremony_booking WHERE office = ?1 AND starts_at >= ?2 AND starts_at < ?3
                          AND (status = 'BOOKED' OR status = 'HELD' AND held_until > ?4)""")
                .setParameter(1, office)
                .setParameter(2, from.atStartOfDay(calendar.timeZone()).toOffsetDateTime())
                .setParameter(3, to.plusDays(1).atStartOfDay(calendar.timeZone()).toOffsetDateTime())
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).getResultList();
        Set<String> busy = new HashSet<>();
        taken.forEach(r -> busy.add(r[0] + "@" + Timestamps.instant(r[1])));
        List<Slot> free = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (!opens(office, day)) {
                continue;
            }
            for (LocalTime time : config.times(office)) {
                ZonedDateTime start = day.atTime(time).atZone(calendar.timeZone());
                if (!start.toInstant().isAfter(now)) {
                    continue;
                }
                for (String hall : config.halls(office)) {
                    if (!busy.contains(hall + "@" + start.toInstant())) {
                        free.add(new Slot(hall, start.toOffsetDateTime(), start.plus(config.length()).toOffsetDateTime()));
                    }
                }
            }
        }
        return free;
    }

    /** The application, locked for a change when asked, as the caller may see it (404 otherwise). */
    public Application application(Caller caller, UUID id, boolean lock) {
        return (lock ? Application.lockById(id) : Application.<Application>findByIdOptional(id))
                .filter(a -> Lifecycle.visibleTo(caller, a))
                .orElseThrow(() -> ProblemException.notFound("APPLICATION_NOT_FOUND", id));
    }

    /** The application's current hold or booking; without one, what it would need (the earliest day, the fee). */
    @Transactional
    public View current(Application a) {
        return CeremonyBooking.activeOf(a.id).map(b -> view(b, a)).orElseGet(() -> none(a));
    }

    private View none(Application a) {
        return new View(null, a.id, a.office, null, null, null, "NONE", null, null, a.feePaid(), null,
                a.service == ServiceCode.REGISTER_MARRIAGE ? earliest(a) : null);
    }

    /**
     * Holds a slot for the application (a reschedule when it has one already: the old slot is freed, a partner's
     * confirmation stands). The caller's transaction; the caller has locked the application.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public View hold(Caller caller, Application a, Hold request) {
        requireMarriageOpen(a);
        Instant now = clock.instant();
        ZonedDateTime start = request.startsAt().atZoneSameInstant(catalogue.calendar().timeZone());
        if (!config.halls(a.office).contains(request.hall()) || !opens(a.office, start.toLocalDate())
                || !config.times(a.office).contains(start.toLocalTime()) || !start.toInstant().isAfter(now)) {
            throw ProblemException.unprocessable("SLOT_UNKNOWN", request.hall(), request.startsAt());
        }
        LocalDate earliest = earliest(a);
        if (start.toLocalDate().isBefore(earliest)) {
            throw ProblemException.unprocessable("SLOT_BEFORE_WAITING_PERIOD_ENDS", earliest);
        }
        CeremonyBooking current = CeremonyBooking.activeOf(a.id).orElse(null);
        if (current != null && current.hall.equals(request.hall()) && current.startsAt.equals(start.toInstant())) {
            return view(current, a); // the same slot again: nothing changes
        }
        // A lapsed hold of the slot frees it now, not at the next sweep.
        em.createNativeQuery("""
                        UPDATE ceremony_booking SET status = 'LAPSED', ended_at = ?4
                        WHERE office = ?1 AND hall = ?2 AND starts_at = ?3 AND status = 'HELD' AND held_until <= ?4""")
                .setParameter(1, a.office).setParameter(2, request.hall())
                .setParameter(3, start.toInstant().atOffset(ZoneOffset.UTC))
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).executeUpdate();
        CeremonyBooking b = new CeremonyBooking();
        b.id = UUID.randomUUID();
        b.applicationId = a.id;
        b.office = a.office;
        b.hall = request.hall();
        b.startsAt = start.toInstant();
        b.status = CeremonyBooking.Status.HELD;
        b.heldBy = caller.username();
        b.heldUntil = now.plus(config.hold()).truncatedTo(ChronoUnit.MICROS);
        b.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        b.partnerNationalId = partner(a);
        if (current != null) {
            current.status = CeremonyBooking.Status.RESCHEDULED;
            current.endedAt = b.createdAt;
            b.partnerConfirmedAt = current.partnerConfirmedAt;
            b.partnerPhone = current.partnerPhone;
            b.partnerEmail = current.partnerEmail;
            b.partnerLanguage = current.partnerLanguage;
            em.flush(); // the old row leaves the unique indexes before the new one enters them
        }
        b.persist();
        em.flush(); // a slot another couple holds fails here: 409 SLOT_TAKEN
        book(b, a);
        return view(b, a);
    }

    /** Cancels the application's hold or booking: the slot is free again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public View cancel(Application a) {
        CeremonyBooking b = CeremonyBooking.activeOf(a.id)
                .orElseThrow(() -> ProblemException.conflict("CEREMONY_NOT_HELD", a.id));
        boolean wasBooked = b.status == CeremonyBooking.Status.BOOKED;
        b.status = CeremonyBooking.Status.CANCELLED;
        b.endedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (wasBooked) {
            outbox.publish(new Outbox.Event(ApplicationEvents.TOPIC, CANCELLED, a.id.toString(), a.applicantNationalId,
                    new Cancelled(1, a.id, a.office, b.startsAt.atOffset(ZoneOffset.UTC))));
        }
        return view(b, a);
    }

    /** The partner confirms, through their own login; with the fee paid, the slot is booked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public View confirm(Caller caller, Application a, Confirmation confirmation) {
        requireMarriageOpen(a);
        String partner = partner(a);
        if (caller.actingCitizen() == null || !caller.actingCitizen().equals(partner)) {
            throw ProblemException.forbidden("NOT_THE_PARTNER");
        }
        CeremonyBooking b = CeremonyBooking.activeOf(a.id)
                .orElseThrow(() -> ProblemException.conflict("CEREMONY_NOT_HELD", a.id));
        Instant now = clock.instant();
        if (b.status == CeremonyBooking.Status.HELD && !b.heldUntil.isAfter(now)) {
            throw ProblemException.conflict("CEREMONY_HOLD_LAPSED", b.heldUntil);
        }
        if (b.partnerConfirmedAt == null) {
            b.partnerConfirmedAt = now.truncatedTo(ChronoUnit.MICROS);
        }
        Confirmation c = confirmation == null ? new Confirmation(null, null, null) : confirmation;
        b.partnerPhone = c.phone() != null ? c.phone() : b.partnerPhone;
        b.partnerEmail = c.email() != null ? c.email() : b.partnerEmail;
        b.partnerLanguage = c.language() != null ? c.language() : b.partnerLanguage;
        book(b, a);
        return view(b, a);
    }

    /** The fee was paid: a hold the partner has confirmed becomes a booking. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void feePaid(Application a) {
        CeremonyBooking.activeOf(a.id).ifPresent(b -> book(b, a));
    }

    /** A supervisor shortens the waiting period with a decision: audited, and kept on the application. */
    @Transactional(Transactional.TxType.MANDATORY)
    public View shorten(Caller caller, Application a, Decision decision) {
        requireMarriageOpen(a);
        caller.requireOffice(a.office);
        if (decision.earliest().isBefore(catalogue.calendar().dayOf(clock.instant()))) {
            throw ProblemException.unprocessable("EARLIEST_DATE_PAST", decision.earliest());
        }
        a.waitingShortenedTo = decision.earliest();
        a.waitingDecision = json.valueToTree(decision);
        audit.append(caller, new AuditLog.Entry("CEREMONY_WAITING_PERIOD_SHORTENED", "application", a.id.toString(),
                "decision " + decision.number() + " of " + decision.date() + ": " + decision.reason()
                        + "; ceremonies from " + decision.earliest()));
        return current(a);
    }

    /** Holds nobody confirmed in time lapse: their slots are free again. */
    @Scheduled(every = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void lapse() {
        em.createNativeQuery("UPDATE ceremony_booking SET status = 'LAPSED', ended_at = ?1 WHERE status = 'HELD' AND held_until <= ?1")
                .setParameter(1, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Booked once the partner has confirmed and the fee is paid; the booking's date becomes the deadline. */
    private void book(CeremonyBooking b, Application a) {
        if (b.status != CeremonyBooking.Status.HELD || b.partnerConfirmedAt == null || !a.feePaid()) {
            return;
        }
        b.status = CeremonyBooking.Status.BOOKED;
        b.bookedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ZonedDateTime start = b.startsAt.atZone(catalogue.calendar().timeZone());
        a.deadline = start.toLocalDate();
        a.version++;
        String place = b.hall + ", " + offices.find(a.office).map(o -> o.names().tg()).orElse(a.office);
        List<Contact> contacts = new ArrayList<>();
        contacts.add(new Contact(a.applicantNationalId, a.contactPhone, a.contactEmail, language(a.contactLanguage)));
        if (b.partnerNationalId != null && !b.partnerNationalId.equals(a.applicantNationalId)) {
            contacts.add(new Contact(b.partnerNationalId, b.partnerPhone, b.partnerEmail,
                    language(b.partnerLanguage != null ? b.partnerLanguage : a.contactLanguage)));
        }
        outbox.publish(new Outbox.Event(ApplicationEvents.TOPIC, BOOKED, a.id.toString(), a.applicantNationalId,
                new Booked(1, a.id, a.office, start.toOffsetDateTime(), place, contacts)));
    }

    /** sabt.ceremony.booked, schema version 1 (docs/events/ceremony-booked.schema.json). */
    public record Booked(int version, UUID applicationId, String office, OffsetDateTime ceremonyAt, String place,
                         List<Contact> contacts) {
    }

    /** sabt.ceremony.cancelled, schema version 1. */
    public record Cancelled(int version, UUID applicationId, String office, OffsetDateTime ceremonyAt) {
    }

    public record Contact(String nationalId, String phone, String email, String language) {
    }

    private static String language(String language) {
        return language == null ? "tg" : language;
    }

    private void requireMarriageOpen(Application a) {
        if (a.service != ServiceCode.REGISTER_MARRIAGE) {
            throw ProblemException.conflict("CEREMONY_NOT_FOR_SERVICE", a.service);
        }
        if (!OPEN.contains(a.status)) {
            throw ProblemException.conflict("CEREMONY_NOT_ALLOWED_WHEN_" + a.status);
        }
    }

    private boolean opens(String office, LocalDate day) {
        return config.days(office).contains(day.getDayOfWeek()) && !catalogue.calendar().holidays().contains(day);
    }

    /** The first day a ceremony may be on: the waiting period after filing, or a supervisor's decision. */
    private LocalDate earliest(Application a) {
        LocalDate filed = catalogue.calendar().dayOf(a.submittedAt);
        LocalDate byLaw = filed.plus(config.waitingPeriod());
        return a.waitingShortenedTo != null && a.waitingShortenedTo.isBefore(byLaw) ? a.waitingShortenedTo : byLaw;
    }

    /** The spouse who is not the applicant: who must confirm. */
    private static String partner(Application a) {
        for (String spouse : List.of("spouse1", "spouse2")) {
            JsonNode id = a.form.path(spouse).path("nationalId");
            if (id.isTextual() && !id.asText().equals(a.applicantNationalId)) {
                return id.asText();
            }
        }
        return null;
    }

    private View view(CeremonyBooking b, Application a) {
        var zone = catalogue.calendar().timeZone();
        return new View(b.id, b.applicationId, b.office, b.hall, b.startsAt.atZone(zone).toOffsetDateTime(),
                b.startsAt.plus(config.length()).atZone(zone).toOffsetDateTime(), b.status.name(), b.heldUntil,
                b.partnerConfirmedAt, a.feePaid(), b.bookedAt, earliest(a));
    }
}
