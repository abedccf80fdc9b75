package org.sabt.notification.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.notification.message.Message;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An application's events become a message to its applicant, in their language (tg, ru, en), by the channels their
 * contact details give: e-mail now (SMS with the SMSC). The text is rendered once, when queued, so every attempt sends
 * the same words. One message per event, channel and recipient (a unique key), even when an event comes twice.
 */
@ApplicationScoped
public class CitizenMessages {

    private static final ZoneId DUSHANBE = ZoneId.of("Asia/Dushanbe");
    /** Tajik months as a date is written: "2 декабри 2026". */
    private static final String[] TG_MONTHS = {"январи", "феврали", "марти", "апрели", "майи", "июни", "июли", "августи",
            "сентябри", "октябри", "ноябри", "декабри"};
    private static final DateTimeFormatter RU = DateTimeFormatter.ofPattern("d MMMM yyyy 'г.'", Locale.forLanguageTag("ru"));
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final EmailConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    CitizenMessages(EmailConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Queues the applicant's e-mail for an application event; answers whether one was queued. */
    public boolean queue(CloudEvent event) {
        if (!config.enabled() || !event.type().equals("sabt.application.submitted")
                && !event.type().equals("sabt.application.status-changed")) {
            return false;
        }
        JsonNode data;
        try {
            data = json.readTree(event.data() == null ? "{}" : event.data());
        } catch (IOException e) {
            return false;
        }
        String email = text(data.path("contact").path("email"));
        if (email == null || !email.contains("@")) {
            return false;
        }
        String language = switch (String.valueOf(text(data.path("contact").path("language")))) {
            case "ru" -> "ru";
            case "en" -> "en";
            default -> "tg";
        };
        CitizenEmail.Notice notice = notice(data, language);
        Locale locale = Locale.forLanguageTag(language);
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.eventId = event.id();
        m.eventType = event.type();
        m.subject = text(data.path("applicantNationalId"));
        m.recipient = email;
        m.channel = EmailChannel.NAME;
        m.status = "QUEUED";
        m.orderingKey = event.key();
        m.body = body(Map.of("language", language,
                "subject", render(CitizenEmail.subject(notice), locale).strip(),
                "text", render(CitizenEmail.text(notice), locale),
                "html", render(CitizenEmail.page(notice), locale)));
        m.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        m.updatedAt = m.createdAt;
        m.nextAttemptAt = m.createdAt;
        m.persist();
        return true;
    }

    private CitizenEmail.Notice notice(JsonNode data, String language) {
        String status = text(data.path("status"));
        String application = text(data.path("applicationId"));
        String certificate = text(data.path("certificateId"));
        LocalDate deadline = date(text(data.path("deadline")));
        boolean open = !"REGISTERED".equals(status) && !"CERTIFICATE_ISSUED".equals(status) && !"COMPLETED".equals(status)
                && !"REJECTED".equals(status) && !"CANCELLED".equals(status);
        LocalDate today = LocalDate.now(clock.withZone(DUSHANBE));
        boolean showDeadline = open && deadline != null && !deadline.isBefore(today);
        String portal = config.portalUrl().replaceAll("/+$", "");
        String link = "CERTIFICATE_ISSUED".equals(status) && certificate != null ? portal + "/certificates/" + certificate
                : application != null ? portal + "/applications/" + application : null;
        return new CitizenEmail.Notice(text(data.path("service")), status,
                "RETURNED".equals(status) || "REJECTED".equals(status) ? text(data.path("reason")) : null,
                text(data.path("registrationNumber")),
                showDeadline ? date(deadline, language) : null,
                showDeadline ? (int) ChronoUnit.DAYS.between(today, deadline) : 0, link);
    }

    /** A date as each language writes it, by explicit patterns (not the JVM's locale data). */
    static String date(LocalDate date, String language) {
        return switch (language) {
            case "ru" -> RU.format(date);
            case "en" -> EN.format(date);
            default -> date.getDayOfMonth() + " " + TG_MONTHS[date.getMonthValue() - 1] + " " + date.getYear();
        };
    }

    private static String render(TemplateInstance template, Locale locale) {
        return template.setLocale(locale).render();
    }

    private String body(Map<String, String> content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
