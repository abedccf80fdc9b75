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

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        List<PersonLink> own = PersonLink.ofPerson(id);
        List<PersonLink> toThem = PersonLink.<PersonLink>list("relatedId = ?1 and kind in ?2", id,
                List.of(PersonLink.Kind.PARENT, PersonLink.Kind.ADOPTER));
        if (staff) {
            audit.append(caller, new AuditLog.Entry("READ", "PERSON", id.toString(), reason));
        } else if (!isTheirs(caller, person, own)) {
            // Not revealing whether the person exists.
            throw ProblemException.notFound("PERSON_NOT_FOUND", id);
        }
        List<PersonLink> shown = new ArrayList<>();
        own.stream().filter(l -> archivist || !l.sealed).forEach(shown::add);
        toThem.stream().filter(l -> archivist || !l.sealed).forEach(shown::add);
        Map<UUID, Person> others = Person.<Person>list("id in ?1", shown.stream()
                        .map(l -> l.personId.equals(id) ? l.relatedId : l.personId).distinct().toList())
                .stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        List<PersonView.Link> links = shown.stream().map(l -> {
            boolean outgoing = l.personId.equals(id);
            Person other = others.get(outgoing ? l.relatedId : l.personId);
            PersonView.Relation relation = switch (l.kind) {
                case PARENT -> outgoing ? PersonView.Relation.PARENT : PersonView.Relation.CHILD;
                case ADOPTER -> outgoing ? PersonView.Relation.ADOPTER : PersonView.Relation.ADOPTED_CHILD;
                case SPOUSE -> PersonView.Relation.SPOUSE;
            };
            return new PersonView.Link(relation, other.id, other.details().fullName(), l.actId, l.since, l.endedOn, l.endReason);
        }).toList();
        List<PersonView.ActOfPerson> acts = actsOf(id).stream()
                .filter(a -> staff || !a.type().equals("ADOPTION")).toList();
        return new PersonView(person.id, person.surname, person.givenName, person.patronymic, person.details().latin(),
                person.sex, person.birthDate, person.placeOfBirth, person.citizenship, person.nationalId, person.status,
                person.maritalStatus, person.dateOfDeath, person.birthActId, links, acts);
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
    private static boolean isTheirs(Caller caller, Person person, List<PersonLink> own) {
        String citizen = caller.actingCitizen();
        if (citizen == null) {
            return false;
        }
        if (citizen.equals(person.nationalId)) {
            return true;
        }
        return own.stream().filter(l -> !l.sealed && l.kind != PersonLink.Kind.SPOUSE)
                .map(l -> Person.<Person>findById(l.relatedId)).filter(Objects::nonNull)
                .anyMatch(parent -> citizen.equals(parent.nationalId));
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
