package dev.actgate.shared.approvals;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {
    @Test
    void signsIdTimestampAndBodyAsStandardWebhooks() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = WebhookSignature.headers(secret, "msg_1", 1700000000L, "{\"a\":1}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal("msg_1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, h.get("webhook-signature"));
        assertEquals("1700000000", h.get("webhook-timestamp"));
        assertEquals("msg_1", h.get("webhook-id"));
        assertTrue(WebhookSignature.verify(secret, "msg_1", "1700000000", "{\"a\":1}", "v1,bogus " + expected));
        assertFalse(WebhookSignature.verify(secret, "msg_1", "1700000001", "{\"a\":1}", expected), "timestamp is signed");
        assertFalse(WebhookSignature.verify(secret, "msg_1", "1700000000", "{\"a\":2}", expected), "body is signed");
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), "msg_1", "1700000000", "{\"a\":1}", expected));
    }

    @Test
    void secretsHaveTheWhsecShape() {
        assertTrue(WebhookSignature.valid(WebhookSignature.newSecret()));
        assertFalse(WebhookSignature.valid("hunter2"));
        assertFalse(WebhookSignature.valid("whsec_c2hvcnQ="));
        assertFalse(WebhookSignature.valid("whsec_not base64!"));
    }
}
