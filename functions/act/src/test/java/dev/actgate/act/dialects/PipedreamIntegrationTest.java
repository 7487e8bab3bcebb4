package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static dev.actgate.act.dialects.DialectFixture.map;
import static dev.actgate.act.dialects.DialectFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipedream Connect's shapes through the real act handler: actions/run with an OAuth client's access token, the
 * components and accounts lists, account deletion, the proxy's base64 URLs (with the SSRF matrix: refused, and
 * nothing sent), tenant isolation, and failures that are never a 5xx.
 */
class PipedreamIntegrationTest {
    @RegisterExtension
    static final DialectFixture f = new DialectFixture();
    static String token;
    static String base;

    @BeforeAll
    static void start() {
        var client = f.act.request("POST", "/oauth-clients").bearer(f.manager).json(Map.of()).send().json();
        token = f.act.request("POST", "/v1/oauth/token").json(Map.of("grant_type", "client_credentials",
            "client_id", client.path("client_id").asText(), "client_secret", client.path("client_secret").asText())).send()
            .json().path("access_token").asText();
        base = "/v1/connect/" + f.ws.key();
    }

    @BeforeEach
    void clean() {
        f.upstream.reset();
    }

    FunctionHarness.Response run(Map<String, Object> body) {
        return f.act.request("POST", base + "/actions/run").bearer(token).header("x-pd-environment", "production").json(body).send();
    }

    static Map<String, Object> createTodo(String user, String account, String title) {
        return map("id", "create-todo", "external_user_id", user,
            "configured_props", map("todos", map("authProvisionId", account), "title", title));
    }

    @Test
    void actionsRunGoesThroughTheEngineAndAnswersExportsOsRet() {
        f.upstream.on("/v1/todos", r -> Reply.json(201, "{\"id\":7,\"title\":\"milk\"}"));
        JsonNode r = ok(run(createTodo("alice", f.aliceConnection, "milk")));
        assertEquals(7, r.path("ret").path("id").asInt(), r.toString());
        assertTrue(r.path("os").isArray());
        assertTrue(r.has("stash_id"));
        assertEquals(1, f.upstream.received("/v1/todos").size());
        assertEquals(DialectFixture.ALICE_KEY, f.upstream.received("/v1/todos").get(0).header("x-api-key"));
        assertEquals("{\"title\":\"milk\"}", f.upstream.received("/v1/todos").get(0).body());
        RunLog log = f.runLog("alice", r.path("exports").path("actionRunId").asText());
        assertEquals("pipedream", log.door(), "the run log says which dialect it came through");
        assertEquals("create-todo", log.action().path("key").asText(), "and keeps the replayable /act body");
        assertEquals(f.aliceConnection, log.action().path("connectionId").asText());
        assertEquals("milk", log.action().path("input").path("title").asText());
    }

    @Test
    void consoleLinesOfACodeActionComeBackInOs() {
        f.upstream.on("/v1/todos", r -> Reply.json(200, "{\"items\":[{},{}]}"));
        JsonNode r = ok(run(map("id", "count-todos", "external_user_id", "alice", "configured_props", map("who", "me"))));
        assertEquals(2, r.path("ret").path("count").asInt(), r.toString());
        assertEquals("console.log", r.path("os").get(0).path("k").asText());
        assertTrue(r.path("os").get(0).path("msg").asText().contains("counted for me"), r.toString());
    }

    @Test
    void anActionFailureIsA200WithTheErrorAndAttributionNeverA5xx() {
        f.upstream.on("/v1/todos", r -> Reply.json(503, "{\"error\":\"down\"}"));
        FunctionHarness.Response resp = run(createTodo("alice", f.aliceConnection, "x"));
        assertEquals(200, resp.status(), "the SDK retries every 5xx, POST included: " + resp);
        JsonNode r = resp.json();
        assertTrue(r.path("ret").isNull());
        JsonNode last = r.path("os").get(r.path("os").size() - 1);
        assertEquals("error", last.path("k").asText());
        assertEquals("external_app", r.path("error").path("attribution").asText(), r.toString());
        assertEquals(1, f.upstream.received("/v1/todos").size(), "a POST that failed upstream is not repeated");
    }

