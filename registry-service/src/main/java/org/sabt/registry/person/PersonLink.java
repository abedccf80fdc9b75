package org.sabt.registry.person;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A link between two people made by an act: {@code related} is the person's PARENT (birth, paternity),
 * ADOPTER (adoption) or SPOUSE (marriage; one row each way). A marriage link ends with the divorce or death
 * that ended it; links an adoption hides are sealed.
 */
@Entity
@Table(name = "person_link")
public class PersonLink extends PanacheEntityBase {

    public enum Kind { PARENT, ADOPTER, SPOUSE }

    public enum EndReason { DIVORCE, DEATH, DEATH_OF_SPOUSE }

    @Id
    public UUID id;
    @Column(name = "person_id")
    public UUID personId;
    @Column(name = "related_id")
    public UUID relatedId;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Column(name = "act_id")
    public UUID actId;
    public LocalDate since;
    @Column(name = "ended_on")
    public LocalDate endedOn;
    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    public EndReason endReason;
    @Column(name = "ended_by_act")
    public UUID endedByAct;
    public boolean sealed;

    static PersonLink of(UUID person, UUID related, Kind kind, UUID act, LocalDate since) {
        PersonLink link = new PersonLink();
        link.id = UUID.randomUUID();
        link.personId = person;
        link.relatedId = related;
        link.kind = kind;
        link.actId = act;
        link.since = since;
        return link;
    }

    public boolean isActive() {
        return endedOn == null;
    }

    static List<PersonLink> ofAct(UUID act) {
        return list("actId", act);
    }

    static List<PersonLink> endedBy(UUID act) {
        return list("endedByAct", act);
    }
}
