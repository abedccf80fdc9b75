package org.sabt.document.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.chassis.inbox.Inbox;
import org.sabt.chassis.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    private final CertificateConfig config;
    private final ExecutorService workers;

    OwedCertificates(Inbox inbox, Certificates certificates, ObjectMapper json, CertificateConfig config) {
        this.inbox = inbox;
        this.certificates = certificates;
        this.json = json;
        this.config = config;
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.issueLanes()),
                Thread.ofPlatform().name("owed-certificates-", 0).daemon().factory());
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

    /**
     * Every second: new owed certificates, and those that waited (their act may have arrived, or blanks), oldest first,
     * on {@code sabt.certificates.issue-lanes} threads; the next round starts when this one is done. Each is issued in
     * a transaction of its own, its request row locked (two lanes or two instances never issue one twice).
     */
    @Scheduled(every = "${sabt.certificates.issue-every:1s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void issueOwed() throws InterruptedException {
        Queue<UUID> due = new ConcurrentLinkedQueue<>(certificates.owed(50));
        List<Future<?>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(config.issueLanes(), due.size()); i++) {
            lanes.add(workers.submit(() -> {
                // As on the scheduler's own thread: a request context for the beans the issuing reaches.
                ManagedContext request = Arc.container().requestContext();
                request.activate();
                try {
                    for (UUID application = due.poll(); application != null; application = due.poll()) {
                        issue(application);
                    }
                } finally {
                    request.terminate();
                }
            }));
        }
        for (Future<?> lane : lanes) {
            try {
                lane.get();
            } catch (ExecutionException e) {
                LOG.warn("a lane of owed certificates stopped", e.getCause());
            }
        }
    }

    private void issue(UUID application) {
        try {
            QuarkusTransaction.requiringNew().run(() -> certificates.tryOwed(application));
        } catch (ProblemException refused) {
            certificates.refused(application, refused.code());
        } catch (RuntimeException e) {
            LOG.warnf(e, "the certificate of application %s is still owed", application);
            certificates.refused(application, "FAILED");
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    private JsonNode read(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }
}
