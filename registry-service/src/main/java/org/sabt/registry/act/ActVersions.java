package org.sabt.registry.act;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sabt.chassis.time.Timestamps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The append-only history of every act: each version complete, with who, when, why and on what basis. */
@ApplicationScoped
public class ActVersions {

    /** How a version came to be. */
    public enum Change { REGISTERED, RESTORED, AMENDED, ANNULLED, REVERTED }

    /** A version as stored; payload and basis are JSON. */
    public record Stored(UUID actId, int version, Change change, ActStatus status, String payload, String reason,
                         String basisDocument, String changedBy, Instant changedAt, UUID causedByAct, boolean sealed) {
    }

    private final EntityManager em;

    ActVersions(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Stored v) {
        em.flush();
        em.createNativeQuery("""
                        INSERT INTO act_version (act_id, version, change, status, payload, reason, basis_document, changed_by,
                                                 changed_at, caused_by_act, sealed)
                        VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6, CAST(?7 AS jsonb), ?8, ?9, ?10, ?11)""")
                .setParameter(1, v.actId()).setParameter(2, v.version()).setParameter(3, v.change().name())
                .setParameter(4, v.status().name()).setParameter(5, v.payload()).setParameter(6, v.reason())
                .setParameter(7, v.basisDocument()).setParameter(8, v.changedBy())
                .setParameter(9, v.changedAt().atOffset(ZoneOffset.UTC)).setParameter(10, v.causedByAct())
                .setParameter(11, v.sealed())
                .executeUpdate();
    }

    /** Seals every version of the act before the given one (secrecy of adoption). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sealBefore(UUID actId, int version) {
        em.createNativeQuery("UPDATE act_version SET sealed = true WHERE act_id = ?1 AND version < ?2")
                .setParameter(1, actId).setParameter(2, version).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> of(UUID actId) {
        return rows("WHERE act_id = ?1 ORDER BY version", actId);
    }

    /** The versions an act made in other acts (its consequences), latest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> causedBy(UUID actId) {
        return rows("WHERE caused_by_act = ?1 ORDER BY changed_at DESC, version DESC", actId);
    }

    @SuppressWarnings("unchecked")
    private List<Stored> rows(String where, UUID param) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT act_id, version, change, status, CAST(payload AS text), reason, CAST(basis_document AS text),
                       changed_by, changed_at, caused_by_act, sealed FROM act_version\s""" + where)
                .setParameter(1, param).getResultList();
        return rows.stream().map(o -> new Stored((UUID) o[0], ((Number) o[1]).intValue(), Change.valueOf((String) o[2]),
                ActStatus.valueOf((String) o[3]), (String) o[4], (String) o[5], (String) o[6], (String) o[7],
                Timestamps.instant(o[8]),
                (UUID) o[9], (Boolean) o[10])).toList();
    }

}
