package org.sabt.registry.act;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
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

    public static Optional<Act> findByRegistrationNumber(String number) {
        return find("registrationNumber", number).firstResultOptional();
    }

    public static boolean basisDocumentUsed(ActType type, String document) {
        return count("type = ?1 and basisDocument = ?2", type, document) > 0;
    }
}
