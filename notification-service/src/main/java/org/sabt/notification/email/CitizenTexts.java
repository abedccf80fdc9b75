package org.sabt.notification.email;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of citizens' messages, in English here and in Russian and Tajik in {@code messages/msg_ru.properties} and
 * {@code msg_tg.properties}; Qute checks every key and parameter at build time. Plurals are chosen in the message
 * itself (Russian: 1 день, 2 дня, 5 дней, 21 день).
 */
@MessageBundle(value = "msg", locale = "en")
public interface CitizenTexts {

    @Message("{#when code}{#is 'REGISTER_BIRTH'}registration of a birth{#is 'REGISTER_DEATH'}registration of a death"
            + "{#is 'REGISTER_MARRIAGE'}registration of a marriage{#is 'REGISTER_DIVORCE'}registration of a divorce"
            + "{#is 'ESTABLISH_PATERNITY'}establishing paternity{#is 'REGISTER_ADOPTION'}registration of an adoption"
            + "{#is 'CHANGE_NAME'}change of name{#is 'REPEAT_CERTIFICATE'}a repeat certificate{#is 'ARCHIVE_EXTRACT'}an archive extract"
            + "{#is 'CORRECT_RECORD'}correction of a record{#else}{code}{/when}")
    String service(String code);

    @Message("{#when status}{#is 'SUBMITTED'}has been received{#is 'ACCEPTED'}has been accepted{#is 'RETURNED'}has been returned to you"
            + "{#is 'IN_REVIEW'}is being reviewed{#is 'APPROVED'}has been approved{#is 'REGISTERED'}has been registered"
            + "{#is 'CERTIFICATE_ISSUED'}is ready: your certificate has been issued{#is 'COMPLETED'}is completed"
            + "{#is 'REJECTED'}has been refused{#is 'CANCELLED'}has been cancelled{#else}is now {status}{/when}")
    String status(String status);

    @Message("Sabt: your application for {service} {status}")
    String subject(String service, String status);

    @Message("Hello,")
    String greeting();

    @Message("Your application for {service} {status}.")
    String headline(String service, String status);

    @Message("Reason: {reason}")
    String reason(String reason);

    @Message("Registration number: {number}")
    String registrationNumber(String number);

    @Message("It is due by {date} ({#if days == 1}1 day{#else}{days} days{/if} from now).")
    String deadline(String date, int days);

    @Message("You can see it here: {link}")
    String link(String link);

    @Message("This message was sent by Sabt, the civil registry. Do not answer it.")
    String footer();
}
