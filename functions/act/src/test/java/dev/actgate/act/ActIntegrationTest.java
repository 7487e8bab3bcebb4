package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /act and the other doors, through the real act handler, against a real HTTP upstream on 127.0.0.1 and the
 * connections handler (to set connections up the way users do).
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=20")
class ActIntegrationTest extends ActFixtureBase {
    static FunctionHarness setup;
    static String alice;
    static String manager;
    static final String API_KEY = "todo-key-7f3a9c2e51";

    @BeforeAll
    static void start() {
        setup = act;
        alice = TestWorkspaces.tenantToken(ws, "alice");
        manager = TestWorkspaces.managerToken(ws);
        ActTestSetup.integration(ws, "todos", upstream.baseUrl() + "/v1", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"),
            Map.of("readTimeoutMs", 800));
        ActTestSetup.connection(ws, "alice", "todos", "todo-main", Map.of("apiKey", API_KEY), false);
    }

    @BeforeEach
    void clean() {
        upstream.reset();
    }

    FunctionHarness.Response post(Object body) {
        return act.request("POST", "/act").bearer(alice).json(body).send();
    }

    static Map<String, Object> api(String method, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("path", path);
        return m;
    }

    RunLog runLog(String id) {
        return act.context().getBean(RunLogRepository.class).find(ws.id(), "alice", id).orElseThrow();
    }

