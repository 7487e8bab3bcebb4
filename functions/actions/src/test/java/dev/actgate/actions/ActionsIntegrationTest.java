package dev.actgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.testing.WithFunctionHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved actions through the real actions handler on DynamoDB Local: every route, scopes, revisions, permissions. */
class ActionsIntegrationTest extends WithFunctionHarness {
    static String manager;
    static String managerAlice;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() {
        manager = TestWorkspaces.managerToken(ws);
        managerAlice = TestWorkspaces.managerToken(ws, "alice");
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        integration(Map.of("key", "crm", "baseUrl", "https://crm.example.com/v1", "auth", Map.of("type", "bearer")));
        integration(Map.of("key", "mail", "baseUrl", "https://mail.example.com", "auth", Map.of("type", "bearer")));
        integration(Map.of("connectorKey", "github"));
        connection("alice", Map.of("integrationKey", "crm", "key", "alice-crm", "credentials", Map.of("token", "t-alice-crm")));
        connection("alice", Map.of("integrationKey", "mail", "key", "alice-mail", "credentials", Map.of("token", "t-alice-mail")));
        connection("bob", Map.of("integrationKey", "crm", "key", "bob-crm", "credentials", Map.of("token", "t-bob-crm")));
    }

    static void integration(Map<String, Object> body) {
        fn.context().getBean(IntegrationService.class).create(new Caller(ws.id(), ws.key(), null, true), TestStorage.JSON.convertValue(body, dev.actgate.shared.integrations.IntegrationRequest.class));
    }

    static void connection(String tenant, Map<String, Object> body) {
        fn.context().getBean(ConnectionService.class).create(new Caller(ws.id(), ws.key(), tenant, false), TestStorage.JSON.valueToTree(body));
    }

    static Map<String, Object> apiAction(String key, String path, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("type", "api-request-to-external-app");
        body.put("config", Map.of("request", Map.of("method", "post", "path", path, "body", Map.of("text", Map.of("$var", "$.input.text")))));
        body.put("inputSchema", Map.of("type", "object", "required", List.of("text"), "properties", Map.of("text", Map.of("type", "string"))));
        body.putAll(extra);
        return body;
    }

    FunctionHarness.Response send(String method, String path, String token, Object body) {
        FunctionHarness.Request r = fn.request(method, path).bearer(token);
        return (body == null ? r : r.json(body)).send();
    }

    static void assertStatus(int expected, FunctionHarness.Response r) {
        assertEquals(expected, r.status(), r.toString());
    }

