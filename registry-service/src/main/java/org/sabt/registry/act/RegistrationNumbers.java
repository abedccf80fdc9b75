package org.sabt.registry.act;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Registration numbers per office, act type and year, without gaps or duplicates: the counter row
 * is locked by the increment until the registering transaction ends, and a rollback returns the
 * number. Shown as {@code BIR-DSH01-2026-000123}.
 */
@ApplicationScoped
public class RegistrationNumbers {

    private final EntityManager em;

    RegistrationNumbers(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public String next(String office, ActType type, int year) {
        Number value = (Number) em.createNativeQuery("""
                        INSERT INTO number_sequence (office, act_type, year, last_value) VALUES (?1, ?2, ?3, 1)
                        ON CONFLICT (office, act_type, year) DO UPDATE SET last_value = number_sequence.last_value + 1
                        RETURNING last_value""")
                .setParameter(1, office).setParameter(2, type.name()).setParameter(3, year).getSingleResult();
        return format(type, office, year, value.intValue());
    }

    public static String format(ActType type, String office, int year, int sequence) {
        return "%s-%s-%d-%06d".formatted(type.numberPrefix(), office, year, sequence);
    }
}
