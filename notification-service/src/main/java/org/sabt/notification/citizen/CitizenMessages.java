package org.sabt.notification.citizen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.sabt.chassis.events.CloudEvent;
import org.sabt.notification.email.EmailChannel;
import org.sabt.notification.email.EmailConfig;
import org.sabt.notification.message.Message;
import org.sabt.notification.sms.SmsChannel;
import org.sabt.notification.sms.SmsConfig;
import org.sabt.notification.sms.SmsText;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Events become messages to people: an application's steps to its applicant, in their language (tg, ru, en), by
 * e-mail and SMS as their contact details give; a booked ceremony's reminder to the couple the day before (a message
 * queued for then); an overdue application to its office's back office. The text is rendered once, when queued, so
 * every attempt sends the same words. One message per event, channel and recipient (a unique key), even when an event
 * comes twice.
 */
@ApplicationScoped
public class CitizenMessages {

    public static final String CEREMONY_BOOKED = "sabt.ceremony.booked";
    public static final String CEREMONY_CANCELLED = "sabt.ceremony.cancelled";
    public static final String HANDOFF_CHANGED = "sabt.handoff.status-changed";
    private static final ZoneId DUSHANBE = ZoneId.of("Asia/Dushanbe");
    /** Tajik months as a date is written: "2 декабри 2026". */
    private static final String[] TG_MONTHS = {"январи", "феврали", "марти", "апрели", "майи", "июни", "июли", "августи",
            "сентябри", "октябри", "ноябри", "декабри"};
    private static final DateTimeFormatter RU = DateTimeFormatter.ofPattern("d MMMM yyyy 'г.'", Locale.forLanguageTag("ru"));
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final EmailConfig email;
    private final SmsConfig sms;
    private final CitizenConfig config;
    private final ObjectMapper json;
    private final EntityManager em;
    private final Clock clock;

    CitizenMessages(EmailConfig email, SmsConfig sms, CitizenConfig config, ObjectMapper json, EntityManager em, Clock clock) {
        this.email = email;
        this.sms = sms;
        this.config = config;
        this.json = json;
        this.em = em;
        this.clock = clock;
    }

    /** Queues the messages an event makes, in the caller's transaction; answers how many. */
    public int queue(CloudEvent event) {
        JsonNode data;
        try {
            data = json.readTree(event.data() == null ? "{}" : event.data());
        } catch (IOException e) {
            return 0;
        }
        return switch (event.type()) {
            case "sabt.application.submitted", "sabt.application.status-changed" -> notice(event, data);
            case "sabt.application.overdue" -> overdue(event, data);
            case HANDOFF_CHANGED -> "DONE".equals(text(data.path("status"))) ? handoffDone(event, data) : 0;
            case CEREMONY_BOOKED -> reminders(event, data);
            case CEREMONY_CANCELLED -> {
                cancelReminders(uuid(text(data.path("applicationId"))), event.id());
                yield 0;
            }
            default -> 0;
        };
    }

    private int notice(CloudEvent event, JsonNode data) {
        JsonNode contact = data.path("contact");
        CitizenEmail.Notice notice = notice(data, language(contact));
        String applicant = text(data.path("applicantNationalId"));
        Draft draft = new Draft(event, text(data.path("office")), uuid(text(data.path("applicationId"))), clock.instant());
        // The step itself, for the applicant's own view of what they were told, whatever their channels.
        draft.persist(event.subject(), "LOG", "citizen:" + event.subject(), event.data(), null, "RECORDED");
        return draft.tell(applicant, contact, new Words(CitizenEmail.subject(notice), CitizenEmail.text(notice),
                CitizenEmail.page(notice), CitizenSms.notice(notice)));
    }

    /** An agency has done its part after the registration: the applicant is told, with the agency's reference. */
    private int handoffDone(CloudEvent event, JsonNode data) {
        JsonNode contact = data.path("contact");
        String language = language(contact);
        String agency = text(data.path("agencyNames").path(language));
        String application = text(data.path("applicationId"));
        CitizenEmail.Handoff handoff = new CitizenEmail.Handoff(agency != null ? agency : text(data.path("agency")),
                text(data.path("service")), text(data.path("reference")),
                application == null ? null : email.portalUrl().replaceAll("/+$", "") + "/applications/" + application);
        Draft draft = new Draft(event, text(data.path("office")), uuid(application), clock.instant());
        return draft.tell(text(data.path("applicantNationalId")), contact, new Words(CitizenEmail.handoffSubject(handoff),
                CitizenEmail.handoffText(handoff), CitizenEmail.handoffPage(handoff), CitizenSms.handoff(handoff)));
    }