    static List<String> field(JsonNode list, String name) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path(name).asText(null)));
        return out;
    }

    // ------------------------------------------------------------------ CRUD and revisions

    @Test
    void createReadChangeArchiveAndRestoreWithRevisions() {
        FunctionHarness.Response created = send("POST", "/actions", manager, apiAction("create-note", "/notes",
            Map.of("integrationKey", "crm", "name", "Create note", "description", "Adds a note to the CRM")));
        assertStatus(201, created);
        JsonNode a = created.json();
        String id = a.path("id").asText();
        assertTrue(id.startsWith("act_"), id);
        assertEquals("integration", a.path("layer").asText());
        assertEquals("crm", a.path("integrationKey").asText());
        assertEquals("READY", a.path("state").asText());
        assertEquals(1, a.path("revision").asInt());
        assertEquals("POST", a.path("config").path("request").path("method").asText(), "method normalised");

        assertEquals(id, send("GET", "/actions/" + id, alice, null).json().path("id").asText(), "tenants read");
        assertEquals(id, send("GET", "/actions/create-note", alice, null).json().path("id").asText());
        assertEquals(id, send("GET", "/action?key=create-note&integrationKey=crm", alice, null).json().path("id").asText());
        assertStatus(404, send("GET", "/action?key=create-note&integrationKey=mail", alice, null));
        assertStatus(400, send("GET", "/action", alice, null));

        JsonNode patched = send("PATCH", "/actions/" + id, manager, Map.of("name", "Create a note")).json();
        assertEquals("Create a note", patched.path("name").asText());
        assertEquals("Adds a note to the CRM", patched.path("description").asText(), "merge keeps other fields");
        assertEquals(2, patched.path("revision").asInt());
        assertEquals(2, send("PATCH", "/actions/" + id, manager, Map.of("name", "Create a note")).json().path("revision").asInt(),
            "a change that changes nothing makes no revision");

        Map<String, Object> whole = apiAction("create-note", "/v2/notes", Map.of("name", "Create note v2"));
        JsonNode replaced = send("PUT", "/actions/create-note?integrationKey=crm", manager, whole).json();
        assertEquals(3, replaced.path("revision").asInt());
        assertFalse(replaced.has("description"), "PUT replaces the whole content: " + replaced);
        assertEquals("/v2/notes", replaced.path("config").path("request").path("path").asText());

        JsonNode v1 = send("GET", "/actions/" + id + "?version=1", alice, null).json();
        assertEquals(1, v1.path("revision").asInt());
        assertEquals("Create note", v1.path("name").asText());
        assertEquals("/notes", v1.path("config").path("request").path("path").asText());
        assertStatus(400, send("GET", "/actions/" + id + "?version=9", alice, null));
        JsonNode revisions = send("GET", "/actions/" + id + "/revisions", alice, null).json();
        assertEquals(List.of("3", "2", "1"), field(revisions, "revision"));
        assertTrue(revisions.path("items").get(0).path("current").asBoolean());
        assertFalse(revisions.path("items").get(2).path("current").asBoolean());

        FunctionHarness.Response archived = send("DELETE", "/actions/" + id, manager, null);
        assertStatus(200, archived);
        assertTrue(archived.json().hasNonNull("archivedAt"));
        assertFalse(field(send("GET", "/actions", alice, null).json(), "id").contains(id), "archived actions leave lists");
        assertTrue(field(send("GET", "/actions?includeArchived=true", alice, null).json(), "id").contains(id));
        assertStatus(200, send("GET", "/actions/" + id, alice, null));
        assertEquals(3, send("GET", "/actions/" + id + "/revisions", alice, null).json().path("items").size(), "archive keeps history");
        assertStatus(409, send("POST", "/actions", manager, apiAction("create-note", "/x", Map.of("integrationKey", "crm"))));

        JsonNode restored = send("POST", "/actions/" + id + "/restore", manager, null).json();
        assertNull(restored.get("archivedAt"));
        assertEquals(3, restored.path("revision").asInt(), "restore brings the last revision back");
        assertEquals("/v2/notes", restored.path("config").path("request").path("path").asText());
        assertTrue(field(send("GET", "/actions", alice, null).json(), "id").contains(id));
    }

    @Test
    void keysRenameAndStayUniquePerLevel() {
        String id = send("POST", "/actions", manager, apiAction("rename-me", "/r", Map.of())).json().path("id").asText();
        assertStatus(201, send("POST", "/actions", manager, apiAction("taken", "/t", Map.of())));
        assertStatus(409, send("PATCH", "/actions/" + id, manager, Map.of("key", "taken")));
        JsonNode renamed = send("PATCH", "/actions/" + id, manager, Map.of("key", "renamed")).json();
        assertEquals("renamed", renamed.path("key").asText());
        assertStatus(404, send("GET", "/actions/rename-me", alice, null));
        assertEquals(id, send("GET", "/actions/renamed", alice, null).json().path("id").asText());
        assertStatus(201, send("POST", "/actions", manager, apiAction("rename-me", "/r2", Map.of())));
    }

    // ------------------------------------------------------------------ scopes, override order, ambiguity

    @Test
    void theSameKeyAtEachLevelAndWhichOneEachSelectorFinds() {
        String universal = send("POST", "/actions", manager, apiAction("log-call", "/u/calls", Map.of())).json().path("id").asText();
        String perIntegration = send("POST", "/integrations/crm/actions", manager, apiAction("log-call", "/crm/calls", Map.of()))
            .json().path("id").asText();
        // a manager token carrying a tenant, and a manager token naming the tenant in the body: both make connection-level actions
        FunctionHarness.Response perConnection = send("POST", "/actions", managerAlice,
            apiAction("log-call", "/alice/calls", Map.of("connectionKey", "alice-crm")));
        assertStatus(201, perConnection);
        JsonNode c = perConnection.json();
        assertEquals("connection", c.path("layer").asText());
        assertEquals("alice", c.path("tenantKey").asText());
        assertEquals("crm", c.path("integrationKey").asText(), "a connection-level action knows its integration");
        assertEquals("alice-crm", c.path("connectionKey").asText());
        FunctionHarness.Response viaBody = send("POST", "/actions", manager,
            apiAction("log-call", "/alice/mail-calls", Map.of("connectionKey", "alice-mail", "tenantKey", "alice")));
        assertStatus(201, viaBody);
        assertEquals("connection", viaBody.json().path("layer").asText());
        assertStatus(409, send("POST", "/actions", manager, apiAction("log-call", "/again", Map.of())));

        FunctionHarness.Response ambiguous = send("GET", "/actions/log-call", alice, null);
        assertStatus(400, ambiguous);
        assertEquals("ACTION_AMBIGUOUS", ambiguous.json().path("code").asText());
        String message = ambiguous.json().path("message").asText();
        assertTrue(message.contains("integrationKey") && message.contains("connectionKey") && message.contains("layer=universal"), message);
        assertEquals(4, ambiguous.json().path("data").path("candidates").size(), ambiguous.toString());

        assertEquals(universal, send("GET", "/actions/log-call?layer=universal", alice, null).json().path("id").asText());
        assertEquals(perIntegration, send("GET", "/actions/log-call?integrationKey=crm", alice, null).json().path("id").asText());
        assertEquals(c.path("id").asText(), send("GET", "/actions/log-call?connectionKey=alice-crm", alice, null).json().path("id").asText());
        assertEquals(perIntegration, send("GET", "/action?key=log-call&integrationKey=crm", alice, null).json().path("id").asText());
        // bob sees no connection-level action of alice, so for him the key exists twice (universal, integration)
        FunctionHarness.Response bobAmbiguous = send("GET", "/actions/log-call", bob, null);
        assertEquals(2, bobAmbiguous.json().path("data").path("candidates").size(), bobAmbiguous.toString());

        // a connection's surface: per key the action /act would run there
        assertEquals(List.of("/alice/calls"), paths(send("GET", "/connections/alice-crm/actions", alice, null).json(), "log-call"));
        assertEquals(List.of("/alice/mail-calls"), paths(send("GET", "/connections/alice-mail/actions", alice, null).json(), "log-call"));
        assertEquals(List.of("/crm/calls"), paths(send("GET", "/connections/bob-crm/actions", bob, null).json(), "log-call"));
        assertEquals(List.of("/crm/calls"), paths(send("GET", "/integrations/crm/actions", alice, null).json(), "log-call"));
        assertEquals(List.of("/u/calls"), paths(send("GET", "/integrations/mail/actions", alice, null).json(), "log-call"));
        assertEquals(List.of("/crm/calls"), paths(send("GET", "/actions?integrationKey=crm", alice, null).json(), "log-call"));
        assertEquals(List.of("/alice/calls"), paths(send("GET", "/actions?connectionKey=alice-crm", alice, null).json(), "log-call"));
        // without a filter every level is listed
        assertEquals(4, paths(send("GET", "/actions", alice, null).json(), "log-call").size());
        assertEquals(2, paths(send("GET", "/actions", bob, null).json(), "log-call").size());
        assertEquals(2, paths(send("GET", "/actions", manager, null).json(), "log-call").size(), "a manager token without tenant");
        assertEquals(4, paths(send("GET", "/actions?tenantKey=alice", manager, null).json(), "log-call").size());

        // archiving the connection-level override uncovers the integration's action on that connection
        assertStatus(200, send("DELETE", "/actions/" + c.path("id").asText(), managerAlice, null));
        assertEquals(List.of("/crm/calls"), paths(send("GET", "/connections/alice-crm/actions", alice, null).json(), "log-call"));
        assertStatus(200, send("POST", "/actions/" + c.path("id").asText() + "/restore?tenantKey=alice", manager, null));
        assertEquals(List.of("/alice/calls"), paths(send("GET", "/connections/alice-crm/actions", alice, null).json(), "log-call"));
    }

    static List<String> paths(JsonNode list, String key) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> {
            if (key.equals(i.path("key").asText())) {
                out.add(i.path("config").path("request").path("path").asText());
            }
        });
        return out;
    }

    @Test
    void tenantsCannotSeeEachOthersConnectionLevelActions() {
        JsonNode own = send("POST", "/actions", managerAlice, apiAction("alice-only", "/private", Map.of("connectionKey", "alice-crm"))).json();
        String id = own.path("id").asText();
        assertEquals(id, send("GET", "/actions/" + id, alice, null).json().path("id").asText());
        for (String sel : List.of(id, "alice-only")) {
            assertStatus(404, send("GET", "/actions/" + sel, bob, null));
            assertStatus(404, send("GET", "/actions/" + sel + "/revisions", bob, null));
            assertStatus(404, send("GET", "/actions/" + sel, manager, null));
            assertStatus(404, send("GET", "/actions/" + sel + "?tenantKey=bob", manager, null));
            assertStatus(404, send("PATCH", "/actions/" + sel + "?tenantKey=bob", manager, Map.of("name", "x")));
            assertStatus(404, send("DELETE", "/actions/" + sel + "?tenantKey=bob", manager, null));
        }
        assertStatus(404, send("GET", "/action?key=alice-only&connectionKey=alice-crm", bob, null));
        assertStatus(404, send("GET", "/connections/alice-crm/actions", bob, null));
        assertFalse(field(send("GET", "/actions", bob, null).json(), "id").contains(id));
        assertFalse(field(send("GET", "/actions?intent=private%20alice", bob, null).json(), "id").contains(id));
        assertEquals(id, send("GET", "/actions/alice-only?tenantKey=alice", manager, null).json().path("id").asText());
        FunctionHarness.Response other = send("GET", "/actions?tenantKey=alice", bob, null);
        assertStatus(403, other);
        // bob may still create nothing, and a manager cannot put an action on a connection without naming its tenant
        assertStatus(400, send("POST", "/actions", manager, apiAction("no-tenant", "/x", Map.of("connectionKey", "alice-crm"))));
        assertStatus(404, send("POST", "/actions", manager, apiAction("wrong-tenant", "/x", Map.of("connectionKey", "alice-crm",
            "tenantKey", "bob"))));
        assertStatus(400, send("POST", "/actions", manager, apiAction("tenant-universal", "/x", Map.of("tenantKey", "alice"))));
    }

    @Test
    void writesNeedAManagerToken() {
        String id = send("POST", "/actions", manager, apiAction("managed", "/m", Map.of())).json().path("id").asText();
        List<FunctionHarness.Response> refused = List.of(
            send("POST", "/actions", alice, apiAction("by-tenant", "/t", Map.of())),
            send("POST", "/integrations/crm/actions", alice, apiAction("by-tenant", "/t", Map.of())),
            send("PATCH", "/actions/" + id, alice, Map.of("name", "x")),
            send("PUT", "/actions/" + id, alice, apiAction("managed", "/t", Map.of())),
            send("DELETE", "/actions/" + id, alice, null),
            send("POST", "/actions/" + id + "/restore", alice, null));
        for (FunctionHarness.Response r : refused) {
            assertStatus(403, r);
            assertEquals("FORBIDDEN", r.json().path("code").asText());
        }
        assertStatus(404, send("GET", "/actions/by-tenant", alice, null));
        assertEquals("managed", send("GET", "/actions/" + id, alice, null).json().path("name").asText());
        assertStatus(401, fn.request("GET", "/actions").send());
    }

    // ------------------------------------------------------------------ validation at write time

    @Test
    void invalidActionsAreRefusedAndNothingIsStored() {
        int before = send("GET", "/actions?includeArchived=1&limit=1000", manager, null).json().path("items").size();
        Map<String, Object> js = new LinkedHashMap<>(Map.of("key", "bad", "type", "run-javascript"));
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(apiAction("bad", "/x", Map.of("inputSchema", Map.of("type", "strnig"))));
        bad.add(apiAction("bad", "/x", Map.of("inputSchema", Map.of("type", "object", "required", "text"))));
        bad.add(apiAction("bad", "/x", Map.of("inputSchema", List.of(1))));
        bad.add(apiAction("bad", "/x", Map.of("outputSchema", Map.of("properties", List.of()))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of())));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("path", "/x")))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "FETCH", "path", "/x")))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET")))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "https://evil.example/x")))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/x", "timeout", 5)))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/x/{{input.id}}")))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/x",
            "headers", Map.of("X-N", 5))))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/x",
            "query", Map.of("q", Map.of("nested", true)))))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "POST", "path", "/x",
            "body", Map.of("a", Map.of("$var", "$.secrets.token")))))));
        bad.add(apiAction("bad", "/x", Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/x"), "extra", 1))));
        bad.add(apiAction("bad", "/x", Map.of("type", "list-data-records")));
        bad.add(apiAction("bad", "/x", Map.of("intent", "create a lead")));
        bad.add(apiAction("bad", "/x", Map.of("surprise", 1)));
        bad.add(apiAction("bad key!", "/x", Map.of()));
        bad.add(apiAction("bad", "/x", Map.of("integrationKey", "nope")));
        js.put("config", Map.of("code", "module.exports = async ({ input }) => { return input.a +; }"));
        bad.add(new LinkedHashMap<>(js));
        js.put("config", Map.of("code", "  "));
        bad.add(new LinkedHashMap<>(js));
        js.put("config", Map.of("code", "return 1", "language", "ts"));
        bad.add(new LinkedHashMap<>(js));
        for (Map<String, Object> body : bad) {
            FunctionHarness.Response r = send("POST", "/actions", manager, body);
            assertTrue(r.status() == 400 || r.status() == 404, body + " → " + r);
            assertFalse(r.json().path("message").asText().isBlank());
        }
        FunctionHarness.Response jsError = send("POST", "/actions", manager, bad.get(bad.size() - 3));
        assertTrue(jsError.json().path("message").asText().contains("does not parse as JavaScript: line 1"), jsError.toString());
        FunctionHarness.Response schemaError = send("POST", "/actions", manager, bad.get(0));
        assertTrue(schemaError.json().path("message").asText().startsWith("inputSchema is not a valid JSON Schema"), schemaError.toString());
        assertStatus(400, send("POST", "/actions", manager, "[1]"));
        assertStatus(400, send("POST", "/actions", manager, "{nope"));
        assertEquals(before, send("GET", "/actions?includeArchived=1&limit=1000", manager, null).json().path("items").size(),
            "nothing was stored");
        assertStatus(404, send("GET", "/actions/bad", manager, null));

        // a change that does not validate leaves the action as it was
        js.put("key", "good-js");
        js.put("config", Map.of("code", "class A { #n = 1; get n() { return this.#n; } }\nmodule.exports = async ({ input }) => new A().n + (input?.x ?? 0)"));
        FunctionHarness.Response good = send("POST", "/actions", manager, js);
        assertStatus(201, good);
        String id = good.json().path("id").asText();
        assertStatus(400, send("PATCH", "/actions/" + id, manager, Map.of("config", Map.of("code", "module.exports = ("))));
        assertStatus(400, send("PATCH", "/actions/" + id, manager, Map.of("inputSchema", Map.of("type", 7))));
        assertStatus(400, send("PATCH", "/actions/" + id, manager, Map.of("integrationKey", "crm")));
        JsonNode after = send("GET", "/actions/" + id, manager, null).json();
        assertEquals(1, after.path("revision").asInt());
        assertEquals(1, send("GET", "/actions/" + id + "/revisions", manager, null).json().path("items").size());
    }

    @Test
    void badBodiesAreRefusedWithEveryProblemAndItsPointer() {
        FunctionHarness.Response r = send("POST", "/actions", manager, Map.of("key", "bad key!", "name", " ", "type", "run-javascript",
            "config", Map.of("code", "return 1")));
        assertStatus(400, r);
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText());
        assertEquals("key " + dev.actgate.shared.json.Bodies.KEY_MESSAGE + "; name must be 1-256 characters", r.json().path("message").asText());
        assertEquals("/key", r.json().path("data").path("violations").path(0).path("pointer").asText(), r.toString());
        assertEquals("/name", r.json().path("data").path("violations").path(1).path("pointer").asText(), r.toString());

        r = send("POST", "/actions", manager, Map.of("type", "run-javascript", "config", Map.of("code", "return 1"), "idempotent", "yes"));
        assertStatus(400, r);
        assertEquals("idempotent must be true or false", r.json().path("message").asText());
        assertEquals("/idempotent", r.json().path("data").path("violations").path(0).path("pointer").asText());

        r = send("POST", "/actions", manager, "{\"type\":\"run-javascript\",\"config\":{\"code\":\"return 1\"},\"owner\":1,\"zap\":2}");
        assertStatus(400, r);
        assertEquals("Unknown field(s): owner, zap", r.json().path("message").asText());
        assertEquals("/zap", r.json().path("data").path("violations").path(1).path("pointer").asText());

        r = send("POST", "/actions", manager, Map.of("type", "run-javascript", "config", List.of(1)));
        assertStatus(400, r);
        assertEquals("config must be a JSON object", r.json().path("message").asText());
        assertEquals("/config", r.json().path("data").path("violations").path(0).path("pointer").asText());

        r = fn.request("POST", "/actions").bearer(manager).send();
        assertStatus(400, r);
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText(), r.toString());
        assertEquals("A JSON object body is required", r.json().path("message").asText(), r.toString());
        assertEquals("caller", r.json().path("attribution").asText(), r.toString());
        r = fn.request("POST", "/actions").bearer(manager).body("application/json", "null").send();
        assertStatus(400, r);
        assertEquals("A JSON object body is required", r.json().path("message").asText(), r.toString());
        r = send("POST", "/actions", manager, "[1]");
        assertStatus(400, r);
        assertEquals("The body must be a JSON object", r.json().path("message").asText(), r.toString());
    }

    @Test
    void patchClearsAFieldSentAsNullAndKeepsTheOnesLeftOut() {
        FunctionHarness.Response created = send("POST", "/actions", manager, Map.of("key", "nullable", "type", "run-javascript",
            "config", Map.of("code", "return 1"), "description", "about", "name", "Nullable", "idempotent", true));
        assertStatus(201, created);
        String id = created.json().path("id").asText();
        JsonNode patched = send("PATCH", "/actions/" + id, manager, "{\"description\":null}").json();
        assertFalse(patched.has("description"), patched.toString());
        assertEquals("Nullable", patched.path("name").asText(), "a field left out is kept");
        assertTrue(patched.path("idempotent").asBoolean(), patched.toString());
        assertEquals(2, patched.path("revision").asInt());
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void catalogActionsAreListedForTheirConnector() {
        JsonNode byApp = send("GET", "/actions?externalAppId=github", alice, null).json();
        assertTrue(field(byApp, "id").contains("github-create-issue"), byApp.toString());
        byApp.path("items").forEach(i -> {
            assertEquals("catalog", i.path("layer").asText());
            assertFalse(i.has("key"), "catalog actions have no key: " + i);
        });
        String saved = send("POST", "/actions", manager, apiAction("label-issue", "/repos/x/labels",
            Map.of("externalAppId", "github"))).json().path("id").asText();
        JsonNode byIntegration = send("GET", "/actions?integrationKey=github", alice, null).json();
        List<String> layers = field(byIntegration, "layer");
        int firstCatalog = layers.indexOf("catalog");
        assertTrue(field(byIntegration, "id").indexOf(saved) >= 0 && field(byIntegration, "id").indexOf(saved) < firstCatalog,
            "saved first, then the catalog: " + byIntegration);
        assertTrue(layers.subList(firstCatalog, layers.size()).stream().allMatch("catalog"::equals));
        assertTrue(field(byIntegration, "id").contains("github-list-repos"));
        assertTrue(field(send("GET", "/actions?connectorKey=github", alice, null).json(), "id").contains(saved));
        assertTrue(field(send("GET", "/integrations/github/actions?search=issue", alice, null).json(), "id").contains("github-create-issue"));
        assertFalse(field(send("GET", "/actions", alice, null).json(), "id").contains("github-create-issue"),
            "no connector named: no catalog actions");
        JsonNode one = send("GET", "/actions/github-create-issue", alice, null).json();
        assertEquals("catalog", one.path("layer").asText(), "catalog actions can be read by id: " + one);
        assertEquals("github", one.path("externalAppId").asText());
        assertStatus(404, send("PATCH", "/actions/github-create-issue", manager, Map.of("name", "x")));
        assertStatus(400, send("POST", "/actions", manager, apiAction("no-app", "/x", Map.of("externalAppId", "slack"))));
        assertStatus(404, send("GET", "/integrations/nope/actions", alice, null));
    }

    @Test
    void listsPageWithACursor() {
        JsonNode first = send("GET", "/actions?externalAppId=github&limit=2", alice, null).json();
        assertEquals(2, first.path("items").size());
        String cursor = first.path("cursor").asText();
        List<String> seen = new ArrayList<>(field(first, "id"));
        while (cursor != null && !cursor.isEmpty()) {
            JsonNode next = send("GET", "/actions?externalAppId=github&limit=2&cursor=" + cursor, alice, null).json();
            seen.addAll(field(next, "id"));
            cursor = next.path("cursor").asText(null);
        }
        assertEquals(field(send("GET", "/actions?externalAppId=github&limit=1000", alice, null).json(), "id"), seen);
        assertStatus(400, send("GET", "/actions?cursor=garbage!", alice, null));
        assertStatus(400, send("GET", "/actions?limit=0", alice, null));
    }

    @Test
    void intentRanksBestFirstWithAScore() {
        send("POST", "/actions", manager, apiAction("archive-deal", "/deals/archive", Map.of("name", "Archive deal",
            "description", "Moves a deal to the archive")));
        send("POST", "/actions", manager, apiAction("send-invoice", "/invoices/send", Map.of("name", "Send invoice",
            "description", "Emails an invoice to the customer")));
        JsonNode ranked = send("GET", "/actions?intent=email%20the%20customer%20their%20invoice", alice, null).json();
        assertEquals("send-invoice", ranked.path("items").get(0).path("key").asText(), ranked.toString());
        double previous = Double.MAX_VALUE;
        for (JsonNode i : ranked.path("items")) {
            assertTrue(i.path("score").asDouble() > 0 && i.path("score").asDouble() <= previous, ranked.toString());
            previous = i.path("score").asDouble();
        }
        assertFalse(field(ranked, "key").contains("archive-deal"), "actions sharing no word with the intent are left out");
        JsonNode onConnection = send("GET", "/connections/alice-crm/actions?intent=archive%20a%20deal", alice, null).json();
        assertEquals("archive-deal", onConnection.path("items").get(0).path("key").asText());
        assertFalse(send("GET", "/actions", alice, null).json().path("items").get(0).has("score"), "no intent, no score");
    }
}
