package org.sabt.application.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.sabt.application.lifecycle.Action;
import org.sabt.application.lifecycle.Application;
import org.sabt.application.lifecycle.ApplicationStatus;
import org.sabt.application.lifecycle.Lifecycle;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;

import java.util.List;
import java.util.UUID;

/**
 * sabt.certificate.issued (docs/events/certificate-issued.schema.json) moves the application it was issued for to
 * CERTIFICATE_ISSUED: the one named in the event, or else the registration that made the act. Idempotent: a
 * redelivered event changes nothing.
 */
@ApplicationScoped
public class CertificatesIssued {

    private static final Logger LOG = Logger.getLogger(CertificatesIssued.class);
    static final String CONSUMER = "application-service.certificates";
    static final String ISSUED = "sabt.certificate.issued";

    private final Inbox inbox;
    private final Lifecycle lifecycle;
    private final ObjectMapper json;

    CertificatesIssued(Inbox inbox, Lifecycle lifecycle, ObjectMapper json) {
        this.inbox = inbox;
        this.lifecycle = lifecycle;
        this.json = json;
    }

    @Incoming("documents")
    @Blocking
    public void onDocumentEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::apply);
    }

    void apply(CloudEvent event) {
        if (!ISSUED.equals(event.type())) {
            return;
        }
        JsonNode issued = read(event.data());
        UUID certificate = UUID.fromString(issued.path("certificateId").asText());
        List<Application> candidates;
        if (issued.hasNonNull("applicationId")) {
            candidates = Application.<Application>findByIdOptional(UUID.fromString(issued.get("applicationId").asText()))
                    .stream().toList();
        } else {
            candidates = Application.list("actId = ?1 and status = ?2", UUID.fromString(issued.path("actId").asText()),
                    ApplicationStatus.REGISTERED);
        }
        for (Application a : candidates) {
            Application locked = Application.lockById(a.id).orElseThrow();
            if (locked.status != ApplicationStatus.REGISTERED && locked.status != ApplicationStatus.APPROVED) {
                LOG.infof("certificate %s for application %s, which is %s: nothing to move", certificate, a.id, locked.status);
                continue;
            }
            locked.certificateId = certificate;
            lifecycle.moveBySystem(locked, Action.ISSUE_CERTIFICATE, issued.path("kind").asText(null));
        }
    }

    private JsonNode read(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }
}
