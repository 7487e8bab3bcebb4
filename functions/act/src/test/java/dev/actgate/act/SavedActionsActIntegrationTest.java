package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved actions run through the real act handler against a real upstream: the override order connection →
 * integration → universal, ambiguity, version pinning (and the revision in the run log), run-javascript actions,
 * the legacy doors, and tenant isolation. Actions are written with the shared ActionService, as the actions
 * function writes them.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=20")
class SavedActionsActIntegrationTest extends ActFixtureBase {
    static String alice;
    static String bob;
    static String carol;
    static ActionService actions;
    static String universalId;
    static String integrationId;
    static String connectionId;

    @BeforeAll
    static void start() {
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        carol = TestWorkspaces.tenantToken(ws, "carol");
        Map<String, Object> auth = Map.of("type", "api-key", "in", "header", "name", "X-Api-Key");
        ActTestSetup.integration(ws, "crm", upstream.baseUrl() + "/crm", auth, Map.of());
        ActTestSetup.integration(ws, "mail", upstream.baseUrl() + "/mail", auth, Map.of());
        ActTestSetup.connection(ws, "alice", "crm", "alice-crm", Map.of("apiKey", "k-alice-crm"), false);
        ActTestSetup.connection(ws, "alice", "mail", "alice-mail", Map.of("apiKey", "k-alice-mail"), false);
        ActTestSetup.connection(ws, "bob", "crm", "bob-crm", Map.of("apiKey", "k-bob-crm"), false);
        actions = act.context().getBean(ActionService.class);
        universalId = create(null, logCall("/universal-calls", Map.of())).path("id").asText();
        integrationId = create(null, logCall("/integration-calls", Map.of("integrationKey", "crm"))).path("id").asText();
        connectionId = create("alice", logCall("/connection-calls", Map.of("connectionKey", "alice-crm"))).path("id").asText();
    }

    @BeforeEach
    void clean() {
        upstream.reset();
    }

    static Caller manager(String tenant) {
        return new Caller(ws.id(), ws.key(), tenant, true);
    }

    static JsonNode create(String tenant, Map<String, Object> body) {
        return TestStorage.JSON.valueToTree(actions.create(manager(tenant), TestStorage.JSON.valueToTree(body), null));
    }

    static Map<String, Object> logCall(String path, Map<String, Object> scope) {
        Map<String, Object> body = new LinkedHashMap<>(scope);
        body.put("key", "log-call");
        body.put("type", "api-request-to-external-app");
        body.put("config", Map.of("request", Map.of("method", "POST", "path", path,
            "body", Map.of("note", Map.of("$var", "$.input.note")))));
        body.put("inputSchema", Map.of("type", "object", "required", List.of("note"),
            "properties", Map.of("note", Map.of("type", "string"))));
        return body;
    }

    FunctionHarness.Response run(String token, Map<String, Object> body) {
        return act.request("POST", "/act").bearer(token).json(body).send();
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.putIfAbsent("input", Map.of("note", "hello"));
        return m;
    }

    static String path(FunctionHarness.Response r) {
        assertEquals(200, r.status(), r.toString());
        return r.json().path("output").path("path").asText();
    }

    RunLog runLog(String tenant, FunctionHarness.Response r) {
        return act.context().getBean(RunLogRepository.class).find(ws.id(), tenant, r.json().path("actionRunId").asText()).orElseThrow();
    }

    @Test
    void aKeyRunsTheMostSpecificActionForTheConnection() {
        assertEquals("/crm/connection-calls", path(run(alice, body("key", "log-call", "connectionKey", "alice-crm"))));
        assertEquals("/mail/universal-calls", path(run(alice, body("key", "log-call", "connectionKey", "alice-mail"))),
            "no override for mail: the universal action");
        assertEquals("/crm/integration-calls", path(run(bob, body("key", "log-call", "connectionKey", "bob-crm"))),
            "bob's connection has no connection-level action: the integration's");
        assertEquals("/crm/connection-calls", path(run(alice, body("key", "log-call", "integrationKey", "crm"))),
            "the integration names alice's only crm connection, whose override applies");
        FunctionHarness.Response r = run(alice, body("key", "log-call", "connectionKey", "alice-crm"));
        RunLog log = runLog("alice", r);
        assertEquals(connectionId, log.resolvedAction().id());
        assertEquals("connection", log.resolvedAction().level());
        assertEquals(1, log.resolvedAction().revision());
        assertEquals("{\"note\":\"hello\"}", upstream.received().get(upstream.received().size() - 1).body(),
            "the saved mapping built the body from the input");
    }

