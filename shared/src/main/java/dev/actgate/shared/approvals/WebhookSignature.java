package dev.actgate.shared.approvals;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standard Webhooks signatures (standardwebhooks.com): headers {@code webhook-id}, {@code webhook-timestamp} (Unix
 * seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256>} over {@code id.timestamp.body}, keyed with the
 * bytes of a {@code whsec_<base64>} secret. Receivers check the signature and that the timestamp is recent, so a
 * captured event cannot be replayed later; any Standard Webhooks library verifies it.
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** True when {@code secret} is a {@code whsec_} secret with at least 16 key bytes. */
    public static boolean valid(String secret) {
        try {
            return secret != null && secret.startsWith(SECRET_PREFIX) && key(secret).length >= 16 && key(secret).length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> headers(String secret, String id, long timestamp, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(timestamp));
        h.put("webhook-signature", sign(secret, id, timestamp, body));
        return h;
    }

    /** Receiver side (used by tests and documented for users): any of the space-separated signatures may match. */
    public static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader) {
        if (secret == null || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = sign(secret, id, ts, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
}