    @Test
    void requestsTheCallerGotWrongAre4xx() {
        assertEquals(404, run(map("id", "no-such-action", "external_user_id", "alice")).status());
        assertEquals(400, run(map("id", "create-todo")).status(), "external_user_id is required");
        FunctionHarness.Response invalid = run(map("id", "create-todo", "external_user_id", "alice",
            "configured_props", map("todos", map("authProvisionId", f.aliceConnection))));
        assertEquals(400, invalid.status(), "input fails the schema (title missing): " + invalid);
        assertEquals(404, f.act.request("POST", "/v1/connect/another-project/actions/run").bearer(token)
            .json(createTodo("alice", f.aliceConnection, "x")).send().status(), "the project id is the workspace key");
        assertTrue(f.upstream.received().isEmpty());
    }

    @Test
    void anotherExternalUserCannotRunOrSeeAnAccountThatIsNotTheirs() {
        FunctionHarness.Response r = run(createTodo("bob", f.aliceConnection, "steal"));
        assertEquals(404, r.status(), r.toString());
        assertTrue(f.upstream.received().isEmpty());
        assertEquals(404, f.act.request("GET", base + "/accounts/" + f.aliceConnection + "?external_user_id=bob").bearer(token).send()
            .status());
        assertEquals(404, f.act.request("DELETE", base + "/accounts/" + f.aliceConnection + "?external_user_id=bob").bearer(token).send()
            .status());
        JsonNode bobs = ok(f.act.request("GET", base + "/accounts?external_user_id=bob").bearer(token).send());
        assertEquals(1, bobs.path("data").size());
        assertEquals(f.bobConnection, bobs.path("data").get(0).path("id").asText());
        assertFalse(bobs.toString().contains(f.aliceConnection));
        // A tenant token acts only for its own tenant, whatever external_user_id says.
        assertEquals(403, f.act.request("POST", base + "/actions/run").bearer(TestWorkspaces.tenantToken(f.ws, "bob"))
            .json(createTodo("alice", f.aliceConnection, "x")).send().status());
    }

    @Test
    void accountsAndComponentsAreListedWithPageInfo() {
        JsonNode accounts = ok(f.act.request("GET", base + "/accounts?external_user_id=alice&limit=10&app=todos").bearer(token).send());
        assertTrue(accounts.has("page_info"));
        assertTrue(accounts.path("page_info").path("end_cursor").isNull());
        JsonNode a = accounts.path("data").get(0);
        assertEquals(f.aliceConnection, a.path("id").asText());
        assertEquals("alice", a.path("external_id").asText());
        assertTrue(a.path("healthy").asBoolean());
        assertEquals("todos", a.path("app").path("name_slug").asText());
        assertFalse(accounts.toString().contains(DialectFixture.ALICE_KEY), "no credentials");

        JsonNode components = ok(f.act.request("GET", base + "/actions?app=todos").bearer(token).send());
        assertTrue(components.has("page_info"));
        JsonNode create = null;
        for (JsonNode c : components.path("data")) {
            if (c.path("key").asText().equals("create-todo")) {
                create = c;
            }
        }
        assertTrue(create != null, components.toString());
        assertEquals("1.0.0", create.path("version").asText());
        assertEquals("app", create.path("configurable_props").get(0).path("type").asText());
        assertEquals("title", create.path("configurable_props").get(1).path("name").asText());
        JsonNode one = ok(f.act.request("GET", base + "/actions/create-todo").bearer(token).send());
        assertEquals("create-todo", one.path("data").path("key").asText());
        JsonNode paged = ok(f.act.request("GET", base + "/actions?app=todos&limit=1").bearer(token).send());
        assertEquals(1, paged.path("data").size());
        String cursor = paged.path("page_info").path("end_cursor").asText();
        assertFalse(cursor.isEmpty());
        JsonNode next = ok(f.act.request("GET", base + "/actions?app=todos&limit=1&after=" + cursor).bearer(token).send());
        assertFalse(next.path("data").get(0).path("key").asText().equals(paged.path("data").get(0).path("key").asText()));
    }

    @Test
    void deletingAnAccountArchivesTheConnection() {
        String extra = f.connection("carol", "todo-carol", "carol-app-key-3a9b");
        assertEquals(204, f.act.request("DELETE", base + "/accounts/" + extra + "?external_user_id=carol").bearer(token).send().status());
        assertEquals(404, f.act.request("GET", base + "/accounts/" + extra + "?external_user_id=carol").bearer(token).send().status());
        assertEquals(0, ok(f.act.request("GET", base + "/accounts?external_user_id=carol").bearer(token).send()).path("data").size());
    }

    // ------------------------------------------------------------------ proxy

