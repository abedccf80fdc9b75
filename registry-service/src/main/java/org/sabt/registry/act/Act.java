package org.sabt.registry.act;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A registered act of civil status (its current version). */
@Entity
@Table(name = "act")
public class Act extends PanacheEntityBase {

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public ActType type;
    @Column(name = "registration_number")
    public String registrationNumber;
    public String office;
    @Column(name = "registration_date")
    public LocalDate registrationDate;
    @Column(name = "event_date")
    public LocalDate eventDate;
    @Enumerated(EnumType.STRING)
    public ActStatus status;
    public int version;
    public boolean restored;
    @Column(name = "basis_document")
    public String basisDocument;
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;
    @Column(name = "registered_by")
    public String registeredBy;
    @Column(name = "registered_at")
    public Instant registeredAt;

    /** Acts with this number: one, except paper numbers restored in several offices. */
    public static List<Act> withRegistrationNumber(String number) {
        return list("registrationNumber", number);
    }

    /** The act, locked until the transaction ends: amendments and annulments of one act queue up. */
    public static Optional<Act> lockById(UUID id) {
        return Optional.ofNullable(getEntityManager().find(Act.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Whether an act of the type already rests on the document (EXISTS: Hibernate builds a count query anew each time). */
    public static boolean basisDocumentUsed(ActType type, String document) {
        return (Boolean) getEntityManager().createNativeQuery(
                        "SELECT EXISTS (SELECT 1 FROM act WHERE type = ?1 AND basis_document = ?2)")
                .setParameter(1, type.name()).setParameter(2, document).getSingleResult();
    }
}
