package org.sabt.notification.citizen;

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

    @Message("{#when status}{#is 'PROPOSED'}is ready for you: add your child's name and consent"
            + "{#is 'SUBMITTED'}has been received{#is 'ACCEPTED'}has been accepted{#is 'RETURNED'}has been returned to you"
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

    @Message("Sabt: your ceremony on {date}")
    String reminderSubject(String date);

    @Message("Your marriage ceremony is on {date} at {time}: {place}.")
    String reminder(String date, String time, String place);

    @Message("Please come 15 minutes early with both passports.")
    String reminderBring();

    @Message("Sabt: {agency} has done its part")
    String handoffSubject(String agency);

    @Message("{agency} has done its part after the registration (your application for {service}).")
    String handoffDone(String agency, String service);

    @Message("Its reference: {reference}")
    String handoffReference(String reference);

    @Message("Sabt: overdue application for {service} ({application})")
    String overdueSubject(String service, String application);

    @Message("The application {application} for {service} passed its deadline of {date}; its status is {status}.")
    String overdueText(String service, String application, String date, String status);

    @Message("It is assigned to {assignee}.")
    String overdueAssigned(String assignee);

    @Message("No one has taken it yet.")
    String overdueUnassigned();

    @Message("Sabt: your webhook endpoint {url} is disabled")
    String disabledSubject(String url);

    @Message("Sabt stopped delivering to {url}: {#when reason}{#is 'ENDPOINT_GONE'}it answered 410 Gone"
            + "{#else}it has failed for days ({reason}){/when}. The messages for it are parked, none is lost.")
    String disabledText(String url, String reason);

    @Message("Once it works again, an admin enables subscription {id} and replays its messages "
            + "(POST /api/v1/subscriptions/{id}/enable, then /replay).")
    String disabledWhat(String id);

    @Message("This message was sent by Sabt, the civil registry. Do not answer it.")
    String footer();
}
