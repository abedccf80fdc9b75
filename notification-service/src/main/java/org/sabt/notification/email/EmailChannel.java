package org.sabt.notification.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.notification.delivery.Channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * E-mail over SMTP (Quarkus Mailer; DKIM signing by its configuration, {@code quarkus.mailer.dkim.*}): multipart text
 * and HTML, as rendered when the message was queued. The SMTP server taking it is the end (SENT): e-mail has no receipt.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    public static final String NAME = "EMAIL";

    private final Mailer mailer;
    private final EmailConfig config;
    private final ObjectMapper json;

    EmailChannel(Mailer mailer, EmailConfig config, ObjectMapper json) {
        this.mailer = mailer;
        this.config = config;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Duration> schedule() {
        return config.schedule();
    }

    @Override
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public String deliveredStatus() {
        return "SENT";
    }

    @Override
    public Outcome send(Message message) {
        JsonNode body;
        try {
            body = json.readTree(message.body());
        } catch (IOException e) {
            return Outcome.failed("BODY_UNREADABLE");
        }
        try {
            mailer.send(Mail.withText(message.recipient(), body.path("subject").asText(), body.path("text").asText())
                    .setHtml(body.path("html").isTextual() ? body.path("html").asText() : null).setFrom(config.from()));
            return Outcome.taken();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String reason = cause.getMessage() == null ? "" : ": " + cause.getMessage();
            return Outcome.failed("SMTP_FAILED: " + cause.getClass().getSimpleName()
                    + reason.substring(0, Math.min(reason.length(), 300)));
        }
    }
}
