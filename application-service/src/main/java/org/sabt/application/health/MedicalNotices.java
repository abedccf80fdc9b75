package org.sabt.application.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.application.catalogue.Catalogue;
import org.sabt.application.catalogue.Offices;
import org.sabt.application.catalogue.ServiceCode;
import org.sabt.application.lifecycle.Action;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.application.registration.Registry;
import org.sabt.application.task.Task;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The health ministry's notices: kept once per notice id (a correction replaces the content and is counted), and
 * matched to the applications that cite their medical certificate, whose check that the ministry confirmed it then
 * passes by itself. Births notified but not applied for are listed for their office after a while, to reach out.
 */
@ApplicationScoped
public class MedicalNotices {

    public static final String CHECK = "MEDICAL_CERTIFICATE_CONFIRMED";

    @Schema(name = "MedicalNoticeReceived")
    public record View(UUID id, String noticeId, NoticeRequest.Kind kind, String medicalCertificateNumber, String facilityCode,
                       String facilityName, String office, LocalDate date, String subjectNationalId, String subjectName,
                       String childSex, Integer weightGrams, String causeOfDeathCode,
                       @Schema(description = "Whether the registry knows the mother (or the deceased) by national id; "
                               + "false: someone it has never seen, listed for the office; null: not asked or no answer")
                       Boolean subjectKnown,
                       @Schema(enumeration = {"JSON", "FHIR"}) String format, Instant receivedAt,
                       @Schema(description = "How often the ministry corrected it") int corrections, Instant correctedAt,
                       @Schema(description = "The application that cites its certificate, once there is one") UUID applicationId,
                       Instant matchedAt,
                       @Schema(description = "A live birth whose mother the registry knows: the application proposed to her")
                       UUID proposedApplicationId,
                       @Schema(description = "The act registered citing its certificate, by whatever way it was registered")
                       UUID actId, String registrationNumber) {

        static View of(MedicalNotice n) {
            String name = String.join(" ", java.util.stream.Stream.of(n.subjectSurname, n.subjectGivenName, n.subjectPatronymic)
                    .filter(Objects::nonNull).toList());
            return new View(n.id, n.noticeId, NoticeRequest.Kind.valueOf(n.kind), n.medicalCertificateNumber, n.facilityCode,
                    n.facilityName, n.office, n.eventDate, n.subjectNationalId, name, n.childSex, n.weightGrams,
                    n.causeOfDeathCode, n.subjectKnown, n.format, n.receivedAt, n.corrections, n.correctedAt, n.applicationId, n.matchedAt,
                    n.proposalId, n.actId, n.registrationNumber);
        }
    }

    /** What receiving a notice came to: made anew, the same again, or a correction. */
    @Schema(name = "MedicalNoticeOutcome")
    public enum Outcome { CREATED, UNCHANGED, CORRECTED }

    public record Received(View notice, Outcome outcome) {
    }

    private final Offices offices;
    private final Catalogue catalogue;
    private final Lifecycle lifecycle;
    private final ObjectMapper json;
    private final EntityManager em;
    private final Clock clock;

