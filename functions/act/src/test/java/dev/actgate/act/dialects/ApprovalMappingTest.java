package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.testing.TestStorage;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An approval gate holds a run by throwing {@link ApprovalRequiredException} from the engine. A fake engine throws it
 * here; each dialect answers with its own non-5xx "waiting for approval" shape (Weavz: its documented 202
 * {@code approval_required}), which none of the SDKs retries.
 */
class ApprovalMappingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Caller CALLER = new Caller("ws_1", "ws", "alice", false);

    static Map<String, Object> approval() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", "apr_1");
        a.put("status", "pending");
        a.put("approvalUrl", "https://actgate.example/approvals/apr_1?token=t");
        a.put("expiresAt", "2026-12-02T00:00:00Z");
        a.put("retry", Map.of("idempotencyKey", "order-123"));
        return a;
    }

    final AtomicInteger calls = new AtomicInteger();
    final DialectRunner runner = new DialectRunner((caller, body, door, key) -> {
        calls.incrementAndGet();
        throw new ApprovalRequiredException("An approval policy holds this action", approval());
    }, new IdempotencyService(null, JSON, new dev.actgate.shared.idempotency.IdempotencySettings(24, 60)), null);

    JsonNode body(MutableHttpResponse<?> r) {
        return JSON.valueToTree(r.body());
    }

    ObjectNode act() {
        ObjectNode a = JSON.createObjectNode();
        a.put("key", "send");
        return a;
    }

    @Test
    void weavzAnswersItsDocumented202() {
        MutableHttpResponse<?> r = runner.run(CALLER, "POST /api/v1/actions/execute", null, act(), "weavz", WeavzController.shapes(false));
        assertEquals(202, r.code());
        JsonNode b = body(r);
        assertFalse(b.path("success").asBoolean());
        assertEquals("approval_required", b.path("status").asText());
        assertEquals("apr_1", b.path("approval").path("id").asText());
        assertEquals("pending", b.path("approval").path("status").asText());
        assertEquals(b.path("approval").path("approvalUrl").asText(), b.path("approval").path("hostedApprovalUrl").asText());
        assertEquals("order-123", b.path("approval").path("retry").path("idempotencyKey").asText());
        assertEquals("2026-12-02T00:00:00Z", b.path("approval").path("expiresAt").asText());
        assertEquals(1, calls.get());
    }

    @Test
    void pipedreamAndComposioAnswerA202TheirSdksDoNotRetry() {
        for (DialectRunner.Shapes shapes : List.of(PipedreamController.shapes(runner, CALLER), ComposioController.legacyShapes(),
            ComposioController.shapes())) {
            MutableHttpResponse<?> r = runner.run(CALLER, "POST /x", null, act(), "test", shapes);
            assertEquals(202, r.code(), "2xx: success for both SDKs, so never retried");
            JsonNode b = body(r);
            assertEquals("approval_required", b.path("status").asText());
            assertEquals("apr_1", b.path("approval").path("id").asText());
        }
        JsonNode composio = body(runner.run(CALLER, "POST /x", null, act(), "test", ComposioController.shapes()));
        assertTrue(composio.path("data").isObject(), "data stays an object");
        assertTrue(composio.has("error"), "error is present, as @composio/core requires");
    }
}
