package org.sabt.notification.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signatures: {@code webhook-signature} is {@code v1,<base64 HMAC-SHA256>} over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64 part of a {@code whsec_} secret; several
 * signatures (during a rotation) are separated by spaces.
 */
public final class WebhookSignature {

    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new secret: 32 random bytes, as {@code whsec_<base64>}. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The header's value, one {@code v1,} signature per secret. */
    public static String sign(List<String> secrets, String id, long timestamp, String body) {
        return secrets.stream().map(secret -> "v1," + hmac(secret, id + "." + timestamp + "." + body))
                .collect(Collectors.joining(" "));
    }

    private static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private WebhookSignature() {
    }
}
