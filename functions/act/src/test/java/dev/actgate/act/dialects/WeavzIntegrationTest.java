package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.actgate.act.dialects.DialectFixture.map;
import static dev.actgate.act.dialects.DialectFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weavz's documented shapes over plain HTTP (Weavz ships no official SDK) through the real act handler: success,
 * every documented error code, tenant isolation by endUserId, idempotency keys, and the integrations listing.
 */
class WeavzIntegrationTest {
    @RegisterExtension
    static final DialectFixture f = new DialectFixture();
    static String key;

    @BeforeAll
    static void start() {
        key = f.apiKey();
    }

    @BeforeEach
    void clean() {
        f.upstream.reset();
        f.upstream.on("/v1/todos", r -> Reply.json(201, "{\"id\":9}"));
    }

    FunctionHarness.Response execute(Map<String, Object> body) {
        return f.act.request("POST", "/api/v1/actions/execute").bearer(key).json(body).send();
    }

    static Map<String, Object> body(Object... extra) {
        Map<String, Object> m = map("integrationName", "todos", "actionName", "create_todo", "workspaceId", "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
            "endUserId", "alice", "input", map("title", "tea"));
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                m.remove((String) extra[i]);
            } else {
                m.put((String) extra[i], extra[i + 1]);
            }
        }
        return m;
    }

    static void assertCode(int status, String code, FunctionHarness.Response r) {
        assertEquals(status, r.status(), r.toString());
        assertFalse(r.json().path("success").asBoolean(), r.toString());
        assertEquals(code, r.json().path("error").path("code").asText(), r.toString());
    }

    @Test
    void executeAnswersSuccessAndOutputThroughTheEngine() {
        JsonNode r = ok(execute(body()));
        assertTrue(r.path("success").asBoolean());
        assertEquals(9, r.path("output").path("id").asInt());
        assertEquals(DialectFixture.ALICE_KEY, f.upstream.received("/v1/todos").get(0).header("x-api-key"));
        var log = f.runLog("alice", r.path("actionRunId").asText());
        assertEquals("weavz", log.door());
        assertEquals("create-todo", log.action().path("key").asText());
        JsonNode byExternalId = ok(execute(body("connectionExternalId", "todo-alice", "integrationAlias", "todos", "partialIds",
            java.util.List.of())));
        assertTrue(byExternalId.path("success").asBoolean());
    }

    @Test
    void everyDocumentedErrorCodeIsReached() {
        assertCode(400, "VALIDATION_ERROR", execute(body("workspaceId", null)));
        assertCode(400, "VALIDATION_ERROR", execute(body("input", map())));
        assertCode(400, "INTEGRATION_NOT_FOUND", execute(body("integrationName", "nope")));
        assertCode(400, "INTEGRATION_NOT_FOUND", execute(body("workspaceIntegrationId", "int_01jd0000000000000000000000")));
        assertCode(400, "CONNECTION_REQUIRED", execute(body("endUserId", "dave")));
        assertCode(400, "CONNECTION_NOT_FOUND", execute(body("connectionExternalId", "no-such-connection")));
        assertTrue(f.upstream.received().isEmpty(), "none of these reached the app");

        f.upstream.on("/v1/todos", r -> Reply.json(400, "{\"error\":\"bad title\"}"));
        FunctionHarness.Response failed = execute(body());
        assertCode(400, "ACTION_FAILED", failed);
        assertEquals("external_app", failed.json().path("error").path("attribution").asText());

        f.upstream.on("/v1/todos", r -> Reply.json(429, "{}").withHeader("Retry-After", "0"));
        assertCode(403, "QUOTA_EXCEEDED", execute(body()));
    }

    @Test
    void anotherEndUserNeverRunsAConnectionThatIsNotTheirs() {
        assertCode(400, "CONNECTION_NOT_FOUND", execute(body("endUserId", "bob", "connectionExternalId", "todo-alice")));
        assertCode(400, "CONNECTION_NOT_FOUND", execute(body("endUserId", "bob", "connectionExternalId", f.aliceConnection)));
        assertTrue(f.upstream.received().isEmpty());
        ok(execute(body("endUserId", "bob")));
        assertEquals(DialectFixture.BOB_KEY, f.upstream.received("/v1/todos").get(0).header("x-api-key"), "bob's own connection");
    }

    @Test
    void anIdempotencyKeyReplaysTheAnswerInsteadOfRunningAgain() {
        JsonNode first = ok(execute(body("idempotencyKey", "order-123")));
        JsonNode second = ok(execute(body("idempotencyKey", "order-123")));
        assertEquals(first.path("actionRunId").asText(), second.path("actionRunId").asText());
        assertEquals(1, f.upstream.received("/v1/todos").size());
    }

    @Test
    void integrationsListTheirActionsWithInputProperties() {
        JsonNode r = ok(f.act.request("GET", "/api/v1/integrations?name=todos").bearer(key).send());
        JsonNode actions = r.path("actions");
        assertTrue(actions.has("create_todo"), r.toString());
        JsonNode title = actions.path("create_todo").path("props").path("title");
        assertEquals("string", title.path("type").asText());
        assertTrue(title.path("required").asBoolean());
        assertTrue(actions.has("count_todos"));
        FunctionHarness.Response missing = f.act.request("GET", "/api/v1/integrations?name=nope").bearer(key).send();
        assertEquals("INTEGRATION_NOT_FOUND", missing.json().path("error").path("code").asText());
    }
}
