package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLogService;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run logs written by the real act handler: replaying a run's {@code action} through /act sends the same request;
 * a failed call's log carries the external app's status and body; {@code captureBodies: false} keeps no bodies;
 * retention follows the workspace setting.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=5")
class RunLogReplayAndFailuresIntegrationTest extends ActFixtureBase {
    static String pat;
    static final String KEY = "shop-key-55aa77bb";

    @BeforeAll
    static void start() {
        pat = TestWorkspaces.tenantToken(ws, "pat");
        ActTestSetup.integration(ws, "shop", upstream.baseUrl() + "/s1", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"),
            Map.of());
        ActTestSetup.connection(ws, "pat", "shop", "shop-main", Map.of("apiKey", KEY), false);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    static FunctionHarness.Response post(String token, Object body) {
        return act.request("POST", "/act").bearer(token).json(body).send();
    }

    static JsonNode log(Workspace w, String tenant, String runId) {
        return TestStorage.JSON.valueToTree(act.context().getBean(RunLogService.class)
            .get(new Caller(w.id(), w.key(), tenant, false), runId, true));
    }

    static String newestRunId(Workspace w, String tenant) {
        var page = act.context().getBean(RunLogService.class).list(new Caller(w.id(), w.key(), tenant, false), Map.of("limit", "1"));
        return (String) page.items().get(0).get("id");
    }

    static Map<String, Object> api(String method, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("path", path);
        return m;
    }

    static void assertSameRequest(TestUpstream.Received first, TestUpstream.Received second) {
        assertEquals(first.method(), second.method());
        assertEquals(first.path(), second.path());
        assertEquals(first.rawQuery(), second.rawQuery());
        assertEquals(first.body(), second.body());
        for (String h : List.of("x-api-key", "content-type", "accept", "x-trace", "authorization")) {
            assertEquals(first.header(h), second.header(h), h);
        }
    }

    /** Posts the run log's {@code action} to /act exactly as stored and checks the app got the same request again. */
    static JsonNode replay(String token, Workspace w, String tenant, String runId) {
        JsonNode original = log(w, tenant, runId);
        JsonNode action = original.path("action");
        assertTrue(action.isObject(), original.toString());
        int before = upstream.received().size();
        FunctionHarness.Response again = act.request("POST", "/act").bearer(token).json(action.toString()).send();
        assertEquals(200, again.status(), again.toString());
        List<TestUpstream.Received> received = upstream.received();
        assertEquals(before * 2, received.size(), "the replay made as many requests as the original");
        for (int i = 0; i < before; i++) {
            assertSameRequest(received.get(i), received.get(before + i));
        }
        JsonNode replayed = log(w, tenant, again.json().path("actionRunId").asText());
        assertEquals(action, replayed.path("action"), "the replay's own run log records the same action");
        assertEquals("act", replayed.path("door").asText());
        assertEquals(original.path("connectionId"), replayed.path("connectionId"));
        return again.json();
    }

    // ------------------------------------------------------------------------------------------- replay

    @Test
    void replayingAnInlineApiRunSendsTheSameRequest() {
        Map<String, Object> spec = api("POST", "/orders/42/lines");
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("expand", "items");
        query.put("tag", List.of("a", "b c"));
        query.put("dry", false);
        spec.put("query", query);
        spec.put("headers", Map.of("X-Trace", "t-1"));
        spec.put("body", Map.of("title", "Replay me", "qty", 3, "tags", List.of("x", "y"), "nested", Map.of("n", 1.5)));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", spec, "meta", Map.of("source", "test")));
        assertEquals(200, r.status(), r.toString());
        TestUpstream.Received first = upstream.received().get(0);
        assertEquals("/s1/orders/42/lines", first.path());
        assertEquals("expand=items&tag=a&tag=b%20c&dry=false", first.rawQuery());
        JsonNode out = replay(pat, ws, "pat", r.json().path("actionRunId").asText());
        assertEquals(r.json().path("output"), out.path("output"), "same answer (the app echoes the request)");
    }

    @Test
    void replayingAFormAndATextBodySendsTheSameBytes() {
        Map<String, Object> form = api("PUT", "/forms");
        form.put("headers", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        form.put("body", Map.of("name", "a b&c", "metadata", Map.of("k", "v")));
        FunctionHarness.Response f = post(pat, Map.of("connectionKey", "shop-main", "api", form));
        assertEquals(200, f.status(), f.toString());
        replay(pat, ws, "pat", f.json().path("actionRunId").asText());
        upstream.reset();
        Map<String, Object> text = api("PATCH", "/notes/7");
        text.put("body", "line one\nline two ✓");
        FunctionHarness.Response t = post(pat, Map.of("connectionKey", "shop-main", "api", text));
        assertEquals(200, t.status(), t.toString());
        replay(pat, ws, "pat", t.json().path("actionRunId").asText());
    }

    @Test
    void replayingAProxyRunGoesThroughActWithTheSameRequest() {
        FunctionHarness.Response r = act.request("GET", "/connections/shop-main/proxy/items/a%20b?expand=1&tag=x&tag=y").bearer(pat).send();
        assertEquals(200, r.status(), r.toString());
        String runId = newestRunId(ws, "pat");
        JsonNode log = log(ws, "pat", runId);
        assertEquals("proxy", log.path("door").asText());
        assertEquals("/s1/items/a%20b", upstream.received().get(0).path());
        replay(pat, ws, "pat", runId);
    }

    @Test
    void replayingACodeRunRunsTheSameCodeWithTheSameInput() {
        String code = "module.exports = async ({ input, api }) => {\n"
            + "  const r = await api.post('/things', { name: input.name, n: input.n });\n"
            + "  return { path: r.path, body: r.body };\n"
            + "};";
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "code", code, "input", Map.of("name", "widget", "n", 2)));
        assertEquals(200, r.status(), r.toString());
        JsonNode out = replay(pat, ws, "pat", r.json().path("actionRunId").asText());
        assertEquals(r.json().path("output"), out.path("output"));
    }

