package org.sabt.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A way of delivering a message (webhook, e-mail, SMS): how to send one, and how often to try. */
public interface Channel {

    /** The message's channel column: WEBHOOK, EMAIL, SMS. */
    String name();

    /** The delay before each attempt, the first included; after the last the message is parked. */
    List<Duration> schedule();

    /** An attempt's longest time: a claimed message comes back after it (plus a margin) if its instance died. */
    Duration timeout();

    /** One attempt. Never throws for a failure of the peer: that is an outcome. */
    Outcome send(Message message);

    /** A claimed message: what to send, to whom. */
    record Message(UUID id, String channel, UUID subscriptionId, String recipient, String body, int attempts) {
    }

    /**
     * What an attempt came to. {@code delivered}: the peer took it (its status then: {@link #deliveredStatus()});
     * {@code gone}: the peer says never again (a webhook's 410); {@code unknown}: whether the peer took it cannot be
     * known (an SMS submit whose answer timed out): not retried, left UNKNOWN for a receipt to settle; otherwise a
     * failure, retried.
     */
    record Outcome(boolean delivered, boolean gone, boolean unknown, Integer statusCode, String answer, String error,
                   Duration retryAfter) {

        public static Outcome taken() {
            return new Outcome(true, false, false, null, null, null, null);
        }

        public static Outcome failed(String error) {
            return new Outcome(false, false, false, null, null, error, null);
        }

        public static Outcome unknown(String error) {
            return new Outcome(false, false, true, null, null, error, null);
        }

        public String describe() {
            return delivered ? "DELIVERED" : gone ? "GONE" : error != null ? error : "HTTP_" + statusCode;
        }
    }

    /** The status a delivered message ends in. */
    default String deliveredStatus() {
        return "DELIVERED";
    }
}
