package org.sabt.notification.message;

/**
 * A recipient as application logs may show it: a phone number keeps its country code and last two digits
 * ({@code 992*******67}), an e-mail address its first letter and domain ({@code m***@example.tj}); a webhook's URL is
 * no one's personal data and stays. The delivery log's API shows recipients in full, to those allowed to read it.
 */
public final class Masked {

    public static String recipient(String recipient) {
        if (recipient == null) {
            return null;
        }
        if (recipient.startsWith("http://") || recipient.startsWith("https://")) {
            return recipient;
        }
        int at = recipient.indexOf('@');
        if (at > 0) {
            return recipient.charAt(0) + "***" + recipient.substring(at);
        }
        if (recipient.length() < 6) {
            return "***";
        }
        return recipient.substring(0, 3) + "*".repeat(recipient.length() - 5) + recipient.substring(recipient.length() - 2);
    }

    private Masked() {
    }
}