    @Test
    void replayingACatalogActionRunMapsTheSameInputToTheSameRequest() {
        Workspace w = ActTestSetup.githubWorkspace(upstream.baseUrl(), "gus", "gho_replay_token_123456");
        String t = TestWorkspaces.tenantToken(w, "gus");
        FunctionHarness.Response r = post(t, Map.of("id", "github-create-issue", "connectionKey", "gh",
            "input", Map.of("owner", "acme", "repo", "web app", "title", "Replayed", "body", "same body")));
        assertEquals(200, r.status(), r.toString());
        JsonNode log = log(w, "gus", r.json().path("actionRunId").asText());
        assertEquals("github-create-issue", log.path("actionId").asText(log.path("resolvedAction").path("id").asText()));
        replay(t, w, "gus", r.json().path("actionRunId").asText());
        assertEquals("/repos/acme/web%20app/issues", upstream.received().get(1).path());
    }

    // ------------------------------------------------------------------------------------------- failures

    @Test
    void aFailedCallsLogCarriesTheAppsStatusAndJsonBody() {
        upstream.on("/s1/invalid", r -> Reply.json(422, "{\"error\":{\"message\":\"title is required\",\"field\":\"title\"}}")
            .withHeader("X-Request-Id", "req-9"));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", api("POST", "/invalid")));
        assertEquals(424, r.status(), r.toString());
        JsonNode log = log(ws, "pat", r.json().path("actionRunId").asText());
        assertEquals("error", log.path("status").asText());
        JsonNode error = log.path("error");
        assertEquals("action_run", error.path("type").asText());
        assertEquals("UPSTREAM_ERROR", error.path("code").asText());
        assertEquals("external_app", error.path("attribution").asText());
        assertEquals("external_app", error.path("data").path("source").asText());
        assertEquals(422, error.path("data").path("status").asInt());
        assertEquals("title is required", error.path("data").path("body").path("error").path("message").asText());
        assertEquals("req-9", error.path("data").path("headers").path("x-request-id").asText());
        assertEquals("failed", log.path("outcome").asText());
        assertEquals(1, log.path("attempts").asInt());
        JsonNode exchange = log.path("details").path("exchanges").get(0);
        assertEquals(422, exchange.path("status").asInt());
        assertTrue(exchange.path("responseBody").asText().contains("title is required"));
        assertFalse(log.has("output"));
    }

