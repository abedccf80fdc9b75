package org.sabt.notification.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An agency's webhook endpoint: where, which events, and the secret that signs them. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String DISABLED = "DISABLED";
    public static final String DELETED = "DELETED";

    @Id
    public UUID id;
    @Column(name = "client_id")
    public String clientId;
    public String agency;
    public String url;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types")
    public String[] eventTypes;
    public boolean ordered;
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;
    public String status;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "failing_since")
    public Instant failingSince;
    @Column(name = "created_by")
    public String createdBy;
    /** The agency admin's address, told when the endpoint is disabled. */
    @Column(name = "contact_email")
    public String contactEmail;
    @Column(name = "created_at")
    public Instant createdAt;

    /** The secrets a delivery is signed with now: the current one, and the previous one during a rotation. */
    public List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret) : List.of(secret);
    }
}
