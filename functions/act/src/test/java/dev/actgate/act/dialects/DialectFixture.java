package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One act function (the real Lambda handler on DynamoDB Local), a real upstream on 127.0.0.1 standing in for a to-do
 * app, and a workspace where tenants alice and bob each have a connection to it, with saved actions:
 * {@code create-todo} (an API request) and {@code count-todos} (JavaScript that logs a console line).
 * Server credentials are created through the manager routes, as an operator would.
 */
final class DialectFixture implements BeforeAllCallback, AfterAllCallback {
    static final String ALICE_KEY = "alice-app-key-5d2f8c41";
    static final String BOB_KEY = "bob-app-key-9e1a7b36";

    FunctionHarness act;
    TestUpstream upstream;
    Workspace ws;
    String manager;
    String aliceConnection;
    String bobConnection;

    /** Started before the class's own {@code @BeforeAll} (register it as a static {@code @RegisterExtension}). */
    @Override
    public void beforeAll(ExtensionContext context) {
        upstream = TestUpstream.start();
        act = FunctionHarness.start(Map.of("actgate.upstream.backoff-base-ms", "10", "actgate.upstream.backoff-cap-ms", "20",
            // A shared 2-core machine can take seconds to warm the JavaScript engine; the limit is not under test here.
            "actgate.sandbox.timeout-ms", "25000", "actgate.act.budget-ms", "28000"));
        ws = TestWorkspaces.create();
        manager = TestWorkspaces.managerToken(ws);
        Caller admin = new Caller(ws.id(), ws.key(), null, true);
        act.context().getBean(IntegrationService.class).create(admin, TestStorage.JSON.convertValue(Map.of("key", "todos", "name", "To-dos",
            "baseUrl", upstream.baseUrl() + "/v1", "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")), dev.actgate.shared.integrations.IntegrationRequest.class));
        aliceConnection = connection("alice", "todo-alice", ALICE_KEY);
        bobConnection = connection("bob", "todo-bob", BOB_KEY);
        ActionService actions = act.context().getBean(ActionService.class);
        actions.create(admin, TestStorage.JSON.valueToTree(Map.of("key", "create-todo", "name", "Create a to-do",
            "description", "Adds a to-do item", "integrationKey", "todos", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "POST", "path", "/todos", "body", Map.of("title", Map.of("$var", "$.input.title")))),
            "inputSchema", Map.of("type", "object", "required", List.of("title"),
                "properties", Map.of("title", Map.of("type", "string", "description", "What to do"))))), null);
        actions.create(admin, TestStorage.JSON.valueToTree(Map.of("key", "count-todos", "name", "Count to-dos", "integrationKey", "todos",
            "type", "run-javascript", "config", Map.of("code", "module.exports = async ({ input, api }) => {\n"
                + "  const r = await api.get('/todos');\n"
                + "  console.log('counted for', input.who);\n"
                + "  return { count: (r.items || []).length };\n}"))), null);
    }

    String connection(String tenant, String key, String apiKey) {
        return act.context().getBean(ConnectionService.class).create(new Caller(ws.id(), ws.key(), tenant, false),
            TestStorage.JSON.valueToTree(Map.of("integrationKey", "todos", "key", key, "credentials", Map.of("apiKey", apiKey),
                "isDefault", true))).id();
    }

    /** A new API key, through the manager route (the key is in the creation answer only). */
    String apiKey() {
        FunctionHarness.Response r = act.request("POST", "/api-keys").bearer(manager).json(Map.of("name", "backend")).send();
        assertEquals(201, r.status(), r.toString());
        return r.json().path("key").asText();
    }

    FunctionHarness.Request get(String path, String apiKey) {
        return act.request("GET", path).header("x-api-key", apiKey);
    }

    FunctionHarness.Request post(String path, String apiKey, Object body) {
        return act.request("POST", path).header("x-api-key", apiKey).json(body);
    }

    RunLog runLog(String tenant, String id) {
        return act.context().getBean(RunLogRepository.class).find(ws.id(), tenant, id).orElseThrow();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static JsonNode ok(FunctionHarness.Response r) {
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (act != null) {
            act.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }
}