    @Test
    void aFailedCallsLogCarriesATextBodyToo() {
        upstream.on("/s1/crash", r -> Reply.text(500, "Internal failure id=77"));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", api("POST", "/crash")));
        assertEquals(424, r.status(), r.toString());
        JsonNode error = log(ws, "pat", r.json().path("actionRunId").asText()).path("error");
        assertEquals(500, error.path("data").path("status").asInt());
        assertEquals("Internal failure id=77", error.path("data").path("body").asText());
        assertEquals("external_app", error.path("attribution").asText());
    }

    @Test
    void retriedFailuresKeepEveryAttemptAndTheLastStatus() {
        upstream.on("/s1/busy", r -> Reply.json(503, "{\"message\":\"busy\"}"));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", api("GET", "/busy")));
        assertEquals(424, r.status(), r.toString());
        JsonNode log = log(ws, "pat", r.json().path("actionRunId").asText());
        int sent = upstream.received("/s1/busy").size();
        assertTrue(sent > 1, "retried");
        assertEquals(sent, log.path("attempts").asInt());
        assertEquals(sent, log.path("details").path("exchanges").size());
        log.path("details").path("exchanges").forEach(e -> assertEquals(503, e.path("status").asInt()));
        assertEquals(503, log.path("error").path("data").path("status").asInt());
        assertEquals("busy", log.path("error").path("data").path("body").path("message").asText());
    }

    @Test
    void aRateLimitedCallsLogSaysSo() {
        upstream.on("/s1/limited", r -> Reply.json(429, "{\"message\":\"slow down\"}").withHeader("Retry-After", "120"));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", api("POST", "/limited")));
        assertEquals(429, r.status(), r.toString());
        JsonNode error = log(ws, "pat", r.json().path("actionRunId").asText()).path("error");
        assertEquals("UPSTREAM_RATE_LIMITED", error.path("code").asText());
        assertEquals("external_app", error.path("attribution").asText());
        assertEquals(429, error.path("data").path("status").asInt());
        assertEquals("120", error.path("data").path("headers").path("retry-after").asText());
    }

    @Test
    void aHugeErrorBodyStillLeavesARunLog() {
        String big = "{\"errors\":[" + "\"this field is wrong\",".repeat(30_000) + "\"end\"]}";
        upstream.on("/s1/huge-error", r -> Reply.json(422, big));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", api("POST", "/huge-error")));
        assertEquals(424, r.status(), r.status() + " " + r.body().substring(0, 200));
        String runId = r.json().path("actionRunId").asText();
        JsonNode log = log(ws, "pat", runId);
        assertEquals("error", log.path("status").asText());
        assertEquals(422, log.path("error").path("data").path("status").asInt(), "the app's status is kept");
        assertEquals("external_app", log.path("error").path("attribution").asText());
        JsonNode exchange = log.path("details").path("exchanges").get(0);
        assertEquals(422, exchange.path("status").asInt());
        assertTrue(exchange.path("responseBody").asText().contains("truncated"), "the body in the exchange is cut with a marker");
    }

    @Test
    void aHugeRequestBodyStillLeavesARunLog() {
        Map<String, Object> spec = api("POST", "/upload");
        spec.put("body", Map.of("content", "q".repeat(700_000)));
        FunctionHarness.Response r = post(pat, Map.of("connectionKey", "shop-main", "api", spec));
        assertEquals(200, r.status(), r.status() + " " + r.body().substring(0, 200));
        JsonNode log = log(ws, "pat", r.json().path("actionRunId").asText());
        assertEquals("POST", log.path("action").path("api").path("method").asText());
        assertEquals("/upload", log.path("action").path("api").path("path").asText());
        assertEquals("shop-main", log.path("action").path("connectionKey").asText());
    }

    // ------------------------------------------------------------------------------------------- workspace settings

    static Workspace workspaceWith(WorkspaceSettings settings) {
        Workspace w = TestWorkspaces.create();
        return TestWorkspaces.service().save(new Workspace(w.id(), w.key(), w.name(), w.secrets(), w.publicKeys(), settings,
            w.createdAt(), w.version() + 1));
    }