    /** A reminder to each partner, by each of their channels, due the day before at the configured time. */
    private int reminders(CloudEvent event, JsonNode data) {
        UUID application = uuid(text(data.path("applicationId")));
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(String.valueOf(text(data.path("ceremonyAt"))));
        } catch (DateTimeParseException e) {
            return 0;
        }
        // A booking supersedes the application's earlier one: its reminders, not yet sent, are cancelled.
        cancelReminders(application, event.id());
        ZonedDateTime local = at.atZoneSameInstant(DUSHANBE);
        Instant due = local.toLocalDate().minusDays(1).atTime(config.reminderAt()).atZone(DUSHANBE).toInstant();
        Instant now = clock.instant();
        if (!local.toInstant().isAfter(now)) {
            return 0; // a ceremony that is over needs no reminder
        }
        Draft draft = new Draft(event, text(data.path("office")), application, due.isAfter(now) ? due : now);
        String place = String.valueOf(text(data.path("place")));
        int queued = 0;
        for (JsonNode contact : data.path("contacts")) {
            String language = language(contact);
            CitizenEmail.Reminder reminder = new CitizenEmail.Reminder(date(local.toLocalDate(), language),
                    TIME.format(local), place);
            queued += draft.tell(text(contact.path("nationalId")), contact, new Words(CitizenEmail.reminderSubject(reminder),
                    CitizenEmail.reminderText(reminder), CitizenEmail.reminderPage(reminder), CitizenSms.reminder(reminder)));
        }
        return queued;
    }

    /** The application's ceremony reminders not yet sent, but those of this event, are not to be sent. */
    private void cancelReminders(UUID application, String exceptEvent) {
        em.createNativeQuery("""
                        UPDATE message SET status = 'CANCELLED', next_attempt_at = NULL, updated_at = ?3
                        WHERE application_id = ?1 AND event_type = ?2 AND status = 'QUEUED' AND event_id <> ?4""")
                .setParameter(1, application).setParameter(2, CEREMONY_BOOKED)
                .setParameter(3, clock.instant().atOffset(ZoneOffset.UTC)).setParameter(4, exceptEvent).executeUpdate();
    }

    /** An overdue application, to its office's back office mailbox, in the offices' language. */
    private int overdue(CloudEvent event, JsonNode data) {
        String office = text(data.path("office"));
        if (config.officeMailbox().isEmpty() || office == null || !office.matches("[A-Z0-9]{2,10}")) {
            return 0;
        }
        Locale locale = Locale.forLanguageTag(config.officeLanguage());
        LocalDate deadline = date(text(data.path("deadline")));
        CitizenEmail.Overdue overdue = new CitizenEmail.Overdue(text(data.path("service")), text(data.path("applicationId")),
                text(data.path("status")), deadline == null ? "?" : date(deadline, config.officeLanguage()),
                text(data.path("assignedTo")));
        Draft draft = new Draft(event, office, uuid(overdue.applicationId()), clock.instant());
        return draft.email(null, config.officeMailbox().get().replace("{office}", office),
                render(CitizenEmail.overdueSubject(overdue), locale).strip(), render(CitizenEmail.overdueText(overdue), locale), null);
    }

    /**
     * A webhook endpoint was disabled: its agency's admin is told by e-mail, in the offices' language, once per
     * disabling (the caller's transaction).
     */
    public void endpointDisabled(UUID subscription, String url, String contactEmail, String reason, Instant at) {
        if (contactEmail == null || !contactEmail.contains("@")) {
            return;
        }
        Locale locale = Locale.forLanguageTag(config.officeLanguage());
        CitizenEmail.Disabled disabled = new CitizenEmail.Disabled(url, reason, subscription.toString());
        CloudEvent cause = new CloudEvent("subscription-disabled:" + subscription + ":" + at, "sabt.subscription.disabled",
                "notification-service", subscription.toString(), at, subscription.toString(), null, Map.of());
        new Draft(cause, null, null, at).email(null, contactEmail, render(CitizenEmail.disabledSubject(disabled), locale).strip(),
                render(CitizenEmail.disabledText(disabled), locale), null);
    }

    /** What a person is told: an e-mail's subject, text and page, and the SMS. */
    private record Words(TemplateInstance subject, TemplateInstance text, TemplateInstance page, TemplateInstance sms) {
    }

    /** The messages of one event, about one application and office, due at one time; each to a person (subject). */
    private final class Draft {
        private final CloudEvent event;
        private final String office;
        private final UUID application;
        private final Instant due;

        Draft(CloudEvent event, String office, UUID application, Instant due) {
            this.event = event;
            this.office = office;
            this.application = application;
            this.due = due.truncatedTo(ChronoUnit.MICROS);
        }

        /** The person by each channel their contact details give, in their language. */
        int tell(String subject, JsonNode contact, Words words) {
            Locale locale = Locale.forLanguageTag(language(contact));
            int queued = 0;
            String address = emailAddress(contact);
            if (address != null) {
                queued += email(subject, address, render(words.subject(), locale).strip(), render(words.text(), locale),
                        render(words.page(), locale));
            }
            String phone = phone(contact);
            if (phone != null) {
                queued += sms(subject, phone, render(words.sms(), locale).strip());
            }
            return queued;
        }

        int email(String subject, String address, String subjectLine, String text, String html) {
            if (!email.enabled()) {
                return 0;
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("subject", subjectLine);
            body.put("text", text);
            if (html != null) {
                body.put("html", html);
            }
            persist(subject, EmailChannel.NAME, address, write(body), null, "QUEUED");
            return 1;
        }

        int sms(String subject, String phone, String text) {
            if (!sms.enabled()) {
                return 0;
            }
            persist(subject, SmsChannel.NAME, phone, write(Map.of("text", text)), SmsText.of(text, 0).segments().size(), "QUEUED");
            return 1;
        }

        void persist(String subject, String channel, String recipient, String body, Integer segments, String status) {
            Message m = new Message();
            m.id = UUID.randomUUID();
            m.eventId = event.id();
            m.eventType = event.type();
            m.subject = subject;
            m.office = office;
            m.applicationId = application;
            m.recipient = recipient;
            m.channel = channel;
            m.status = status;
            m.orderingKey = event.key();
            m.segments = segments;
            m.body = body;
            m.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            m.updatedAt = m.createdAt;
            m.nextAttemptAt = "QUEUED".equals(status) ? due : null;
            m.persist();
        }
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
        String portal = email.portalUrl().replaceAll("/+$", "");
        String link = "CERTIFICATE_ISSUED".equals(status) && certificate != null ? portal + "/certificates/" + certificate
                : application != null ? portal + "/applications/" + application : null;
        return new CitizenEmail.Notice(text(data.path("service")), status,
                "RETURNED".equals(status) || "REJECTED".equals(status) ? text(data.path("reason")) : null,
                text(data.path("registrationNumber")),
                showDeadline ? date(deadline, language) : null,
                showDeadline ? (int) ChronoUnit.DAYS.between(today, deadline) : 0, link);
    }

    /** A date as each language writes it, by explicit patterns (not the JVM's locale data). */
    public static String date(LocalDate date, String language) {
        return switch (language) {
            case "ru" -> RU.format(date);
            case "en" -> EN.format(date);
            default -> date.getDayOfMonth() + " " + TG_MONTHS[date.getMonthValue() - 1] + " " + date.getYear();
        };
    }

    private static String language(JsonNode contact) {
        return switch (String.valueOf(text(contact.path("language")))) {
            case "ru" -> "ru";
            case "en" -> "en";
            default -> "tg";
        };
    }

    private static String emailAddress(JsonNode contact) {
        String address = text(contact.path("email"));
        return address != null && address.contains("@") ? address : null;
    }

    private String phone(JsonNode contact) {
        return SmsText.international(text(contact.path("phone")), sms.countryCode());
    }

    private static String render(TemplateInstance template, Locale locale) {
        return template.setLocale(locale).render();
    }

    private String write(Map<String, String> content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
