package org.sabt.notification.message;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sabt.chassis.paging.Page;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One message of the delivery log. */
@Entity
@Table(name = "message")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    public String subject;
    public String recipient;
    public String channel;
    public String status;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;

    /** Newest first, optionally only of one event type and/or one subject, after the cursor. */
    public static List<Message> listWhere(String eventType, String subject, Page.Cursor after, int limit) {
        StringBuilder q = new StringBuilder("(:type is null or eventType = :type) and (:subject is null or subject = :subject)");
        Parameters p = Parameters.with("type", eventType).and("subject", subject);
        if (after != null) {
            q.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            p.and("at", after.at()).and("id", after.id());
        }
        return find(q + " order by createdAt desc, id desc", p).page(0, limit + 1).list();
    }
}
