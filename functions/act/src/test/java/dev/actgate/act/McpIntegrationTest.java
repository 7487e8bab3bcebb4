package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.agents.AgentAccess;
import dev.actgate.shared.agents.ToolNames;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /mcp, GET /tools and POST /tools/execute through the real act handler on DynamoDB Local, against a real HTTP
 * upstream: transport rules (versions, batches, notifications, Origin/Host, 405), auth (401 challenge, manager 403),
 * tools/list (names, descriptions, annotations, filters, stateless cursor paging), tools/call (success, output schema,
 * upstream error, every input violation, disconnected connection, unknown tool, idempotency, replayable run log),
 * tenant isolation, search mode, exports and the workspace setting.
 */
@ActFixtureSettings({"actgate.upstream.backoff-base-ms=20", "actgate.mcp.page-size=3"})
class McpIntegrationTest extends ActFixtureBase {
    static String alice;
    static String bob;
    static String manager;
    static final String ALICE_STRIPE_KEY = "sk_test_alice_4f9c2e";
    static final String ALICE_CRM_KEY = "crm-alice-key-81d3";
    static final String BOB_CRM_KEY = "crm-bob-key-77a1";

    @BeforeAll
    static void start() {
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        manager = TestWorkspaces.managerToken(ws);
        ActTestSetup.integrationFromConnector(ws, "stripe", upstream.baseUrl() + "/stripe");
        Map<String, Object> apiKey = Map.of("type", "api-key", "in", "header", "name", "X-Api-Key");
        ActTestSetup.integration(ws, "crm", upstream.baseUrl() + "/crm", apiKey, Map.of("name", "Acme CRM"));
        ActTestSetup.integration(ws, "mail", upstream.baseUrl() + "/mail", apiKey, Map.of("name", "Mailer"));
        ActTestSetup.connection(ws, "alice", "stripe", "alice-stripe", Map.of("token", ALICE_STRIPE_KEY), false);
        ActTestSetup.connection(ws, "alice", "crm", "alice-crm", Map.of("apiKey", ALICE_CRM_KEY), false);
        ActTestSetup.connection(ws, "alice", "mail", "alice-mail", Map.of("apiKey", "mail-key"), false);
        ActTestSetup.connection(ws, "bob", "crm", "bob-crm", Map.of("apiKey", BOB_CRM_KEY), false);
        ConnectionService connections = act.context().getBean(ConnectionService.class);
        var aliceCaller = new Caller(ws.id(), ws.key(), "alice", false);
        connections.markDisconnected(connections.get(aliceCaller, "alice-mail"), "the app revoked the API key");

        ActionService actions = act.context().getBean(ActionService.class);
        Caller m = new Caller(ws.id(), ws.key(), null, true);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("integrationKey", "crm");
        create.put("key", "create-contact");
        create.put("name", "Create contact");
        create.put("description", "Creates a contact in the CRM.");
        create.put("type", "api-request-to-external-app");
        create.put("config", Map.of("request", Map.of("method", "POST", "path", "/contacts",
            "body", Map.of("name", Map.of("$var", "$.input.name"), "email", Map.of("$var", "$.input.email")))));
        create.put("inputSchema", Map.of("type", "object", "required", List.of("name", "email"), "additionalProperties", false,
            "properties", Map.of("name", Map.of("type", "string"), "email", Map.of("type", "string"), "note", Map.of("type", "string"))));
        create.put("outputSchema", Map.of("type", "object", "required", List.of("id"), "properties", Map.of("id", Map.of("type", "string"))));
        actions.create(m, TestStorage.JSON.valueToTree(create), null);
        actions.create(m, TestStorage.JSON.valueToTree(Map.of("integrationKey", "crm", "key", "delete-contact", "name", "Delete contact",
            "type", "api-request-to-external-app", "config", Map.of("request", Map.of("method", "DELETE", "path", "/contacts/1")))), null);
        actions.create(m, TestStorage.JSON.valueToTree(Map.of("integrationKey", "mail", "key", "send", "name", "Send mail",
            "type", "api-request-to-external-app", "config", Map.of("request", Map.of("method", "POST", "path", "/send")))), null);
    }

