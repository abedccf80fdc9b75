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
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    @Column(name = "ordering_key")
    public String orderingKey;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "last_error")
    public String lastError;
    /** The office the message is about (an application's), for its staff to see. */
    public String office;
    @Column(name = "application_id")
    public UUID applicationId;
    /** An SMS's segments, as the SMSC counts (and charges) them. */
    public Integer segments;

    /** What the delivery log can be filtered by; null for any. */
    public record Filter(String eventType, String subject, String status, String channel, String recipient,
                         UUID subscriptionId, String office, UUID applicationId, boolean officeMessagesOnly) {
    }

    /** Newest first, filtered, after the cursor. */
    public static List<Message> listWhere(Filter f, Page.Cursor after, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        where(q, p, "eventType", f.eventType());
        where(q, p, "subject", f.subject());
        where(q, p, "status", f.status());
        where(q, p, "channel", f.channel());
        where(q, p, "recipient", f.recipient());
        where(q, p, "subscriptionId", f.subscriptionId());
        where(q, p, "office", f.office());
        where(q, p, "applicationId", f.applicationId());
        if (f.officeMessagesOnly()) {
            q.append(" and office is not null");
        }
        if (after != null) {
            q.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            p.and("at", after.at()).and("id", after.id());
        }
        return find(q + " order by createdAt desc, id desc", p).page(0, limit + 1).list();
    }

    private static void where(StringBuilder q, Parameters p, String field, Object value) {
        if (value != null) {
            q.append(" and ").append(field).append(" = :").append(field);
            p.and(field, value);
        }
    }
}
