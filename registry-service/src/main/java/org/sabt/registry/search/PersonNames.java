package org.sabt.registry.search;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sabt.chassis.lease.Leases;
import org.sabt.chassis.time.Timestamps;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The names a person has had, as search keys: written in the act's transaction whenever the index takes a name, kept
 * when it changes (a maiden name stays findable), sealed when an adoption replaces it.
 */
@ApplicationScoped
public class PersonNames {

    private static final Logger LOG = Logger.getLogger(PersonNames.class);

    /** How long this instance keys before it must renew its lease (one batch takes well under a second). */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final EntityManager em;
    private final Clock clock;
    private final Leases leases;

    PersonNames(EntityManager em, Clock clock, Leases leases) {
        this.em = em;
        this.clock = clock;
        this.leases = leases;
    }

    /** The key text the trigram index holds for a name. */
    public static String keyName(String surname, String givenName, String patronymic) {
        return String.join(" ", NameKeys.given(givenName), NameKeys.fold(surname), NameKeys.patronymicStem(patronymic))
                .strip();
    }

    /** The person's current name is now this one; the one before stays as a former name. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID person, String surname, String givenName, String patronymic) {
        em.createNativeQuery("UPDATE person_name SET current = false WHERE person_id = ?1 AND current")
                .setParameter(1, person).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO person_name (person_id, surname, given_name, patronymic, key_given, key_surname, key_stem,
                                                 key_patronymic, key_name, current, since)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, true, ?10)""")
                .setParameter(1, person).setParameter(2, surname).setParameter(3, givenName).setParameter(4, patronymic)
                .setParameter(5, NameKeys.given(givenName)).setParameter(6, NameKeys.fold(surname))
                .setParameter(7, NameKeys.surnameStem(surname)).setParameter(8, NameKeys.patronymicStem(patronymic))
                .setParameter(9, keyName(surname, givenName, patronymic))
                .setParameter(10, clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    /** An adoption replaced the names: the former ones are found by archivists only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sealFormer(UUID person) {
        em.createNativeQuery("UPDATE person_name SET sealed = true WHERE person_id = ?1 AND NOT current")
                .setParameter(1, person).executeUpdate();
    }

    /** The adoption was annulled: its former names are ordinary former names again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unsealFormer(UUID person) {
        em.createNativeQuery("UPDATE person_name SET sealed = false WHERE person_id = ?1")
                .setParameter(1, person).executeUpdate();
    }

    /**
     * Persons written without their search keys (entered before the search existed, or loaded in bulk straight into
     * PostgreSQL, where {@code person.keyed} is false) get them in the background, a batch at a time in creation
     * order, found through the partial index of the unkeyed: a pass costs what waits, not the size of the index.
     */
    @Scheduled(every = "${sabt.search.keys-every:5s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void backfill() {
        if (!leases.hold("person-name-keys", LEASE)) {
            return; // another instance is keying
        }
        int made = 0;
        Created after = Created.FIRST;
        while (true) {
            Created last = after;
            @SuppressWarnings("unchecked")
            List<Object[]> unkeyed = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                            SELECT p.id, p.surname, p.given_name, p.patronymic, p.birth_date,
                                   EXISTS (SELECT 1 FROM person_name n WHERE n.person_id = p.id), p.created_at
                            FROM person p WHERE NOT p.keyed AND (p.created_at, p.id) > (?1, ?2)
                            ORDER BY p.created_at, p.id LIMIT 5000""")
                    .setParameter(1, last.at().atOffset(ZoneOffset.UTC)).setParameter(2, last.id()).getResultList());
            if (unkeyed.isEmpty()) {
                break;
            }
            if (!leases.hold("person-name-keys", LEASE)) {
                return; // the lease lapsed (a long pause) and another instance took it over
            }
            List<Object[]> missing = unkeyed.stream().filter(r -> !(Boolean) r[5]).toList();
            QuarkusTransaction.requiringNew().run(() -> {
                if (!missing.isEmpty()) {
                    insertKeys(missing);
                }
                em.createNativeQuery("UPDATE person SET keyed = true WHERE id = ANY(CAST(?1 AS uuid[]))")
                        .setParameter(1, unkeyed.stream().map(r -> (UUID) r[0]).toArray(UUID[]::new)).executeUpdate();
            });
            made += missing.size();
            Object[] end = unkeyed.get(unkeyed.size() - 1);
            after = new Created(Timestamps.instant(end[6]), (UUID) end[0]);
        }
        if (made > 0) {
            LOG.infof("search keys made for %d persons", made);
        }
    }

    /** A place in creation order: the key the unkeyed are paged by. */
    private record Created(java.time.Instant at, UUID id) {
        /** Before everyone (PostgreSQL orders UUIDs as unsigned bytes: the nil UUID is the lowest). */
        static final Created FIRST = new Created(java.time.Instant.parse("1900-01-01T00:00:00Z"), new UUID(0, 0));
    }

    /** One multi-row insert per batch: a bulk load of a million persons is keyed in minutes. */
    private void insertKeys(List<Object[]> persons) {
        StringBuilder sql = new StringBuilder("""
                INSERT INTO person_name (person_id, surname, given_name, patronymic, key_given, key_surname, key_stem,
                                         key_patronymic, key_name, birth_date, current, since) VALUES\s""");
        for (int i = 0; i < persons.size(); i++) {
            sql.append(i == 0 ? "(" : ",(");
            for (int k = 1; k <= 10; k++) {
                sql.append('?').append(i * 10 + k).append(',');
            }
            sql.append("true,now())");
        }
        var q = em.createNativeQuery(sql.toString());
        int p = 1;
        for (Object[] r : persons) {
            String surname = (String) r[1], given = (String) r[2], patronymic = (String) r[3];
            q.setParameter(p++, r[0]).setParameter(p++, surname).setParameter(p++, given).setParameter(p++, patronymic)
                    .setParameter(p++, NameKeys.given(given)).setParameter(p++, NameKeys.fold(surname))
                    .setParameter(p++, NameKeys.surnameStem(surname)).setParameter(p++, NameKeys.patronymicStem(patronymic))
                    .setParameter(p++, keyName(surname, given, patronymic)).setParameter(p++, r[4]);
        }
        q.executeUpdate();
    }
}
