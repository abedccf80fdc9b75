package org.sabt.document.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;
import org.sabt.chassis.problem.ProblemException;

import java.util.UUID;

/**
 * The certificates applications are owed, issued without anyone asking: a registration that reached REGISTERED gets
 * the act's certificate; an approved REPEAT_CERTIFICATE or ARCHIVE_EXTRACT gets a repeat certificate or an extract.
 * One per application (a redelivered event, or two instances, never issue twice); one that must wait (the act not
 * projected yet, no free blank) is tried again every few seconds until it is issued.
 */
@ApplicationScoped
public class OwedCertificates {

    private static final Logger LOG = Logger.getLogger(OwedCertificates.class);
    static final String CONSUMER = "document-service.applications";

    private final Inbox inbox;
    private final Certificates certificates;
    private final ObjectMapper json;

    OwedCertificates(Inbox inbox, Certificates certificates, ObjectMapper json) {
        this.inbox = inbox;
        this.certificates = certificates;
        this.json = json;
    }

    @Incoming("applications")
    @Blocking
    public void onApplicationEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, this::apply);
    }

    void apply(CloudEvent event) {
        if (!"sabt.application.status-changed".equals(event.type())) {
            return;
        }
        JsonNode change = read(event.data());
        String status = change.path("status").asText();
        String service = change.path("service").asText();
        CertificateType.Kind kind;
        if ("REGISTERED".equals(status)) {
            kind = CertificateType.Kind.CERTIFICATE;
        } else if ("APPROVED".equals(status) && "REPEAT_CERTIFICATE".equals(service)) {
            kind = CertificateType.Kind.REPEAT_CERTIFICATE;
        } else if ("APPROVED".equals(status) && "ARCHIVE_EXTRACT".equals(service)) {
            kind = CertificateType.Kind.EXTRACT;
        } else {
            return;
        }
        UUID application = UUID.fromString(change.path("applicationId").asText());
        UUID act = change.hasNonNull("actId") ? UUID.fromString(change.get("actId").asText()) : null;
        Integer version = change.path("actVersion").isIntegralNumber()
                ? change.get("actVersion").asInt() : null;
        certificates.owe(application, act, version, change.path("registrationNumber").asText(null), kind,
                change.path("office").asText());
    }

    /** Every second: new owed certificates, and those that waited (their act may have arrived, or blanks). */
    @Scheduled(every = "${sabt.certificates.issue-every:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void issueOwed() {
        for (UUID application : certificates.owed(50)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> certificates.tryOwed(application));
            } catch (ProblemException refused) {
                certificates.refused(application, refused.code());
            } catch (RuntimeException e) {
                LOG.warnf(e, "the certificate of application %s is still owed", application);
                certificates.refused(application, "FAILED");
            }
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