    static Map<String, AttributeValue> rawItem(Workspace w, String tenant, String runId) {
        return dev.actgate.shared.testing.StoredRunLogs.readable(TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().runLogs())
            .key(Map.of("pk", AttributeValue.fromS(w.id() + "#" + tenant), "sk", AttributeValue.fromS(runId)))).item());
    }

    @Test
    void captureBodiesFalseStoresNoBodies() {
        Workspace w = workspaceWith(new WorkspaceSettings(false, 30));
        String t = TestWorkspaces.tenantToken(w, "quinn");
        ActTestSetup.integration(w, "private", upstream.baseUrl() + "/p1", Map.of("type", "bearer"), Map.of());
        ActTestSetup.connection(w, "quinn", "private", "priv", Map.of("token", "tok-private-0099"), false);
        upstream.on("/p1/records", r -> Reply.json(200, "{\"reply\":\"RESPONSE-BODY-MARKER\",\"n\":1}"));
        upstream.on("/p1/refused", r -> Reply.json(422, "{\"error\":\"ERROR-BODY-MARKER\"}"));

        Map<String, Object> spec = api("POST", "/records");
        spec.put("body", Map.of("text", "REQUEST-BODY-MARKER"));
        FunctionHarness.Response ok = post(t, Map.of("connectionKey", "priv", "api", spec));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("RESPONSE-BODY-MARKER", ok.json().path("output").path("reply").asText(), "the caller still gets the output");
        assertTrue(upstream.received("/p1/records").get(0).body().contains("REQUEST-BODY-MARKER"), "and the app the body");
        String okId = ok.json().path("actionRunId").asText();
        JsonNode log = log(w, "quinn", okId);
        assertFalse(log.has("output"), "no output: it is the response body");
        JsonNode exchange = log.path("details").path("exchanges").get(0);
        assertEquals(200, exchange.path("status").asInt(), "metadata is kept");
        assertEquals("POST", exchange.path("method").asText());
        assertTrue(exchange.path("url").asText().endsWith("/p1/records"));
        for (String field : List.of("requestBody", "responseBody")) {
            String b = exchange.path(field).asText("");
            assertFalse(b.contains("MARKER"), field + ": " + b);
        }
        String rawOk = rawItem(w, "quinn", okId).toString();
        assertFalse(rawOk.contains("RESPONSE-BODY-MARKER"), rawOk);

        FunctionHarness.Response refused = post(t, Map.of("connectionKey", "priv", "api", api("POST", "/refused")));
        assertEquals(424, refused.status(), refused.toString());
        String refusedId = refused.json().path("actionRunId").asText();
        JsonNode failed = log(w, "quinn", refusedId);
        assertEquals(422, failed.path("error").path("data").path("status").asInt(), "the app's status is metadata: kept");
        assertEquals("external_app", failed.path("error").path("attribution").asText());
        String rawFailed = rawItem(w, "quinn", refusedId).toString();
        assertFalse(rawFailed.contains("ERROR-BODY-MARKER"), "the error body is a response body too: " + failed);
    }

    @Test
    void retentionFollowsTheWorkspaceSetting() {
        assertRunLogExpiresAfterDays(7, new WorkspaceSettings(true, 7), "rex", "1");
    }

    @Test
    void aWorkspaceWithoutARetentionSettingGetsTheDefaultNotImmediateExpiry() {
        // settings written by hand as {"captureBodies": true} read as runLogRetentionDays 0
        assertRunLogExpiresAfterDays(30, new WorkspaceSettings(true, 0), "sam", "2");
    }

    /** One run in a workspace with {@code settings}: its stored run log expires {@code days} after it completed. */
    void assertRunLogExpiresAfterDays(long days, WorkspaceSettings settings, String tenant, String n) {
        Workspace w = workspaceWith(settings);
        String t = TestWorkspaces.tenantToken(w, tenant);
        ActTestSetup.integration(w, "svc", upstream.baseUrl() + "/r" + n, Map.of("type", "bearer"), Map.of());
        ActTestSetup.connection(w, tenant, "svc", "svc-" + n, Map.of("token", "tok-retention-0" + n), false);
        FunctionHarness.Response r = post(t, Map.of("connectionKey", "svc-" + n, "api", api("GET", "/x")));
        String runId = r.json().path("actionRunId").asText();
        assertNotNull(log(w, tenant, runId));
        long expiresAt = Long.parseLong(rawItem(w, tenant, runId).get("expiresAt").n());
        long completedAt = Instant.parse(log(w, tenant, runId).path("completedAt").asText()).getEpochSecond();
        assertTrue(Math.abs(expiresAt - (completedAt + days * 86_400)) <= 2, expiresAt + " vs " + completedAt);
    }
}
