package org.sabt.registry.person;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.Roles;
import org.sabt.chassis.time.Timestamps;
import org.sabt.registry.act.PersonDetails;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a person's full record. Staff reads are audited with the reason given; citizens (or a portal for them)
 * read only their own record and their children's. Links an adoption sealed are shown to archivists only.
 */
@ApplicationScoped
public class PersonService {

    private static final Set<String> STAFF = Set.of(Roles.REGISTRAR, Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.ARCHIVIST);

    private final AuditLog audit;
    private final EntityManager em;

    PersonService(AuditLog audit, EntityManager em) {
        this.audit = audit;
        this.em = em;
    }

    @Transactional
    public PersonView read(Caller caller, UUID id, String reason) {
        Person person = Person.<Person>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("PERSON_NOT_FOUND", id));
        boolean staff = caller.roles().stream().anyMatch(STAFF::contains);
        boolean archivist = caller.has(Roles.ARCHIVIST);
        List<Linked> linked = linksOf(id);
        if (staff) {
            audit.append(caller, new AuditLog.Entry("READ", "PERSON", id.toString(), reason));
        } else if (!isTheirs(caller, person, linked)) {
            // Not revealing whether the person exists.
            throw ProblemException.notFound("PERSON_NOT_FOUND", id);
        }
        List<PersonView.Link> links = linked.stream().filter(l -> archivist || !l.sealed()).map(l -> {
            PersonView.Relation relation = switch (l.kind()) {
                case PARENT -> l.outgoing() ? PersonView.Relation.PARENT : PersonView.Relation.CHILD;
                case ADOPTER -> l.outgoing() ? PersonView.Relation.ADOPTER : PersonView.Relation.ADOPTED_CHILD;
                case SPOUSE -> PersonView.Relation.SPOUSE;
            };
            return new PersonView.Link(relation, l.other(), l.fullName(), l.actId(), l.since(), l.endedOn(), l.endReason());
        }).toList();
        List<PersonView.ActOfPerson> acts = actsOf(id).stream()
                .filter(a -> staff || !a.type().equals("ADOPTION")).toList();
        return new PersonView(person.id, person.surname, person.givenName, person.patronymic, person.details().latin(),
                person.sex, person.birthDate, person.placeOfBirth, person.citizenship, person.nationalId, person.status,
                person.maritalStatus, person.dateOfDeath, person.birthActId, links, acts);
    }

    /**
     * A link of the person read, with the other person's names: {@code outgoing} when the other is the person's parent,
     * adopter or spouse, not when the other is their child.
     */
    private record Linked(PersonLink.Kind kind, boolean outgoing, UUID other, String fullName, String otherNationalId,
                          UUID actId, LocalDate since, LocalDate endedOn, PersonLink.EndReason endReason, boolean sealed) {
    }

    /**
     * The person's own links (parents, adopters, spouses) and their children's links to them, each with the other
     * person's names, in one query (both directions by their indexes); own links first, each side by date.
     */
    private List<Linked> linksOf(UUID person) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT l.kind, l.person_id = ?1, o.id, o.surname, o.given_name, o.patronymic, o.national_id,
                               l.act_id, l.since, l.ended_on, l.end_reason, l.sealed
                        FROM person_link l
                        JOIN person o ON o.id = CASE WHEN l.person_id = ?1 THEN l.related_id ELSE l.person_id END
                        WHERE l.person_id = ?1 OR (l.related_id = ?1 AND l.kind IN ('PARENT', 'ADOPTER'))
                        ORDER BY l.person_id = ?1 DESC, l.since, l.id""")
                .setParameter(1, person).getResultList();
        return rows.stream().map(r -> new Linked(PersonLink.Kind.valueOf((String) r[0]), (Boolean) r[1], (UUID) r[2],
                PersonDetails.fullName((String) r[3], (String) r[4], (String) r[5]), (String) r[6],
                (UUID) r[7], Timestamps.date(r[8]), Timestamps.date(r[9]),
                r[10] == null ? null : PersonLink.EndReason.valueOf((String) r[10]), (Boolean) r[11])).toList();
    }

    /** One look at a citizen's record by staff: a read of it or of an act naming them, or a search that showed them. */
    @Schema(name = "AccessLogEntry")
    public record Access(Instant at, @Schema(example = "READ") String action,
                         @Schema(example = "PERSON") String recordType,
                         @Schema(example = "KHT02") String office,
                         @Schema(example = "registrar") String role,
                         String reason, @Schema(hidden = true) UUID entryId) {
    }

    /**
     * Who looked at the citizen's record, newest first: every staff read of their person record or of an act naming
     * them, and every search that showed them, with the office, the role, the reason and when (not the staff member's
     * name). 404 PERSON_NOT_FOUND when the registry does not know the citizen.
     */
    @Transactional
    public Page<Access> accessLog(Caller caller, String cursor, int limit) {
        String citizen = caller.actingCitizen();
        Person person = Person.findByNationalId(citizen).orElseThrow(() -> ProblemException.notFound("PERSON_NOT_FOUND", citizen));
        Page.Cursor after = Page.Cursor.decode(cursor);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT a.at, a.action, a.record_type, a.actor_office, a.actor_roles, a.reason, a.id FROM audit_log a
                        WHERE ((a.record_type = 'PERSON' AND a.record_id = ?1)
                               OR a.id IN (SELECT h.audit_id FROM audit_hit h WHERE h.person_id = ?2)
                               OR (a.record_type = 'ACT' AND a.action LIKE 'READ%'
                                   AND a.record_id IN (SELECT CAST(p.act_id AS text) FROM act_party p WHERE p.person_id = ?2)))
                          AND a.action IN ('READ', 'READ_VERSIONS', 'READ_SEALED', 'SEARCH')
                          AND (CAST(?3 AS timestamptz) IS NULL OR (a.at, a.id) < (CAST(?3 AS timestamptz), ?4))
                        ORDER BY a.at DESC, a.id DESC LIMIT\s""" + (limit + 1))
                .setParameter(1, person.id.toString()).setParameter(2, person.id)
                .setParameter(3, after == null ? null : after.at().atOffset(ZoneOffset.UTC))
                .setParameter(4, after == null ? new UUID(0, 0) : after.id())
                .getResultList();
        return Page.of(rows, limit,
                r -> new Access(Timestamps.instant(r[0]), (String) r[1], (String) r[2],
                        (String) r[3], staffRole((String) r[4]), (String) r[5], (UUID) r[6]),
                r -> new Page.Cursor(Timestamps.instant(r[0]), (UUID) r[6]));
    }

    /** The staff role an entry was made in (the first of the caller's staff roles). */
    private static String staffRole(String roles) {
        if (roles == null) {
            return null;
        }
        return Arrays.stream(roles.split(",")).filter(STAFF::contains).findFirst().orElse(roles);
    }

    /** A citizen's own record, or their child's (by birth, paternity or adoption). */
    private static boolean isTheirs(Caller caller, Person person, List<Linked> linked) {
        String citizen = caller.actingCitizen();
        if (citizen == null) {
            return false;
        }
        if (citizen.equals(person.nationalId)) {
            return true;
        }
        return linked.stream().filter(l -> l.outgoing() && !l.sealed() && l.kind() != PersonLink.Kind.SPOUSE)
                .anyMatch(parent -> citizen.equals(parent.otherNationalId()));
    }

    private List<PersonView.ActOfPerson> actsOf(UUID person) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT a.id, a.type, a.registration_number, a.registration_date, a.status, p.role
                        FROM act_party p JOIN act a ON a.id = p.act_id WHERE p.person_id = ?1
                        ORDER BY a.registration_date, a.registered_at""")
                .setParameter(1, person).getResultList();
        return rows.stream().map(r -> new PersonView.ActOfPerson((UUID) r[0], (String) r[1], (String) r[2],
                Timestamps.date(r[3]), (String) r[4], (String) r[5])).toList();
    }
}
