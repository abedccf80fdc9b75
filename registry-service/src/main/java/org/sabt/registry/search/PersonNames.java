package org.sabt.registry.search;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
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

    private final EntityManager em;
    private final Clock clock;

    PersonNames(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
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

    /** Persons entered before the search existed get their current name's keys at start. */
    @Transactional
    void backfill(@Observes StartupEvent start) {
        @SuppressWarnings("unchecked")
        List<Object[]> missing = em.createNativeQuery("""
                        SELECT p.id, p.surname, p.given_name, p.patronymic FROM person p
                        WHERE NOT EXISTS (SELECT 1 FROM person_name n WHERE n.person_id = p.id)""").getResultList();
        missing.forEach(r -> record((UUID) r[0], (String) r[1], (String) r[2], (String) r[3]));
        if (!missing.isEmpty()) {
            LOG.infof("search keys made for %d persons", missing.size());
        }
    }
}