    @Test
    void archivingAnOverrideFallsBackToTheNextLevel() {
        Caller m = manager("alice");
        actions.archive(m, connectionId, ActionService.Qualifiers.none());
        try {
            assertEquals("/crm/integration-calls", path(run(alice, body("key", "log-call", "connectionKey", "alice-crm"))));
            FunctionHarness.Response byId = run(alice, body("id", connectionId, "connectionKey", "alice-crm"));
            assertEquals(404, byId.status(), "archived actions cannot be run: " + byId);
        } finally {
            actions.restore(m, connectionId, ActionService.Qualifiers.none());
        }
        assertEquals("/crm/connection-calls", path(run(alice, body("key", "log-call", "connectionKey", "alice-crm"))));
    }

    @Test
    void aKeyWithoutConnectionOrIntegrationIsAmbiguousWhenItExistsAtSeveralLevels() {
        FunctionHarness.Response r = run(carol, body("key", "log-call"));
        assertEquals(400, r.status(), r.toString());
        assertEquals("ACTION_AMBIGUOUS", r.json().path("code").asText());
        String message = r.json().path("message").asText();
        assertTrue(message.contains("connectionKey") && message.contains("integrationKey"), message);
        assertTrue(r.json().hasNonNull("actionRunId"), "refused runs are logged too");
        assertEquals(0, upstream.received().size());
        create(null, Map.of("key", "only-universal", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "GET", "path", "/u"))));
        assertEquals("CONNECTION_REQUIRED", run(carol, body("key", "only-universal")).json().path("code").asText(),
            "one action with the key: found, then the missing connection is the problem");
    }

    @Test
    void versionsPinOldRevisionsAndTheRunLogRecordsTheRevision() {
        create(null, Map.of("key", "get-deal", "integrationKey", "mail", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "GET", "path", "/deals/v1/{{$.input.id}}"))));
        actions.patch(manager(null), "get-deal", ActionService.Qualifiers.none(), TestStorage.JSON.valueToTree(
            Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/deals/v2/{{$.input.id}}")))));
        Map<String, Object> input = Map.of("id", "d 7");
        FunctionHarness.Response current = run(alice, body("key", "get-deal", "connectionKey", "alice-mail", "input", input));
        assertEquals("/mail/deals/v2/d%207", path(current));
        assertEquals(2, runLog("alice", current).resolvedAction().revision());
        FunctionHarness.Response pinned = run(alice, body("key", "get-deal", "connectionKey", "alice-mail", "input", input, "version", 1));
        assertEquals("/mail/deals/v1/d%207", path(pinned));
        assertEquals(1, runLog("alice", pinned).resolvedAction().revision());
        assertEquals("/mail/deals/v2/d%207", path(run(alice, body("key", "get-deal", "connectionKey", "alice-mail", "input", input,
            "version", 2))));
        FunctionHarness.Response missing = run(alice, body("key", "get-deal", "connectionKey", "alice-mail", "input", input, "version", 3));
        assertEquals(400, missing.status(), missing.toString());
        assertTrue(missing.json().path("message").asText().contains("no version 3"), missing.toString());
        String id = actions.view(manager(null), "get-deal", ActionService.Qualifiers.none(), null).id();
        assertEquals("/mail/deals/v1/d%207", path(run(alice, body("id", id, "connectionKey", "alice-mail", "input", input, "version", 1))));
        assertEquals(400, run(alice, body("id", id, "connectionKey", "alice-mail", "input", input, "version", 9)).status());
    }

    @Test
    void inputIsCheckedAgainstTheSavedSchema() {
        FunctionHarness.Response r = run(alice, body("key", "log-call", "connectionKey", "alice-crm", "input", Map.of("note", 5)));
        assertEquals(400, r.status(), r.toString());
        assertEquals(0, upstream.received().size());
    }

    @Test
    void runJavascriptActionsRunInTheSandbox() {
        create(null, Map.of("key", "double-and-post", "integrationKey", "crm", "type", "run-javascript",
            "config", Map.of("code", "module.exports = async ({ input, api }) => {\n"
                + "  const r = await api.post('/js-calls', { n: input.n });\n"
                + "  return { path: r?.path, doubled: input.n * 2 };\n}")));
        FunctionHarness.Response r = run(bob, body("key", "double-and-post", "connectionKey", "bob-crm", "input", Map.of("n", 21)));
        assertEquals(200, r.status(), r.toString());
        assertEquals(42, r.json().path("output").path("doubled").asInt());
        assertEquals("/crm/js-calls", r.json().path("output").path("path").asText());
        assertEquals("run-javascript", runLog("bob", r).resolvedAction().type());
    }

    @Test
    void theLegacyDoorsResolveSavedActionsTheSameWay() {
        FunctionHarness.Response sdk = act.request("POST", "/actions/log-call/run?connectionKey=alice-mail").bearer(alice)
            .json(Map.of("input", Map.of("note", "x"))).send();
        assertEquals("/mail/universal-calls", path(sdk));
        FunctionHarness.Response perConnection = act.request("POST", "/connections/alice-crm/actions/log-call/run").bearer(alice)
            .json(Map.of("note", "x")).send();
        assertEquals("/crm/connection-calls", path(perConnection));
        FunctionHarness.Response byId = act.request("POST", "/actions/" + integrationId + "/run?connectionKey=bob-crm").bearer(bob)
            .json(Map.of("input", Map.of("note", "x"))).send();
        assertEquals("/crm/integration-calls", path(byId));
    }

    @Test
    void anotherTenantsConnectionLevelActionIsNotFound() {
        FunctionHarness.Response r = run(bob, body("id", connectionId, "connectionKey", "bob-crm"));
        assertEquals(404, r.status(), r.toString());
        assertEquals("ACTION_NOT_FOUND", r.json().path("code").asText());
        assertEquals(0, upstream.received().size());
    }

    @Test
    void universalActionsRunThroughWhicheverConnectionIsNamed() {
        assertEquals("/mail/universal-calls", path(run(alice, body("id", universalId, "connectionKey", "alice-mail"))));
        assertEquals("/crm/universal-calls", path(run(bob, body("id", universalId, "connectionKey", "bob-crm"))),
            "by id the named action runs, even where an override exists");
    }

    @Test
    void anOutputThatDoesNotMatchTheOutputSchemaIsReportedInTheRunLog() {
        create(null, Map.of("key", "typed-output", "integrationKey", "mail", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "GET", "path", "/typed")),
            "outputSchema", Map.of("type", "object", "required", List.of("id"), "properties", Map.of("id", Map.of("type", "string")))));
        upstream.on("/mail/typed", req -> TestUpstream.Reply.json(200, "{\"id\":42}"));
        FunctionHarness.Response r = run(alice, body("key", "typed-output", "connectionKey", "alice-mail"));
        assertEquals(200, r.status(), "a mismatch does not fail the run: " + r);
        assertEquals(42, r.json().path("output").path("id").asInt());
        List<RunLog.ConsoleEntry> console = runLog("alice", r).console();
        assertTrue(console.stream().anyMatch(c -> c.level().equals("warn") && c.message().contains("outputSchema")
            && c.message().contains("/id")), String.valueOf(console));
        upstream.on("/mail/typed", req -> TestUpstream.Reply.json(200, "{\"id\":\"d1\"}"));
        FunctionHarness.Response ok = run(alice, body("key", "typed-output", "connectionKey", "alice-mail"));
        List<RunLog.ConsoleEntry> clean = runLog("alice", ok).console();
        assertTrue(clean == null || clean.isEmpty(), String.valueOf(clean));
    }

    @Test
    void aConnectionLevelActionRunByIdRunsOnItsOwnConnection() {
        assertEquals("/crm/connection-calls", path(run(alice, body("id", connectionId))), "no connection named: its own");
        assertEquals("/crm/connection-calls", path(run(alice, body("id", connectionId, "connectionKey", "alice-crm"))));
        FunctionHarness.Response elsewhere = run(alice, body("id", connectionId, "connectionKey", "alice-mail"));
        assertEquals(400, elsewhere.status(), elsewhere.toString());
        assertEquals("VALIDATION_ERROR", elsewhere.json().path("code").asText());
    }
}
