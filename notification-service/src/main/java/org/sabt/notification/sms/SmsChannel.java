package org.sabt.notification.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.sabt.notification.delivery.Channel;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * SMS over SMPP: a message's segments submitted in order, each with a delivery receipt asked for. The SMSC taking every
 * segment is SENT; receipts make it DELIVERED, UNDELIVERABLE or EXPIRED later. A retry submits only the segments not yet
 * taken. A submit whose answer times out is not resent: the message is UNKNOWN until a receipt settles it.
 */
@ApplicationScoped
public class SmsChannel implements Channel {

    public static final String NAME = "SMS";

    private final Smsc smsc;
    private final SmsSegments segments;
    private final SmsConfig config;
    private final ObjectMapper json;

    SmsChannel(Smsc smsc, SmsSegments segments, SmsConfig config, ObjectMapper json) {
        this.smsc = smsc;
        this.segments = segments;
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

    /** A few segments, each waiting its turn and its answer. */
    @Override
    public Duration timeout() {
        return config.responseTimeout().multipliedBy(5);
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
        SmsText text = SmsText.of(body.path("text").asText(), reference(message));
        Set<Integer> taken = segments.taken(message.id());
        int total = text.segments().size();
        for (int i = 0; i < total; i++) {
            int seq = i + 1;
            if (taken.contains(seq)) {
                continue;
            }
            try {
                segments.submitted(message.id(), seq, smsc.submit(message.recipient(), text, i), message.recipient());
            } catch (ResponseTimeoutException e) {
                segments.submitted(message.id(), seq, null, message.recipient());
                return Outcome.unknown("SUBMIT_TIMEOUT: segment " + seq + " of " + total + " got no answer in "
                        + config.responseTimeout().toMillis() + " ms");
            } catch (NegativeResponseException e) {
                return Outcome.failed("SMSC_REFUSED: segment " + seq + " of " + total + ", command status 0x"
                        + Integer.toHexString(e.getCommandStatus()));
            } catch (IOException | PDUException | InvalidResponseException e) {
                return Outcome.failed("SMSC_UNAVAILABLE: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("INTERRUPTED");
            }
        }
        return Outcome.taken();
    }

    /** The concatenation reference: the same for every attempt of a message, so a phone joins its segments. */
    private static int reference(Message message) {
        return message.id().hashCode() & 0xFF;
    }
}