    @Test
    void inlineApiGoesThroughTheConnectionsAuthAndBaseUrl() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("limit", 5);
        query.put("done", false);
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "api", Map.of("method", "GET", "path", "/items",
            "query", query)));
        assertEquals(200, r.status(), r.toString());
        JsonNode out = r.json();
        assertNotNull(out.path("actionRunId").asText(null));
        assertEquals("/v1/items", out.path("output").path("path").asText());
        assertEquals("limit=5&done=false", out.path("output").path("query").asText(), "query sent in the caller's order");
        TestUpstream.Received got = upstream.received().get(0);
        assertEquals(API_KEY, got.header("x-api-key"));
        RunLog log = runLog(out.path("actionRunId").asText());
        assertEquals("success", log.status());
        assertEquals(1, log.attempts());
        assertFalse(log.exchanges().toString().contains(API_KEY), "the key is redacted in the run log");
        assertEquals("todo-main", log.action().path("connectionKey").asText(), "the log keeps the /act body for replay");
    }

    @Test
    void exactlyOneDispatchField() {
        assertEquals("VALIDATION_ERROR", post(Map.of("connectionKey", "todo-main")).json().path("code").asText());
        FunctionHarness.Response two = post(Map.of("connectionKey", "todo-main", "code", "module.exports=()=>1", "api", api("GET", "/")));
        assertEquals(400, two.status());
        assertEquals(400, post(Map.of("connectionKey", "todo-main", "api", api("GET", "/"), "bogus", true)).status());
        assertEquals(400, post(Map.of("connectionKey", "todo-main", "api", Map.of("path", "/x"))).status(), "method required");
        assertEquals(400, post(Map.of("connectionKey", "todo-main", "api", Map.of("method", "TRACE", "path", "/x"))).status());
        assertEquals(0, upstream.received().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example/x", "https://169.254.169.254/latest/meta-data", "//evil.example/x",
        "/../admin", "/v1/../../etc/passwd", "/%2e%2e/secret", "/%2E%2E%2Fsecret", "/a/%252e%252e/b", "\\\\evil.example",
        "/a\\b", "/user@evil.example", "@evil.example/x", "/a%00b", "/a%0d%0aX-Injected:1", "/a\nb", "/a#frag",
        "javascript:alert(1)", "file:///etc/passwd", " http://evil.example", "/％２ｅ％２ｅ/x", "/a/.%2e/b", "/a/%2e/b",
        "HTTP://EVIL.EXAMPLE", "/%5c%5cevil.example", "/a/..;/b"})
    void hostilePathsAre400WithNoRequest(String path) {
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "api", api("GET", path)));
        assertEquals(400, r.status(), path + " → " + r);
        assertEquals("UNSAFE_REQUEST_PATH", r.json().path("code").asText(), path);
        assertNotNull(r.json().path("actionRunId").asText(null), "refused dispatches still get a run log");
        assertEquals(0, upstream.received().size(), "no outbound request for " + path);
    }

    @Test
    void callerHeadersCannotOverrideAuth() {
        for (String header : List.of("Authorization", "X-Api-Key", "x-api-key", "Cookie", "Host")) {
            Map<String, Object> spec = api("GET", "/items");
            spec.put("headers", Map.of(header, "mine"));
            assertEquals(400, post(Map.of("connectionKey", "todo-main", "api", spec)).status(), header);
        }
        assertEquals(0, upstream.received().size());
        Map<String, Object> ok = api("GET", "/items");
        ok.put("headers", Map.of("X-Trace", "t1"));
        assertEquals(200, post(Map.of("connectionKey", "todo-main", "api", ok)).status());
        assertEquals("t1", upstream.received().get(0).header("x-trace"));
    }

    @Test
    void upstreamErrorsAreAttributedToTheExternalApp() {
        upstream.on("/v1/missing", r -> Reply.json(404, "{\"error\":\"no such item\"}"));
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "api", api("GET", "/missing")));
        assertEquals(424, r.status(), r.toString());
        JsonNode e = r.json();
        assertEquals("action_run", e.path("type").asText());
        assertEquals("UPSTREAM_ERROR", e.path("code").asText());
        assertEquals("external_app", e.path("attribution").asText());
        assertEquals(404, e.path("data").path("status").asInt());
        assertEquals("no such item", e.path("data").path("body").path("error").asText());
        RunLog log = runLog(e.path("actionRunId").asText());
        assertEquals("error", log.status());
        assertEquals(404, log.exchanges().get(0).status());
        assertTrue(log.exchanges().get(0).responseBody().contains("no such item"));
    }

    @Test
    void idempotentRequestsAreRetriedOn503ButPostsAreNot() {
        upstream.sequence("/v1/flaky", Reply.json(503, "{}"), Reply.json(200, "{\"ok\":true}"));
        FunctionHarness.Response get = post(Map.of("connectionKey", "todo-main", "api", api("GET", "/flaky")));
        assertEquals(200, get.status(), get.toString());
        assertTrue(get.json().path("output").path("ok").asBoolean());
        assertEquals(2, upstream.received("/v1/flaky").size());
        assertEquals(2, runLog(get.json().path("actionRunId").asText()).attempts());

        upstream.reset();
        upstream.sequence("/v1/flaky", Reply.json(503, "{}"), Reply.json(200, "{\"ok\":true}"));
        FunctionHarness.Response postRequest = post(Map.of("connectionKey", "todo-main", "api", api("POST", "/flaky")));
        assertEquals(424, postRequest.status());
        assertEquals(503, postRequest.json().path("data").path("status").asInt());
        assertEquals(1, upstream.received("/v1/flaky").size(), "a POST is not repeated");
    }

    @Test
    void aTimedOutPostIsInDoubtAndNotRepeated() {
        upstream.on("/v1/slow", r -> Reply.json(200, "{}").delayed(2_000));
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "api", api("POST", "/slow")));
        assertEquals(504, r.status(), r.toString());
        assertEquals("IN_DOUBT", r.json().path("code").asText());
        assertEquals("in_doubt", r.json().path("data").path("outcome").asText());
        assertEquals(1, upstream.received("/v1/slow").size());
        assertEquals("in_doubt", runLog(r.json().path("actionRunId").asText()).outcome());
    }

    @Test
    void connectionResolutionOrder() {
        Workspace w = TestWorkspaces.create();
        String t = TestWorkspaces.tenantToken(w, "dana");
        ActTestSetup.integration(w, "echo", upstream.baseUrl(), Map.of("type", "bearer"), Map.of());
        ActTestSetup.integration(w, "other", upstream.baseUrl(), Map.of("type", "bearer"), Map.of());
        FunctionHarness.Request noConn = act.request("POST", "/act").bearer(t).json(Map.of("api", api("GET", "/x")));
        FunctionHarness.Response none = noConn.send();
        assertEquals(400, none.status());
        assertEquals("CONNECTION_REQUIRED", none.json().path("code").asText());

        String first = ActTestSetup.connection(w, "dana", "echo", "echo-1", Map.of("token", "tok-one-111111"), false);
        JsonNode byIntegration = act.request("POST", "/act").bearer(t).json(Map.of("integrationKey", "echo", "api", api("GET", "/x")))
            .send().json();
        assertEquals("Bearer tok-one-111111", byIntegration.path("output").path("authorization").asText(), "its only connection");

        ActTestSetup.connection(w, "dana", "echo", "echo-2", Map.of("token", "tok-two-222222"), false);
        FunctionHarness.Response ambiguous = act.request("POST", "/act").bearer(t).json(Map.of("integrationKey", "echo",
            "api", api("GET", "/x"))).send();
        assertEquals(400, ambiguous.status());
        assertEquals("CONNECTION_AMBIGUOUS", ambiguous.json().path("code").asText());
        assertEquals(2, ambiguous.json().path("data").path("connections").size());

        ActTestSetup.patchConnection(w, "dana", "echo-2", Map.of("isDefault", true));
        JsonNode chosen = act.request("POST", "/act").bearer(t).json(Map.of("integrationKey", "echo", "api", api("GET", "/x"))).send().json();
        assertEquals("Bearer tok-two-222222", chosen.path("output").path("authorization").asText(), "the one marked default");

        JsonNode byId = act.request("POST", "/act").bearer(t).json(Map.of("connectionId", first, "integrationKey", "echo",
            "api", api("GET", "/x"))).send().json();
        assertEquals("Bearer tok-one-111111", byId.path("output").path("authorization").asText(), "connectionId wins");

        ActTestSetup.connection(w, "dana", "other", "other-1", Map.of("token", "tok-three-3333"), true);
        JsonNode byDefault = act.request("POST", "/act").bearer(t).json(Map.of("api", api("GET", "/x"))).send().json();
        assertEquals("Bearer tok-three-3333", byDefault.path("output").path("authorization").asText(), "the tenant default");

        assertEquals("CONNECTION_NOT_FOUND", act.request("POST", "/act").bearer(t).json(Map.of("connectionKey", "nope",
            "api", api("GET", "/x"))).send().json().path("code").asText());
        FunctionHarness.Response otherTenant = act.request("POST", "/act").bearer(TestWorkspaces.tenantToken(w, "eve"))
            .json(Map.of("connectionId", first, "api", api("GET", "/x"))).send();
        assertEquals(404, otherTenant.status(), "another tenant's connection is not found");
        // Archived through this instance (the act function's read cache drops its entry at once; an archive made by
        // another instance takes effect within actgate.cache.ttl, see ReadCacheIntegrationTest).
        act.context().getBean(dev.actgate.shared.connections.ConnectionService.class)
            .archive(new dev.actgate.shared.auth.Caller(w.id(), w.key(), "dana", false), "echo-1");
        assertEquals(404, act.request("POST", "/act").bearer(t).json(Map.of("connectionId", first, "api", api("GET", "/x"))).send().status(),
            "archived connections cannot be used");
    }

    @Test
    void catalogActionsValidateInputAndMapTheRequest() {
        Workspace w = ActTestSetup.githubWorkspace(upstream.baseUrl(), "gina", "gho_test_token_123456");
        String t = TestWorkspaces.tenantToken(w, "gina");
        FunctionHarness.Response bad = act.request("POST", "/act").bearer(t).json(Map.of("id", "github-create-issue",
            "input", Map.of("owner", "acme"))).send();
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.json().path("data").path("violations").toString().contains("/repo"), bad.toString());
        assertEquals(0, upstream.received().size());

        FunctionHarness.Response ok = act.request("POST", "/act").bearer(t).json(Map.of("id", "github-create-issue",
            "input", Map.of("owner", "acme", "repo", "web app", "title", "Broken build"))).send();
        assertEquals(200, ok.status(), ok.toString());
        TestUpstream.Received got = upstream.received().get(0);
        assertEquals("POST", got.method());
        assertEquals("/repos/acme/web%20app/issues", got.path());
        assertTrue(got.body().contains("\"title\":\"Broken build\""), got.body());
        assertEquals("Bearer gho_test_token_123456", got.header("authorization"));
    }

    @Test
    void otherDoorsRunThroughTheSameEngine() {
        FunctionHarness.Response proxied = act.request("GET", "/connections/todo-main/proxy/items/42?expand=1").bearer(alice).send();
        assertEquals(200, proxied.status(), proxied.toString());
        assertEquals("/v1/items/42", proxied.json().path("path").asText());
        assertEquals("expand=1", proxied.json().path("query").asText());
        FunctionHarness.Response hostile = act.request("GET", "/connections/todo-main/proxy/%2e%2e/secret").bearer(alice).send();
        assertEquals(400, hostile.status(), hostile.toString());
        assertEquals(1, upstream.received().size());
    }

    @Test
    void inlineCodeCallsTheAppThroughTheConnectionAndReturnsItsValue() {
        upstream.on("/v1/items", r -> Reply.json(200, "[{\"id\":1},{\"id\":2}]"));
        String code = "module.exports = async ({ input, api, connection }) => {\n"
            + "  const items = await api.get('/items', { limit: input.limit });\n"
            + "  console.log('got', items.length, 'items');\n"
            + "  return { count: items.length, first: items[0].id, conn: connection.key };\n"
            + "};";
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "code", code, "input", Map.of("limit", 2)));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2, r.json().path("output").path("count").asInt());
        assertEquals("todo-main", r.json().path("output").path("conn").asText());
        assertEquals(API_KEY, upstream.received().get(0).header("x-api-key"));
        RunLog log = runLog(r.json().path("actionRunId").asText());
        assertTrue(log.console().get(0).message().contains("got 2 items"), log.console().toString());
    }

    @Test
    void codeErrorsSayWhereAndUnsafePathsInCodeAreRefused() {
        FunctionHarness.Response thrown = post(Map.of("connectionKey", "todo-main", "code",
            "module.exports = () => {\n  throw new Error('boom');\n};"));
        assertEquals("CUSTOM_CODE_ERROR", thrown.json().path("code").asText(), thrown.toString());
        assertEquals("custom_code", thrown.json().path("type").asText());
        assertEquals(2, thrown.json().path("data").path("line").asInt());
        FunctionHarness.Response syntax = post(Map.of("connectionKey", "todo-main", "code", "module.exports = () => {"));
        assertEquals("CUSTOM_CODE_ERROR", syntax.json().path("code").asText());
        FunctionHarness.Response escape = post(Map.of("connectionKey", "todo-main", "code",
            "module.exports = async ({ api }) => api.get('http://169.254.169.254/latest')"));
        assertEquals("CUSTOM_CODE_ERROR", escape.json().path("code").asText(), escape.toString());
        assertTrue(escape.json().path("message").asText().contains("relative"), escape.toString());
        assertEquals(0, upstream.received().size());
    }

    @Test
    void codeCanRunAnotherActionAsTheSameTenant() {
        String code = "module.exports = async ({ membrane }) => {\n"
            + "  const out = await membrane.act({ connectionKey: 'todo-main', api: { method: 'GET', path: '/nested' } });\n"
            + "  const list = await membrane.connections.find();\n"
            + "  return { nestedPath: out.path, connections: list.items.length > 0 };\n"
            + "};";
        FunctionHarness.Response r = post(Map.of("connectionKey", "todo-main", "code", code));
        assertEquals(200, r.status(), r.toString());
        assertEquals("/v1/nested", r.json().path("output").path("nestedPath").asText());
        assertTrue(r.json().path("output").path("connections").asBoolean());
    }

    @Test
    void customHeaderAndQueryKeyAuthSchemes() {
        Workspace w = TestWorkspaces.create();
        String t = TestWorkspaces.tenantToken(w, "hana");
        ActTestSetup.integration(w, "headers", upstream.baseUrl(), Map.of("type", "custom-headers",
            "headers", Map.of("X-Account", "{{connection.account}}", "X-Token", "{{connection.token}}"),
            "fields", List.of(Map.of("key", "account", "label", "Account", "secret", false, "required", true),
                Map.of("key", "token", "label", "Token", "secret", true, "required", true))), Map.of());
        ActTestSetup.connection(w, "hana", "headers", "h", Map.of("account", "acme", "token", "hdr-secret-123456"), false);
        assertEquals(200, act.request("POST", "/act").bearer(t).json(Map.of("connectionKey", "h", "api", api("GET", "/h"))).send().status());
        TestUpstream.Received got = upstream.received("/h").get(0);
        assertEquals("acme", got.header("x-account"));
        assertEquals("hdr-secret-123456", got.header("x-token"));

        ActTestSetup.integration(w, "query", upstream.baseUrl(), Map.of("type", "api-key", "in", "query", "name", "key"), Map.of());
        ActTestSetup.connection(w, "hana", "query", "q", Map.of("apiKey", "qkey-secret-98765"), false);
        assertEquals(200, act.request("POST", "/act").bearer(t).json(Map.of("connectionKey", "q", "api", api("GET", "/q"))).send().status());
        assertEquals("key=qkey-secret-98765", upstream.received("/q").get(0).rawQuery());
        Map<String, Object> override = api("GET", "/q");
        override.put("headers", Map.of("X-Token", "mine"));
        assertEquals(200, act.request("POST", "/act").bearer(t).json(Map.of("connectionKey", "q", "api", override)).send().status(),
            "an unrelated header may be set on another integration");
        Map<String, Object> hijack = api("GET", "/h");
        hijack.put("headers", Map.of("X-Token", "mine"));
        assertEquals(400, act.request("POST", "/act").bearer(t).json(Map.of("connectionKey", "h", "api", hijack)).send().status(),
            "but never a header the connection's auth sets");
    }

    @Test
    void codeRunningForATenantSeesNoIntegrationParameterValues() {
        var integrations = act.context().getBean(dev.actgate.shared.integrations.IntegrationService.class);
        integrations.patchParameters(new dev.actgate.shared.auth.Caller(ws.id(), ws.key(), null, true), "todos",
            new dev.actgate.shared.integrations.ParameterChanges(Map.of("region",
                dev.actgate.shared.testing.TestStorage.JSON.getNodeFactory().textNode("param-value-eu-9"))));
        FunctionHarness.Response r = act.request("POST", "/act").bearer(alice).json(Map.of("connectionKey", "todo-main",
            "code", "module.exports = async ({ integration }) => JSON.stringify(integration)")).send();
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("todos"), "the integration is there: " + r.body());
        assertFalse(r.body().contains("param-value-eu-9"), "but not its parameter values: " + r.body());
    }
}