    @BeforeEach
    void clean() {
        upstream.reset();
    }

    // ------------------------------------------------------------------ helpers

    static FunctionHarness.Request mcp(String token, String query) {
        FunctionHarness.Request r = act.request("POST", "/mcp" + query).header("Accept", "application/json, text/event-stream");
        return token == null ? r : r.bearer(token);
    }

    static FunctionHarness.Response rpc(String token, String query, String method, Object params) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("jsonrpc", "2.0");
        msg.put("id", 7);
        msg.put("method", method);
        if (params != null) {
            msg.put("params", params);
        }
        return mcp(token, query).header("MCP-Protocol-Version", "2025-11-25").json(msg).send();
    }

    static JsonNode result(FunctionHarness.Response r) {
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(7, j.path("id").asInt(), r.toString());
        assertTrue(j.has("result"), r.toString());
        return j.get("result");
    }

    static JsonNode call(String token, String query, String name, Object args) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("arguments", args);
        return result(rpc(token, query, "tools/call", p));
    }

    static List<JsonNode> allTools(String token, String query) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = result(rpc(token, query, "tools/list", cursor == null ? null : Map.of("cursor", cursor)));
            page.path("tools").forEach(out::add);
            cursor = page.path("nextCursor").asText(null);
            assertTrue(++pages < 100, "paging ends");
        } while (cursor != null);
        return out;
    }

    static Set<String> names(List<JsonNode> tools) {
        Set<String> s = new java.util.TreeSet<>();
        tools.forEach(t -> s.add(t.path("name").asText()));
        return s;
    }

    static JsonNode readTree(String s) {
        try {
            return TestStorage.JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(s, e);
        }
    }

    static String text(JsonNode result) {
        return result.path("content").get(0).path("text").asText();
    }

    // ------------------------------------------------------------------ transport and lifecycle

    @Test
    void initializeAnswersFromTheRequestAloneAndEchoesSupportedVersions() {
        for (String v : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
            FunctionHarness.Response r = mcp(alice, "").json(Map.of("jsonrpc", "2.0", "id", 7, "method", "initialize", "params",
                Map.of("protocolVersion", v, "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1")))).send();
            JsonNode res = result(r);
            assertEquals(v, res.path("protocolVersion").asText());
            assertFalse(res.path("capabilities").path("tools").path("listChanged").asBoolean(true));
            assertEquals("actgate", res.path("serverInfo").path("name").asText());
            assertTrue(r.headers().get("content-type").startsWith("application/json"));
            assertNull(r.headers().get("mcp-session-id"), "stateless: no session id");
        }
        JsonNode other = result(rpc(alice, "", "initialize", Map.of("protocolVersion", "2024-01-01", "capabilities", Map.of())));
        assertEquals("2025-11-25", other.path("protocolVersion").asText(), "an unknown version gets the latest");
        assertEquals(-32602, rpc(alice, "", "initialize", Map.of()).json().path("error").path("code").asInt());
        assertTrue(result(rpc(alice, "", "ping", null)).isEmpty());
    }

    @Test
    void transportRulesGiveTheStatusTheSpecNames() {
        FunctionHarness.Response badVersion = mcp(alice, "").header("MCP-Protocol-Version", "1999-01-01")
            .json(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")).send();
        assertEquals(400, badVersion.status(), badVersion.toString());
        FunctionHarness.Response batch = mcp(alice, "").json(List.of(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"))).send();
        assertEquals(400, batch.status());
        assertEquals(-32600, batch.json().path("error").path("code").asInt());
        FunctionHarness.Response notification = mcp(alice, "").json(Map.of("jsonrpc", "2.0", "method", "notifications/initialized")).send();
        assertEquals(202, notification.status());
        assertTrue(notification.body() == null || notification.body().isEmpty(), notification.toString());
        assertEquals(202, mcp(alice, "").json(Map.of("jsonrpc", "2.0", "id", 3, "result", Map.of())).send().status(), "a response");
        FunctionHarness.Response parse = mcp(alice, "").body("application/json", "{not json").send();
        assertEquals(400, parse.status());
        assertEquals(-32700, parse.json().path("error").path("code").asInt());
        assertEquals("MALFORMED_JSON", parse.json().path("code").asText(), "refusals carry actgate's error fields too");
        assertEquals("caller", parse.json().path("attribution").asText());
        FunctionHarness.Response unknown = rpc(alice, "", "resources/list", null);
        assertEquals(200, unknown.status(), "JSON-RPC errors travel with 200");
        assertEquals(-32601, unknown.json().path("error").path("code").asInt());
        assertEquals(400, mcp(alice, "").json(Map.of("jsonrpc", "2.0", "id", Map.of("x", 1), "method", "ping")).send().status());
        assertEquals(415, mcp(alice, "").body("text/plain", "{}").send().status());
        assertEquals(406, act.request("POST", "/mcp").bearer(alice).header("Accept", "text/event-stream")
            .json(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")).send().status());

        for (String method : List.of("GET", "DELETE")) {
            FunctionHarness.Response r = act.request(method, "/mcp").bearer(alice).header("Accept", "text/event-stream").send();
            assertEquals(405, r.status(), method + " " + r);
            assertEquals("POST", r.headers().get("allow"));
        }
    }

    @Test
    void originAndHostAreChecked() {
        Map<String, Object> ping = Map.of("jsonrpc", "2.0", "id", 1, "method", "ping");
        assertEquals(403, mcp(alice, "").header("Origin", "http://evil.example.com").json(ping).send().status());
        assertEquals(403, mcp(alice, "").header("Host", "evil.example.com").header("Origin", "http://evil.example.com").json(ping).send().status());
        assertEquals(403, mcp(alice, "").header("Host", "evil.example.com").json(ping).send().status());
        assertEquals(403, mcp(null, "").header("Host", "evil.example.com").json(ping).send().status(), "before auth");
        assertEquals(200, mcp(alice, "").header("Host", "localhost:8080").header("Origin", "http://localhost:3000").json(ping).send().status());
        assertEquals(200, mcp(alice, "").header("Host", "abc123.execute-api.eu-west-1.amazonaws.com").json(ping).send().status());
    }

    @Test
    void authIsTheWorkspaceBearerTokenOfOneTenant() {
        Map<String, Object> ping = Map.of("jsonrpc", "2.0", "id", 1, "method", "ping");
        FunctionHarness.Response none = mcp(null, "").json(ping).send();
        assertEquals(401, none.status());
        assertTrue(none.headers().get("www-authenticate").startsWith("Bearer error=\"invalid_token\""), none.headers().toString());
        assertEquals("UNAUTHORIZED", none.json().path("code").asText());
        FunctionHarness.Response bad = mcp("not.a.jwt", "").json(ping).send();
        assertEquals(401, bad.status());
        assertTrue(bad.headers().get("www-authenticate").contains("invalid_token"));
        assertEquals(401, mcp(null, "?token=" + alice).json(ping).send().status(), "no token in URLs");
        assertEquals(403, mcp(manager, "").json(ping).send().status());
        assertEquals(403, mcp(TestWorkspaces.managerToken(ws, "alice"), "").json(ping).send().status(), "manager with a tenant too");
        assertEquals(401, act.request("GET", "/tools").send().status());
        assertEquals(403, act.request("GET", "/tools").bearer(manager).send().status());
        assertEquals(403, act.request("POST", "/tools/execute").bearer(manager).json(Map.of("name", "x")).send().status());
    }

    // ------------------------------------------------------------------ tools/list

    @Test
    void toolsListShowsTheTenantsReadyConnectionsActionsWithGoodDefinitions() {
        List<JsonNode> tools = allTools(alice, "");
        Set<String> names = names(tools);
        assertEquals(tools.size(), names.size(), "names are unique");
        assertTrue(names.containsAll(Set.of("stripe_get-customer", "stripe_create-customer", "stripe_list-charges",
            "crm_create-contact", "crm_delete-contact")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("mail_")), "a disconnected connection's actions are not listed");
        List<String> order = tools.stream().map(t -> t.path("name").asText()).toList();
        assertEquals(order.stream().sorted().toList(), order, "deterministic order");
        for (JsonNode t : tools) {
            String n = t.path("name").asText();
            assertTrue(ToolNames.VALID.matcher(n).matches(), n);
            assertFalse(t.path("description").asText().isBlank(), n);
            assertEquals("object", t.path("inputSchema").path("type").asText(), n);
            assertTrue(t.path("annotations").path("openWorldHint").asBoolean(), n);
        }
        JsonNode get = tool(tools, "stripe_get-customer");
        assertTrue(get.path("annotations").path("readOnlyHint").asBoolean());
        assertTrue(get.path("annotations").path("idempotentHint").asBoolean());
        assertTrue(get.path("description").asText().contains("Stripe") && get.path("description").asText().contains("alice-stripe"),
            get.path("description").asText());
        JsonNode del = tool(tools, "crm_delete-contact");
        assertFalse(del.path("annotations").path("readOnlyHint").asBoolean());
        assertTrue(del.path("annotations").path("destructiveHint").asBoolean());
        JsonNode create = tool(tools, "crm_create-contact");
        assertFalse(create.path("annotations").path("destructiveHint").asBoolean(true));
        assertEquals("object", create.path("outputSchema").path("type").asText());
        assertTrue(create.path("description").asText().contains("Acme CRM"));
        assertEquals(allTools(alice, ""), tools, "the same list again");
    }

    static JsonNode tool(List<JsonNode> tools, String name) {
        return tools.stream().filter(t -> t.path("name").asText().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void pagesFollowAStatelessCursorBoundToTheFilters() {
        JsonNode first = result(rpc(alice, "", "tools/list", null));
        assertEquals(3, first.path("tools").size(), "page size 3 in this test");
        String cursor = first.path("nextCursor").asText(null);
        assertNotNull(cursor);
        JsonNode again = result(rpc(alice, "", "tools/list", Map.of("cursor", cursor)));
        assertEquals(result(rpc(alice, "", "tools/list", Map.of("cursor", cursor))), again, "a cursor works any number of times");
        assertTrue(again.path("tools").get(0).path("name").asText().compareTo(first.path("tools").get(2).path("name").asText()) > 0);
        FunctionHarness.Response otherFilter = rpc(alice, "?integrationKey=stripe", "tools/list", Map.of("cursor", cursor));
        assertEquals(-32602, otherFilter.json().path("error").path("code").asInt(), otherFilter.toString());
        assertEquals(-32602, rpc(alice, "", "tools/list", Map.of("cursor", "%%%")).json().path("error").path("code").asInt());
        assertEquals(-32602, rpc(alice, "", "tools/list", Map.of("cursor", "dDE6YWJjOmZvbw")).json().path("error").path("code").asInt());
    }

    @Test
    void urlFiltersNarrowTheList() {
        assertTrue(names(allTools(alice, "?integrationKey=crm")).stream().allMatch(n -> n.startsWith("crm_")));
        assertEquals(Set.of("crm_create-contact", "crm_delete-contact"), names(allTools(alice, "?connectionKey=alice-crm")));
        assertEquals(Set.of("crm_create-contact", "stripe_get-customer"),
            names(allTools(alice, "?actions=create-contact,stripe-get-customer")));
        assertTrue(names(allTools(alice, "?connectionKey=alice-stripe,alice-crm")).size() > 5);
        assertEquals(Set.of(), names(allTools(alice, "?integrationKey=nothing")));
        assertEquals(400, mcp(alice, "?mode=dynamic").json(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")).send().status());
    }

    // ------------------------------------------------------------------ tools/call

    @Test
    void aCatalogActionRunsThroughTheEngineWithAReplayableRunLog() {
        JsonNode r = call(alice, "", "stripe_get-customer", Map.of("customerId", "cus_42"));
        assertFalse(r.path("isError").asBoolean(), r.toString());
        JsonNode output = readTree(text(r));
        assertEquals("/stripe/customers/cus_42", output.path("path").asText());
        assertEquals("Bearer " + ALICE_STRIPE_KEY, upstream.received().get(0).header("authorization"));
        String runId = r.path("_meta").path("dev.actgate/actionRunId").asText();
        RunLog log = act.context().getBean(RunLogRepository.class).find(ws.id(), "alice", runId).orElseThrow();
        assertEquals("mcp", log.door());
        assertEquals("stripe-get-customer", log.action().path("id").asText());
        assertEquals("cus_42", log.action().path("input").path("customerId").asText());
        assertFalse(log.toString().contains(ALICE_STRIPE_KEY), "the key is redacted");
        FunctionHarness.Response replay = act.request("POST", "/act").bearer(alice).json(log.action()).send();
        assertEquals(200, replay.status(), replay.toString());
        assertEquals("/stripe/customers/cus_42", replay.json().path("output").path("path").asText());
    }

    @Test
    void anActionWithAnOutputSchemaReturnsStructuredContent() {
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":\"c_1\",\"name\":\"Ada\"}"));
        JsonNode r = call(alice, "", "crm_create-contact", Map.of("name", "Ada", "email", "ada@example.com"));
        assertFalse(r.path("isError").asBoolean(), r.toString());
        assertEquals("c_1", r.path("structuredContent").path("id").asText());
        assertEquals(ALICE_CRM_KEY, upstream.received().get(0).header("x-api-key"));
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":42}"));
        JsonNode wrong = call(alice, "", "crm_create-contact", Map.of("name", "Ada", "email", "ada@example.com"));
        assertTrue(wrong.path("isError").asBoolean(), "output that breaks the outputSchema is not passed off as structuredContent");
        assertFalse(wrong.has("structuredContent"));
        assertTrue(text(wrong).contains("outputSchema"), text(wrong));
    }

    @Test
    void failuresAreErrorResultsWithReadableText() {
        upstream.on("/crm/contacts", req -> Reply.json(422, "{\"error\":\"email already taken\"}"));
        JsonNode upstreamError = call(alice, "", "crm_create-contact", Map.of("name", "Ada", "email", "ada@example.com"));
        assertTrue(upstreamError.path("isError").asBoolean());
        assertTrue(text(upstreamError).contains("422") && text(upstreamError).contains("email already taken"), text(upstreamError));
        assertEquals("UPSTREAM_ERROR", upstreamError.path("_meta").path("dev.actgate/error").path("code").asText());

        upstream.reset();
        JsonNode invalid = call(alice, "", "crm_create-contact", Map.of("email", 5, "extra", true));
        assertTrue(invalid.path("isError").asBoolean());
        String t = text(invalid);
        assertTrue(t.contains("/name") && t.contains("/email") && t.contains("'extra'"), "every violation is listed: " + t);
        assertTrue(t.contains("3 problems"), t);
        assertEquals(0, upstream.received().size(), "nothing was sent");

        JsonNode disconnected = call(alice, "", "mail_send", Map.of());
        assertTrue(disconnected.path("isError").asBoolean());
        assertTrue(text(disconnected).contains("disconnected") && text(disconnected).contains("reconnect"), text(disconnected));
        assertTrue(text(disconnected).contains("revoked"), "the reason: " + text(disconnected));
        assertEquals(0, upstream.received().size());

        FunctionHarness.Response unknown = rpc(alice, "", "tools/call", Map.of("name", "nope_nothing", "arguments", Map.of()));
        assertEquals(200, unknown.status());
        assertEquals(-32602, unknown.json().path("error").path("code").asInt());
        assertTrue(unknown.json().path("error").path("message").asText().contains("Unknown tool"));
        assertEquals(-32602, rpc(alice, "", "tools/call", Map.of("name", "stripe_get-customer", "arguments", "x")).json()
            .path("error").path("code").asInt());
        assertEquals(-32602, rpc(alice, "", "tools/call", Map.of("arguments", Map.of())).json().path("error").path("code").asInt());
        assertEquals(-32602, rpc(alice, "?connectionKey=alice-crm", "tools/call", Map.of("name", "stripe_get-customer"))
            .json().path("error").path("code").asInt(), "a tool outside the URL's filters cannot be called there");
    }

    @Test
    void anIdempotencyKeyInMetaRunsTheActionOnce() {
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":\"c_9\"}"));
        Map<String, Object> p = Map.of("name", "crm_create-contact", "arguments", Map.of("name", "Ada", "email", "a@x.io"),
            "_meta", Map.of("idempotencyKey", "agent-call-1"));
        JsonNode first = result(rpc(alice, "", "tools/call", p));
        JsonNode second = result(rpc(alice, "", "tools/call", p));
        assertEquals(1, upstream.received("/crm/contacts").size(), "one write");
        assertEquals(first.path("_meta").path("dev.actgate/actionRunId"), second.path("_meta").path("dev.actgate/actionRunId"));
        assertEquals("c_9", second.path("structuredContent").path("id").asText());
    }

    @Test
    void tenantBSeesAndCallsOnlyItsOwnTools() {
        List<JsonNode> bobs = allTools(bob, "");
        Set<String> names = names(bobs);
        assertEquals(Set.of("crm_create-contact", "crm_delete-contact"), names);
        assertFalse(bobs.toString().contains("alice"), "nothing of alice's connections");
        FunctionHarness.Response stripe = rpc(bob, "", "tools/call", Map.of("name", "stripe_get-customer",
            "arguments", Map.of("customerId", "cus_1")));
        assertEquals(-32602, stripe.json().path("error").path("code").asInt(), "alice's tool is unknown for bob");
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":\"c_bob\"}"));
        JsonNode r = call(bob, "", "crm_create-contact", Map.of("name", "Bo", "email", "bo@x.io"));
        assertFalse(r.path("isError").asBoolean(), r.toString());
        assertEquals(BOB_CRM_KEY, upstream.received().get(0).header("x-api-key"), "the same name runs on bob's own connection");
        assertEquals(404, act.request("POST", "/tools/execute").bearer(bob).json(Map.of("name", "stripe_get-customer")).send().status());
    }

    @Test
    void twoConnectionsToOneIntegrationGetDistinctStableNames() {
        ActTestSetup.connection(ws, "erin", "crm", "erin-main", Map.of("apiKey", "erin-main-key"), false);
        ActTestSetup.connection(ws, "erin", "crm", "erin-second", Map.of("apiKey", "erin-second-key"), false);
        ActTestSetup.patchConnection(ws, "erin", "erin-main", Map.of("isDefault", true));
        String erin = TestWorkspaces.tenantToken(ws, "erin");
        Set<String> names = names(allTools(erin, ""));
        assertEquals(Set.of("crm_create-contact", "crm_delete-contact", "erin-second_create-contact", "erin-second_delete-contact"),
            names, "the default connection keeps the integration prefix, the other one is named by its key");
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":\"c_e\"}"));
        call(erin, "", "erin-second_create-contact", Map.of("name", "E", "email", "e@x.io"));
        assertEquals("erin-second-key", upstream.received().get(0).header("x-api-key"));
    }

    @Test
    void aCachedListNeverRunsWhatTheTenantNoLongerHas() {
        ActTestSetup.connection(ws, "dave", "crm", "dave-crm", Map.of("apiKey", "dave-key"), false);
        ActionService actions = act.context().getBean(ActionService.class);
        Caller asDave = new Caller(ws.id(), ws.key(), "dave", true);
        actions.create(asDave, TestStorage.JSON.valueToTree(Map.of("connectionKey", "dave-crm", "key", "temp", "name", "Temporary",
            "type", "api-request-to-external-app", "config", Map.of("request", Map.of("method", "POST", "path", "/temp")))), null);
        String dave = TestWorkspaces.tenantToken(ws, "dave");
        assertTrue(names(allTools(dave, "")).contains("crm_temp"));
        actions.archive(asDave, "temp", new ActionService.Qualifiers(null, null, null, "dave-crm", null));
        JsonNode r = call(dave, "", "crm_temp", Map.of());   // still in the warm list for a few seconds
        assertTrue(r.path("isError").asBoolean(), r.toString());
        assertEquals("ACTION_NOT_FOUND", r.path("_meta").path("dev.actgate/error").path("code").asText(), r.toString());
        assertEquals(0, upstream.received("/crm/temp").size(), "the engine resolved the action afresh: nothing ran");
    }

    // ------------------------------------------------------------------ search mode

    @Test
    void searchModeOffersThreeStatelessMetaTools() {
        assertEquals(Set.of("list_connections", "run_action", "search_actions"), names(allTools(alice, "?mode=search")));
        JsonNode found = call(alice, "?mode=search", "search_actions", Map.of("query", "create a new customer"));
        JsonNode results = found.path("structuredContent").path("results");
        assertEquals("stripe_create-customer", results.get(0).path("name").asText(), found.toString());
        assertEquals("READY", results.get(0).path("connectionState").asText());
        assertTrue(results.get(0).path("inputSchema").isObject());
        JsonNode mail = call(alice, "?mode=search", "search_actions", Map.of("query", "send mail"));
        assertEquals("DISCONNECTED", mail.path("structuredContent").path("results").get(0).path("connectionState").asText());

        JsonNode ran = call(alice, "?mode=search", "run_action", Map.of("action", "stripe_get-customer", "input", Map.of("customerId", "cus_7")));
        assertFalse(ran.path("isError").asBoolean(), ran.toString());
        assertTrue(text(ran).contains("/stripe/customers/cus_7"));
        JsonNode byKey = call(alice, "?mode=search", "run_action", Map.of("action", "stripe-get-customer", "connection", "alice-stripe",
            "input", Map.of("customerId", "cus_8")));
        assertFalse(byKey.path("isError").asBoolean(), byKey.toString());
        JsonNode missing = call(alice, "?mode=search", "run_action", Map.of("action", "nothing-like-this"));
        assertTrue(missing.path("isError").asBoolean());
        assertTrue(text(missing).contains("search_actions"));

        JsonNode conns = call(alice, "?mode=search", "list_connections", Map.of());
        JsonNode list = conns.path("structuredContent").path("connections");
        assertEquals(3, list.size(), conns.toString());
        JsonNode m = null;
        for (JsonNode c : list) {
            if (c.path("key").asText().equals("alice-mail")) {
                m = c;
            }
        }
        assertNotNull(m);
        assertEquals("DISCONNECTED", m.path("state").asText());
        assertTrue(m.path("whatToDo").asText().contains("reconnect"));
        assertEquals(Set.of("list_connections", "run_action", "search_actions"), names(allTools(bob, "?mode=search")));
        JsonNode bobSearch = call(bob, "?mode=search", "search_actions", Map.of("query", "customer"));
        assertFalse(bobSearch.toString().contains("stripe"), "search sees only the caller's tools");
    }

    // ------------------------------------------------------------------ GET /tools, POST /tools/execute

    @Test
    void toolsExportInEveryFormatWithTheSameNames() {
        Set<String> mcpNames = names(allTools(alice, ""));
        for (String format : List.of("mcp", "openai-chat", "openai-responses", "anthropic")) {
            FunctionHarness.Response r = act.request("GET", "/tools?format=" + format).bearer(alice).send();
            assertEquals(200, r.status(), r.toString());
            Set<String> exported = new HashSet<>();
            for (JsonNode t : r.json().path("tools")) {
                exported.add(format.equals("openai-chat") ? t.path("function").path("name").asText() : t.path("name").asText());
                switch (format) {
                    case "openai-chat" -> {
                        assertEquals("function", t.path("type").asText());
                        assertTrue(t.path("function").path("parameters").isObject());
                    }
                    case "openai-responses" -> assertFalse(t.path("strict").asBoolean(true), "strict:false said explicitly");
                    case "anthropic" -> assertEquals("object", t.path("input_schema").path("type").asText());
                    default -> assertTrue(t.has("inputSchema"));
                }
            }
            assertEquals(mcpNames, exported, format);
        }
        FunctionHarness.Response strict = act.request("GET", "/tools?format=openai-chat&strict=true").bearer(alice).send();
        assertEquals(200, strict.status(), strict.toString());
        for (JsonNode t : strict.json().path("tools")) {
            JsonNode f = t.path("function");
            if (f.path("strict").asBoolean()) {
                JsonNode p = f.path("parameters");
                assertFalse(p.path("additionalProperties").asBoolean(true), f.toString());
                assertEquals(p.path("properties").size(), p.path("required").size(), "every property required: " + f);
            }
        }
        JsonNode create = strict.json().path("tools").findParents("function").stream().map(t -> t.path("function"))
            .filter(f -> f.path("name").asText().equals("crm_create-contact")).findFirst().orElseThrow();
        assertTrue(create.path("strict").asBoolean());
        assertEquals("[\"string\",\"null\"]", create.path("parameters").path("properties").path("note").path("type").toString());
        for (JsonNode n : strict.json().path("notStrict")) {
            assertFalse(n.path("reason").asText().isBlank());
        }
        assertEquals(400, act.request("GET", "/tools?format=xml").bearer(alice).send().status());
        assertEquals(Set.of("crm_create-contact", "crm_delete-contact"),
            names(listOf(act.request("GET", "/tools?connectionKey=alice-crm").bearer(alice).send().json().path("tools"))));
    }

    static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void toolsExecuteRunsAModelToolCallStraightThrough() {
        FunctionHarness.Response r = act.request("POST", "/tools/execute").bearer(alice)
            .json(Map.of("name", "stripe_get-customer", "arguments", "{\"customerId\":\"cus_5\"}")).send();
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.json().path("isError").asBoolean());
        assertTrue(text(r.json()).contains("/stripe/customers/cus_5"));
        // a strict model sends null for optional fields it leaves out: they reach the action as absent
        upstream.on("/crm/contacts", req -> Reply.json(201, "{\"id\":\"c_2\"}"));
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", "Ada");
        args.put("email", "a@x.io");
        args.put("note", null);
        FunctionHarness.Response nulls = act.request("POST", "/tools/execute").bearer(alice)
            .json(Map.of("name", "crm_create-contact", "arguments", args)).send();
        assertFalse(nulls.json().path("isError").asBoolean(), nulls.toString());
        FunctionHarness.Response bad = act.request("POST", "/tools/execute").bearer(alice)
            .json(Map.of("name", "crm_create-contact", "arguments", Map.of())).send();
        assertEquals(200, bad.status());
        assertTrue(bad.json().path("isError").asBoolean());
        assertEquals(404, act.request("POST", "/tools/execute").bearer(alice).json(Map.of("name", "nope")).send().status());
        assertEquals(400, act.request("POST", "/tools/execute").bearer(alice).json(Map.of("name", "stripe_get-customer",
            "arguments", "[1")).send().status());
        RunLog log = act.context().getBean(RunLogRepository.class)
            .find(ws.id(), "alice", r.json().path("_meta").path("dev.actgate/actionRunId").asText()).orElseThrow();
        assertEquals("tools", log.door());
    }

    // ------------------------------------------------------------------ workspace setting

    @Test
    void theWorkspaceDecidesWhatAgentsSee() {
        Workspace other = TestWorkspaces.create();
        var service = TestWorkspaces.service();
        service.save(new Workspace(other.id(), other.key(), other.name(), other.secrets(), other.publicKeys(),
            other.settings().withAgents(new AgentAccess(AgentAccess.SAVED, true)), other.createdAt(), other.version() + 1));
        ActTestSetup.integrationFromConnector(other, "stripe", upstream.baseUrl() + "/stripe");
        ActTestSetup.integration(other, "crm", upstream.baseUrl() + "/crm", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"),
            Map.of());
        ActTestSetup.connection(other, "carol", "stripe", "carol-stripe", Map.of("token", "sk_carol"), false);
        ActTestSetup.connection(other, "carol", "crm", "carol-crm", Map.of("apiKey", "carol-key"), false);
        String carol = TestWorkspaces.tenantToken(other, "carol");
        Set<String> names = names(allTools(carol, ""));
        assertEquals(Set.of("api_request"), names, "no saved actions in this workspace, catalog off, api_request on");
        JsonNode r = call(carol, "", "api_request", Map.of("connection", "carol-crm", "method", "GET", "path", "/ping"));
        assertFalse(r.path("isError").asBoolean(), r.toString());
        assertEquals("carol-key", upstream.received().get(0).header("x-api-key"));
        assertTrue(call(carol, "", "api_request", Map.of("method", "GET")).path("isError").asBoolean());
        assertFalse(names(allTools(alice, "")).contains("api_request"), "off by default");
    }
}