    MedicalNotices(Offices offices, Catalogue catalogue, Lifecycle lifecycle, ObjectMapper json, EntityManager em, Clock clock) {
        this.lifecycle = lifecycle;
        this.json = json;
        this.offices = offices;
        this.catalogue = catalogue;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Received receive(Caller caller, NoticeRequest r, String format, Registry.Subject subject) {
        Boolean subjectKnown = subject == null ? null : subject.known();
        if (offices.find(r.office()).isEmpty()) {
            throw ProblemException.unprocessable("OFFICE_UNKNOWN", r.office());
        }
        if (r.date().isAfter(catalogue.calendar().dayOf(clock.instant()))) {
            throw ProblemException.unprocessable("NOTICE_DATE_IN_FUTURE", r.date());
        }
        boolean birth = r.kind() != NoticeRequest.Kind.DEATH;
        if (birth && (r.mother() == null || r.child() == null)) {
            throw ProblemException.unprocessable("NOTICE_INCOMPLETE", "mother, child");
        }
        if (!birth && r.deceased() == null) {
            throw ProblemException.unprocessable("NOTICE_INCOMPLETE", "deceased");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        MedicalNotice n = MedicalNotice.<MedicalNotice>find("noticeId", r.noticeId()).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().orElse(null);
        Outcome outcome;
        if (n == null) {
            n = new MedicalNotice();
            n.id = UUID.randomUUID();
            n.noticeId = r.noticeId();
            n.receivedBy = caller.username();
            n.receivedAt = now;
            fill(n, r, format);
            n.subjectKnown = subjectKnown;
            n.persist();
            outcome = Outcome.CREATED;
        } else {
            Content before = Content.of(n);
            String formatBefore = n.format;
            fill(n, r, format);
            if (before.equals(Content.of(n))) {
                n.format = formatBefore;
                return new Received(View.of(n), Outcome.UNCHANGED);
            }
            n.corrections++;
            n.correctedAt = now;
            n.subjectKnown = subjectKnown;
            if (!Objects.equals(before.certificate(), n.medicalCertificateNumber)) {
                n.applicationId = null;
                n.matchedAt = null;
            }
            outcome = Outcome.CORRECTED;
        }
        em.flush();
        match(n, now);
        registeredAct(n);
        if (outcome == Outcome.CREATED && n.applicationId == null && n.actId == null && r.kind() == NoticeRequest.Kind.LIVE_BIRTH
                && subject != null && subject.known()) {
            propose(n, r.mother(), subject, now);
        }
        return new Received(View.of(n), outcome);
    }

    /**
     * An office's notices to act on, oldest first: births notified more than a while ago that nobody has applied for
     * (the outreach list), or notices for someone the registry has never seen (unknownSubject).
     */
    @Transactional
    public Page<View> worklist(Caller caller, String office, boolean unknownSubject, Period olderThan, String cursor,
                               Integer requestedLimit) {
        String where = office != null ? office : Caller.ALL_OFFICES.equals(caller.office()) ? null : caller.office();
        if (where == null) {
            throw ProblemException.badRequest("OFFICE_REQUIRED");
        }
        caller.requireOffice(where);
        int limit = Page.limit(requestedLimit);
        Page.Cursor after = Page.Cursor.decode(cursor);
        Instant before = clock.instant().minus(olderThan.getDays() + 30L * olderThan.getMonths(), ChronoUnit.DAYS);
        StringBuilder q = new StringBuilder(unknownSubject ? "office = :office and subjectKnown = false"
                : "office = :office and applicationId is null and actId is null and kind <> 'DEATH' and receivedAt < :before");
        Parameters p = Parameters.with("office", where);
        if (!unknownSubject) {
            p.and("before", before);
        }
        if (after != null) {
            q.append(" and (receivedAt > :at or (receivedAt = :at and id > :id))");
            p.and("at", after.at()).and("id", after.id());
        }
        List<MedicalNotice> found = MedicalNotice.<MedicalNotice>find(q + " order by receivedAt, id", p).page(0, limit + 1).list();
        return Page.of(found, limit, View::of, n -> new Page.Cursor(n.receivedAt, n.id));
    }

    /**
     * The registry registered a birth or death citing a medical certificate (sabt.act.registered, however it was
     * registered): kept, and its notice, whenever it comes, matched to the act; a proposal she has not consented to is
     * withdrawn, the birth being registered. The caller's transaction; the same act again changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void registered(String certificate, String kind, UUID actId, String registrationNumber) {
        em.createNativeQuery("""
                        INSERT INTO registered_certificate (medical_certificate_number, kind, act_id, registration_number, registered_at)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                .setParameter(1, certificate).setParameter(2, kind).setParameter(3, actId).setParameter(4, registrationNumber)
                .setParameter(5, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate();
        MedicalNotice.<MedicalNotice>find("medicalCertificateNumber", certificate).withLock(LockModeType.PESSIMISTIC_WRITE)
                .stream().filter(n -> "DEATH".equals(n.kind) == "DEATH".equals(kind)).forEach(this::registeredAct);
    }

    /** The act registered citing the notice's certificate, if there is one: linked; the proposal, if unanswered, withdrawn. */
    private void registeredAct(MedicalNotice n) {
        if (n.actId != null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> acts = em.createNativeQuery("""
                        SELECT CAST(act_id AS text), registration_number FROM registered_certificate
                        WHERE medical_certificate_number = ?1 AND kind = ?2""")
                .setParameter(1, n.medicalCertificateNumber).setParameter(2, "DEATH".equals(n.kind) ? "DEATH" : "BIRTH")
                .getResultList();
        if (acts.isEmpty()) {
            return;
        }
        n.actId = UUID.fromString((String) acts.get(0)[0]);
        n.registrationNumber = (String) acts.get(0)[1];
        withdrawProposal(n, "registered otherwise: act " + n.registrationNumber);
    }

    /** The application proposed from the notice, while the mother has not answered it, is withdrawn by Sabt. */
    private void withdrawProposal(MedicalNotice n, String why) {
        if (n.proposalId != null) {
            Application.lockById(n.proposalId).filter(p -> p.status == ApplicationStatus.PROPOSED)
                    .ifPresent(p -> lifecycle.moveBySystem(p, Action.CANCEL, why));
        }
    }

    /**
     * A review's check that the ministry confirmed the certificate: the notice that confirms it, if one came (the
     * same certificate, the same kind of event, the same mother or deceased when both name one). The caller's
     * transaction; links the notice to the application.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<MedicalNotice> confirming(Application a) {
        return citedBy(a).filter(n -> consistent(n, a)).map(n -> {
            link(n, a, clock.instant().truncatedTo(ChronoUnit.MICROS));
            return n;
        });
    }

    /**
     * A new application that cites a notified certificate takes the notice off the outreach list; the application
     * proposed from it, if another was made (at the counter, say) and she has not consented, is withdrawn.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void link(Application a) {
        citedBy(a).ifPresent(n -> {
            link(n, a, clock.instant().truncatedTo(ChronoUnit.MICROS));
            if (!a.id.equals(n.proposalId)) {
                withdrawProposal(n, "applied for otherwise: application " + a.id);
            }
        });
    }

    private Optional<MedicalNotice> citedBy(Application a) {
        JsonNode certificate = a.form == null ? null : a.form.path("medicalCertificateNumber");
        if (certificate == null || !certificate.isTextual()
                || a.service != ServiceCode.REGISTER_BIRTH && a.service != ServiceCode.REGISTER_DEATH) {
            return Optional.empty();
        }
        return MedicalNotice.<MedicalNotice>find("medicalCertificateNumber", certificate.asText()).stream()
                .filter(n -> (a.service == ServiceCode.REGISTER_DEATH) == "DEATH".equals(n.kind)).findFirst();
    }

    /** The applications citing the notice's certificate: linked, and their open check passed when they agree. */
    private void match(MedicalNotice n, Instant now) {
        ServiceCode service = "DEATH".equals(n.kind) ? ServiceCode.REGISTER_DEATH : ServiceCode.REGISTER_BIRTH;
        @SuppressWarnings("unchecked")
        List<Application> citing = em.createNativeQuery("""
                        SELECT * FROM application WHERE service = ?1 AND form ->> 'medicalCertificateNumber' = ?2
                          AND status <> 'PROPOSED'
                        ORDER BY submitted_at FOR UPDATE""", Application.class)
                .setParameter(1, service.name()).setParameter(2, n.medicalCertificateNumber).getResultList();
        for (Application a : citing) {
            link(n, a, now);
            if (!consistent(n, a)) {
                continue;
            }
            Task.<Task>find("applicationId = ?1 and reviewRound = ?2 and code = ?3 and status = ?4", a.id, a.reviewRound,
                    CHECK, Task.Status.OPEN).list().forEach(t -> pass(t, n, now));
        }
    }

    /**
     * The birth that starts itself: a REGISTER_BIRTH application proposed to the mother (PROPOSED), at the office of
     * the facility's district, pre-filled from the notice (the child's sex, birth date and place, the certificate) and
     * the registry (her entry, by person id); her husband, presumed the father, is kept with the proposal for her to
     * confirm (the registry enters him itself). Published as sabt.application.submitted with status PROPOSED, which
     * tells her by SMS in her language. A mother the registry records as deceased gets none.
     */
    private void propose(MedicalNotice n, NoticeRequest.Person mother, Registry.Subject subject, Instant now) {
        JsonNode entry = subject.person();
        if ("DECEASED".equals(entry.path("status").asText()) || n.subjectNationalId == null) {
            return;
        }
        ObjectNode form = json.createObjectNode();
        ObjectNode child = form.putObject("child");
        child.put("sex", n.childSex);
        child.put("birthDate", n.eventDate.toString());
        if (n.facilityName != null) {
            child.put("placeOfBirth", n.facilityName);
        }
        ObjectNode m = form.putObject("mother");
        m.put("personId", entry.path("personId").asText());
        for (String field : List.of("nationalId", "surname", "givenName", "patronymic", "sex", "birthDate")) {
            if (entry.path(field).isTextual()) {
                m.put(field, entry.path(field).asText());
            }
        }
        form.put("liveBorn", true);
        form.put("medicalCertificateNumber", n.medicalCertificateNumber);
        ObjectNode proposal = json.createObjectNode();
        proposal.put("noticeId", n.noticeId);
        proposal.put("medicalNoticeId", n.id.toString());
        if (subject.presumedFatherId() != null) {
            proposal.putObject("presumedFather").put("personId", subject.presumedFatherId().toString())
                    .put("fullName", subject.presumedFatherName());
        }
        Application a = new Application();
        a.id = UUID.randomUUID();
        a.service = ServiceCode.REGISTER_BIRTH;
        a.status = ApplicationStatus.PROPOSED;
        a.office = n.office;
        a.version = 1;
        a.applicantNationalId = n.subjectNationalId;
        a.applicantName = String.join(" ", java.util.stream.Stream.of(entry.path("surname").asText(null),
                entry.path("givenName").asText(null)).filter(Objects::nonNull).toList());
        a.contactPhone = mother.phone();
        a.contactLanguage = mother.language() == null ? "tg" : mother.language();
        a.form = form;
        a.proposal = proposal;
        a.partyNationalIds = new String[]{n.subjectNationalId};
        a.documentsSeen = List.of();
        a.submittedBy = "medical-notice:" + n.noticeId;
        a.submittedAt = now;
        a.persist();
        n.proposalId = a.id;
        lifecycle.submitted(a);
    }

    public static void pass(Task t, MedicalNotice n, Instant now) {
        t.status = Task.Status.PASSED;
        t.reference = n.noticeId;
        t.detail = "confirmed by the health ministry's notice " + n.noticeId;
        t.decidedBy = "medical-notice";
        t.decidedAt = now;
    }

    private static void link(MedicalNotice n, Application a, Instant now) {
        if (n.applicationId == null) {
            n.applicationId = a.id;
            n.matchedAt = now;
        }
    }

    /** The mother (or the deceased) is the same person when both the form and the notice name one by national id. */
    private static boolean consistent(MedicalNotice n, Application a) {
        JsonNode person = a.form.path("DEATH".equals(n.kind) ? "deceased" : "mother").path("nationalId");
        return n.subjectNationalId == null || !person.isTextual() || person.asText().equals(n.subjectNationalId);
    }

    private static void fill(MedicalNotice n, NoticeRequest r, String format) {
        NoticeRequest.Person subject = r.kind() == NoticeRequest.Kind.DEATH ? r.deceased() : r.mother();
        n.kind = r.kind().name();
        n.medicalCertificateNumber = r.medicalCertificateNumber();
        n.facilityCode = r.facility() == null ? null : r.facility().code();
        n.facilityName = r.facility() == null ? null : r.facility().name();
        n.office = r.office();
        n.eventDate = r.date();
        n.subjectNationalId = subject.nationalId();
        n.subjectSurname = subject.surname();
        n.subjectGivenName = subject.givenName();
        n.subjectPatronymic = subject.patronymic();
        n.childSex = r.child() == null ? null : r.child().sex().name();
        n.weightGrams = r.child() == null ? null : r.child().weightGrams();
        n.causeOfDeathCode = r.causeOfDeathCode();
        n.format = format;
    }

    /** What a notice says (not who sent it, when or how): two notices saying the same are one. */
    private record Content(String kind, String certificate, String facilityCode, String facilityName, String office,
                           LocalDate date, String nationalId, String surname, String givenName, String patronymic,
                           String childSex, Integer weightGrams, String causeOfDeathCode) {

        static Content of(MedicalNotice n) {
            return new Content(n.kind, n.medicalCertificateNumber, n.facilityCode, n.facilityName, n.office, n.eventDate,
                    n.subjectNationalId, n.subjectSurname, n.subjectGivenName, n.subjectPatronymic, n.childSex,
                    n.weightGrams, n.causeOfDeathCode);
        }
    }
}