    static String segment(String url) {
        return URLEncoder.encode(Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    FunctionHarness.Request proxy(String method, String url, String user, String account) {
        return f.act.request(method, base + "/proxy/" + segment(url) + "?external_user_id=" + user + "&account_id=" + account)
            .bearer(token);
    }

    @Test
    void theProxySendsTheDecodedUrlThroughTheConnectionWithUnprefixedHeaders() {
        f.upstream.on("/v1/todos", r -> Reply.json(200, "{\"items\":[1]}"));
        // '~' base64-encodes to '+' and '?' to '/' (at the right offsets): the SDK's %2B and %2F must come through.
        String url = null;
        for (int pad = 0; pad < 30; pad++) {
            String candidate = f.upstream.baseUrl() + "/v1/todos?tag=~~~~~~&q=??????&p=" + "x".repeat(pad);
            String b64 = Base64.getEncoder().encodeToString(candidate.getBytes(StandardCharsets.UTF_8));
            if (b64.contains("+") && b64.contains("/")) {
                url = candidate;
                break;
            }
        }
        assertTrue(url != null && segment(url).contains("%2B") && segment(url).contains("%2F"));
        FunctionHarness.Response r = proxy("GET", url, "alice", f.aliceConnection).header("x-pd-proxy-x-thing", "1").send();
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.json().path("items").size());
        var got = f.upstream.received("/v1/todos").get(0);
        assertEquals("1", got.header("x-thing"));
        assertEquals(DialectFixture.ALICE_KEY, got.header("x-api-key"));
        assertTrue(got.rawQuery().contains("tag=") && got.rawQuery().contains("q="), got.rawQuery());

        f.upstream.on("/v1/todos", r2 -> Reply.json(201, "{\"ok\":true}"));
        FunctionHarness.Response posted = proxy("POST", f.upstream.baseUrl() + "/v1/todos", "alice", f.aliceConnection)
            .json(Map.of("title", "via proxy")).send();
        assertEquals(200, posted.status(), posted.toString());
        assertEquals("{\"title\":\"via proxy\"}", f.upstream.received("/v1/todos").get(1).body());
        assertEquals("pipedream", f.act.context().getBean(dev.actgate.shared.runs.RunLogRepository.class)
            .list(f.ws.id(), "alice", new dev.actgate.shared.runs.RunLogRepository.Filter(null, null, null, null, null, null, null, null),
                dev.actgate.shared.storage.PageRequest.of("1", null)).items().get(0).door());
    }

    @Test
    void aProxyFailureUpstreamIsNeverA5xx() {
        f.upstream.on("/v1/boom", r -> Reply.json(500, "{}"));
        FunctionHarness.Response r = proxy("POST", f.upstream.baseUrl() + "/v1/boom", "alice", f.aliceConnection).json(Map.of()).send();
        assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
        assertEquals(1, f.upstream.received("/v1/boom").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:1/v1/todos",
        "https://evil.example/v1/todos",
        "{up}/v2/todos",
        "{up}/v1evil/todos",
        "{up}/v1/../admin",
        "{up}/v1/%2e%2e/admin",
        "{up}/v1/%252e%252e/admin",
        "{up}/v1/todos/..%2F..%2Fadmin",
        "{up}/v1/%2F%2Fevil.example",
        "{up}@evil.example/v1/todos",
        "http://user:pw@{host}/v1/todos",
        "{up}/v1/todos#x",
        "//evil.example/v1/todos",
        "file:///etc/passwd",
        "{up}/v1/todos\\..\\..\\admin"
    })
    void theSsrfMatrixThroughBase64UrlsIsRefusedWithNothingSent(String template) {
        String host = f.upstream.baseUrl().substring("http://".length());
        String url = template.replace("{up}", f.upstream.baseUrl()).replace("{host}", host);
        FunctionHarness.Response r = proxy("GET", url, "alice", f.aliceConnection).send();
        assertEquals(400, r.status(), url + " → " + r);
        assertEquals("UNSAFE_REQUEST_PATH", r.json().path("code").asText(), r.toString());
        assertTrue(f.upstream.received().isEmpty(), "zero upstream requests for " + url);
    }

    @Test
    void theProxyNeedsTheUsersOwnAccount() {
        FunctionHarness.Response r = proxy("GET", f.upstream.baseUrl() + "/v1/todos", "bob", f.aliceConnection).send();
        assertEquals(404, r.status(), r.toString());
        assertEquals(400, f.act.request("GET", base + "/proxy/" + segment(f.upstream.baseUrl() + "/v1/todos") + "?external_user_id=bob")
            .bearer(token).send().status(), "account_id is required");
        assertTrue(f.upstream.received().isEmpty());
    }
}
