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
     * What an attempt came to. {@code delivered}: the peer took it (its final status: DELIVERED for a webhook, SENT for an
     * e-mail); {@code gone}: the peer says never again (a webhook's 410); otherwise a failure, retried.
     */
    record Outcome(boolean delivered, boolean gone, Integer statusCode, String answer, String error, Duration retryAfter) {

        public String describe() {
            return delivered ? "DELIVERED" : gone ? "GONE" : error != null ? error : "HTTP_" + statusCode;
        }
    }

    /** The status a delivered message ends in. */
    default String deliveredStatus() {
        return "DELIVERED";
    }
}
