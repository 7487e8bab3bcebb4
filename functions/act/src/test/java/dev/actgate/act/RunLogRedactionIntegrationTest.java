package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLogService;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No credential of a connection reaches a stored run log, whatever the external app echoes back (JSON body, text
 * body, response headers, redirect URLs, error bodies) and wherever the caller puts it (request body, query, path,
 * headers, meta, input, console of a code run): checked on the run log as the API serves it and on the raw DynamoDB
 * items. Three auth styles: API key in a header, API key in the query, basic auth.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=10")
class RunLogRedactionIntegrationTest extends ActFixtureBase {
    static final String HEADER_KEY = "hk_Live/8f2+Kq=9x1Zt";
    static final String QUERY_KEY = "qk Secret&7z/Lw+p~42";
    static final String BASIC_USER = "svc-user-5521";
    static final String BASIC_PASS = "b@sic Pa55:word/9!";

    static String rita;
    /** Every run this class made, so a run log that was never written cannot pass the scan by being absent. */
    static final List<String> runIds = new ArrayList<>();

    /** One integration per auth style: its connection key, base path on the upstream, and its secret. */
    enum App {
        HEADER("hdr", "/h1", HEADER_KEY),
        QUERY("qry", "/q1", QUERY_KEY),
        BASIC("basic", "/b1", BASIC_PASS);

        final String connection;
        final String base;
        final String secret;

        App(String connection, String base, String secret) {
            this.connection = connection;
            this.base = base;
            this.secret = secret;
        }
    }

    @BeforeAll
    static void start() {
        rita = TestWorkspaces.tenantToken(ws, "rita");
        ActTestSetup.integration(ws, "hdr-app", upstream.baseUrl() + "/h1", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"),
            Map.of());
        ActTestSetup.integration(ws, "qry-app", upstream.baseUrl() + "/q1", Map.of("type", "api-key", "in", "query", "name", "api_key"),
            Map.of());
        ActTestSetup.integration(ws, "basic-app", upstream.baseUrl() + "/b1", Map.of("type", "basic"), Map.of());
        ActTestSetup.connection(ws, "rita", "hdr-app", "hdr", Map.of("apiKey", HEADER_KEY), false);
        ActTestSetup.connection(ws, "rita", "qry-app", "qry", Map.of("apiKey", QUERY_KEY), false);
        ActTestSetup.connection(ws, "rita", "basic-app", "basic", Map.of("username", BASIC_USER, "password", BASIC_PASS), false);
    }

    @BeforeEach
    void script() {
        upstream.reset();
        for (App app : App.values()) {
            String s = app.secret;
            upstream.on(app.base + "/echo-json", r -> Reply.json(200, echoJson(r, s)));
            upstream.on(app.base + "/landing", r -> Reply.json(200, echoJson(r, s)));
            upstream.on(app.base + "/echo-text", r -> Reply.text(200, "debug dump\nkey=" + s + "\nauthorization=" + r.header("authorization")
                + "\nx-api-key=" + r.header("x-api-key") + "\nquery=" + r.rawQuery() + "\nbody=" + r.body()));
            upstream.on(app.base + "/echo-header", r -> Reply.json(200, "{\"ok\":true}")
                .withHeader("X-Echo-Key", s)
                .withHeader("X-Debug", "received key=" + s + "; auth=" + r.header("authorization") + "; q=" + r.rawQuery())
                .withHeader("X-Upstream-Note", "api key " + r.header("x-api-key"))
                .withHeader("Set-Cookie", "session=" + URLEncoder.encode(s, StandardCharsets.UTF_8)));
            upstream.on(app.base + "/redirect", r -> new Reply(302, Map.of("Location", app.base + "/landing?next="
                + URLEncoder.encode(s, StandardCharsets.UTF_8) + "&from=" + r.rawQuery()), null, 0, false));
            upstream.on(app.base + "/redirect-away", r -> new Reply(302, Map.of("Location", "http://evil.example/cb?k="
                + URLEncoder.encode(s, StandardCharsets.UTF_8) + "&raw=" + s.replace(" ", "%20")), null, 0, false));
            upstream.on(app.base + "/fail", r -> Reply.json(401, "{\"error\":\"invalid key " + s + "\",\"given\":\"" + s
                + "\",\"authorization\":\"" + r.header("authorization") + "\"}"));
            upstream.on(app.base + "/fail-text", r -> Reply.text(400, "rejected: key " + s + " in " + r.rawQuery()));
        }
    }

    /** The request as the app saw it, plus the secret planted in several places of a JSON body. */
    static String echoJson(TestUpstream.Received r, String secret) {
        ObjectNode o = TestStorage.JSON.createObjectNode();
        o.put("method", r.method()).put("path", r.path()).put("query", r.rawQuery()).put("body", r.body());
        ObjectNode headers = o.putObject("headers");
        r.headers().forEach(headers::put);
        o.put("yourKey", secret);
        o.put("innocentName", "here it is: " + secret);
        o.putObject("nested").putArray("values").add(secret).add("x" + secret + "y");
        o.put("urlEncoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        o.put("base64", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        return TestStorage.JSON.valueToTree(o).toString();
    }

    // ------------------------------------------------------------------------------------------- helpers

    static FunctionHarness.Response act(Object body) {
        FunctionHarness.Response r = act.request("POST", "/act").bearer(rita).json(body).send();
        String id = r.json().path("actionRunId").asText(null);
        if (id != null) {
            runIds.add(id);
        }
        return r;
    }

    static Map<String, Object> api(String method, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("path", path);
        return m;
    }

    static RunLogService service() {
        return act.context().getBean(RunLogService.class);
    }

    static Caller caller() {
        return new Caller(ws.id(), ws.key(), "rita", false);
    }

    /** The run log as GET /action-run-logs/{id}?includeDetails=true and /details serve it, as JSON text. */
    static String served(String runId) {
        Map<String, Object> full = service().get(caller(), runId, true);
        Map<String, Object> details = service().details(caller(), runId);
        try {
            return TestStorage.JSON.writeValueAsString(full) + "\n" + TestStorage.JSON.writeValueAsString(details);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode log(String runId) {
        return TestStorage.JSON.valueToTree(service().get(caller(), runId, true));
    }

    /** Every way a secret may be spelled in a log: raw, URL-encoded (three styles, both hex cases), base64, JSON. */
    static Set<String> spellings(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        out.add(form);
        out.add(form.replace("+", "%20"));
        StringBuilder strict = new StringBuilder();
        StringBuilder path = new StringBuilder();
        for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0;
            String hex = String.format("%%%02X", b & 0xff);
            strict.append(unreserved ? String.valueOf(c) : hex);
            path.append(unreserved || "!$&'()*+,;=:@/".indexOf(c) >= 0 ? String.valueOf(c) : hex);
        }
        out.add(strict.toString());
        out.add(path.toString());
        for (String s : List.copyOf(out)) {
            out.add(lowerHex(s));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        out.add(Base64.getEncoder().encodeToString(bytes));
        out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        out.add(secret.replace("/", "\\/"));
        return out;
    }

    static String lowerHex(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                sb.append('%').append(s.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static Set<String> allSpellings() {
        Set<String> out = new LinkedHashSet<>();
        for (App app : App.values()) {
            out.addAll(spellings(app.secret));
        }
        out.add(Base64.getEncoder().encodeToString((BASIC_USER + ":" + BASIC_PASS).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    static void assertNoSecret(String where, String text) {
        for (String s : allSpellings()) {
            int at = text.indexOf(s);
            if (at >= 0) {
                fail(where + " contains the secret spelled '" + s + "': …"
                    + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + s.length() + 60)) + "…");
            }
        }
    }

    static void assertRedacted(String runId) {
        String text = served(runId);
        assertNoSecret("run log " + runId, text);
        assertTrue(text.contains("[REDACTED]"), "something was redacted in " + runId + " (the check is not vacuous)");
    }

    // ------------------------------------------------------------------------------------------- what the app echoes

    @ParameterizedTest
    @ValueSource(strings = {"HEADER", "QUERY", "BASIC"})
    void secretsEchoedByTheAppAreRedacted(String which) {
        App app = App.valueOf(which);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("page", 2);
        for (String path : List.of("/echo-json", "/echo-text", "/echo-header", "/redirect", "/redirect-away")) {
            Map<String, Object> spec = api("GET", path);
            spec.put("query", query);
            FunctionHarness.Response r = act(Map.of("connectionKey", app.connection, "api", spec));
            assertEquals(200, r.status(), path + " → " + r);
            String runId = r.json().path("actionRunId").asText();
            JsonNode log = log(runId);
            assertEquals("success", log.path("status").asText());
            assertTrue(log.path("details").path("exchanges").size() >= 1, path);
            assertRedacted(runId);
        }
        // the credential did reach the app, so there was something to redact
        TestUpstream.Received got = upstream.received(app.base + "/echo-json").get(0);
        switch (app) {
            case HEADER -> assertEquals(HEADER_KEY, got.header("x-api-key"));
            case QUERY -> assertTrue(got.rawQuery().contains("api_key=qk%20Secret%267z%2FLw%2Bp~42"), got.rawQuery());
            case BASIC -> assertEquals("Basic " + Base64.getEncoder().encodeToString((BASIC_USER + ":" + BASIC_PASS)
                .getBytes(StandardCharsets.UTF_8)), got.header("authorization"));
        }
        // the redirect was followed, and the followed request is in the log too
        assertEquals(1, upstream.received(app.base + "/landing").size());
        assertEquals(0, upstream.received("/cb").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEADER", "QUERY", "BASIC"})
    void secretsInTheAppsErrorAreRedacted(String which) {
        App app = App.valueOf(which);
        for (String path : List.of("/fail", "/fail-text")) {
            FunctionHarness.Response r = act(Map.of("connectionKey", app.connection, "api", api("POST", path)));
            assertEquals(424, r.status(), r.toString());
            String runId = r.json().path("actionRunId").asText();
            JsonNode log = log(runId);
            assertEquals("error", log.path("status").asText());
            assertEquals("external_app", log.path("error").path("attribution").asText());
            assertTrue(log.path("error").path("data").has("body"), log.toString());
            assertRedacted(runId);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEADER", "QUERY", "BASIC"})
    void secretsTheCallerSendsAreRedacted(String which) {
        App app = App.valueOf(which);
        String s = app.secret;
        Map<String, Object> spec = api("POST", "/echo-json/items/" + s);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("q", s);
        query.put("list", List.of("a", s));
        spec.put("query", query);
        spec.put("headers", Map.of("X-Note", s, "X-Other", "key " + s));
        spec.put("body", Map.of("note", s, "deep", Map.of("list", List.of(s, "and " + s))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectionKey", app.connection);
        body.put("api", spec);
        body.put("meta", Map.of("who", s));
        body.put("input", Map.of("k", s));
        FunctionHarness.Response r = act(body);
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, upstream.received(app.base + "/echo-json/items/").size(), "sent");
        assertRedacted(r.json().path("actionRunId").asText());

        // a form body and a text body
        Map<String, Object> form = api("POST", "/echo-json");
        form.put("headers", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        form.put("body", Map.of("password", s, "comment", "pw " + s));
        FunctionHarness.Response f = act(Map.of("connectionKey", app.connection, "api", form));
        assertEquals(200, f.status(), f.toString());
        assertRedacted(f.json().path("actionRunId").asText());
        Map<String, Object> text = api("PUT", "/echo-text");
        text.put("body", "plain text with " + s + " inside");
        FunctionHarness.Response t = act(Map.of("connectionKey", app.connection, "api", text));
        assertEquals(200, t.status(), t.toString());
        assertRedacted(t.json().path("actionRunId").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEADER", "QUERY", "BASIC"})
    void secretsInACodeRunsConsoleOutputAndErrorAreRedacted(String which) {
        App app = App.valueOf(which);
        String code = "module.exports = async ({ api }) => {\n"
            + "  const res = await api.get('/echo-json');\n"
            + "  console.log('got', JSON.stringify(res));\n"
            + "  console.warn('key was', res.yourKey);\n"
            + "  return { echoed: res.yourKey, all: res };\n"
            + "};";
        FunctionHarness.Response r = act(Map.of("connectionKey", app.connection, "code", code));
        assertEquals(200, r.status(), r.toString());
        JsonNode log = log(r.json().path("actionRunId").asText());
        assertEquals(2, log.path("details").path("console").size(), log.toString());
        assertRedacted(r.json().path("actionRunId").asText());

        String failing = "module.exports = async ({ api }) => {\n"
            + "  const res = await api.get('/echo-json');\n"
            + "  throw new Error('cannot use key ' + res.yourKey);\n"
            + "};";
        FunctionHarness.Response e = act(Map.of("connectionKey", app.connection, "code", failing));
        assertEquals("CUSTOM_CODE_ERROR", e.json().path("code").asText(), e.toString());
        assertRedacted(e.json().path("actionRunId").asText());
    }

    @Test
    void aCodeRunUsingSeveralConnectionsRedactsTheSecretsOfEach() {
        String code = "module.exports = async ({ api, membrane }) => {\n"
            + "  const q = await membrane.connection('qry').proxy.get('/echo-json');\n"
            + "  const b = await membrane.connection('basic').proxy.get('/echo-json');\n"
            + "  const h = await api.get('/echo-json');\n"
            + "  console.log('keys', q.yourKey, b.yourKey, h.yourKey);\n"
            + "  return { q: q.yourKey, b: b.yourKey, h: h.yourKey, headers: [q.headers, b.headers, h.headers] };\n"
            + "};";
        FunctionHarness.Response r = act(Map.of("connectionKey", "hdr", "code", code));
        assertEquals(200, r.status(), r.toString());
        assertEquals(QUERY_KEY, r.json().path("output").path("q").asText(), "the code did get every secret back");
        assertEquals(BASIC_PASS, r.json().path("output").path("b").asText());
        JsonNode log = log(r.json().path("actionRunId").asText());
        assertEquals(3, log.path("details").path("exchanges").size());
        assertRedacted(r.json().path("actionRunId").asText());
    }

    // ------------------------------------------------------------------------------------------- raw storage

    @Test
    void theRawRunLogItemsHoldNoSecret() {
        // make sure there are runs of every kind even when this test runs first
        for (App app : App.values()) {
            act(Map.of("connectionKey", app.connection, "api", api("GET", "/echo-json")));
            act(Map.of("connectionKey", app.connection, "api", api("GET", "/echo-header")));
            act(Map.of("connectionKey", app.connection, "api", api("POST", "/fail")));
            Map<String, Object> planted = api("POST", "/echo-json/items/" + app.secret);
            planted.put("body", Map.of("note", app.secret));
            planted.put("query", Map.of("q", app.secret));
            act(Map.of("connectionKey", app.connection, "api", planted));
        }
        Set<String> found = new LinkedHashSet<>();
        int scanned = 0;
        for (var page : TestStorage.client().scanPaginator(s -> s.tableName(TestStorage.tableNames().runLogs()))) {
            for (Map<String, AttributeValue> stored : page.items()) {
                Map<String, AttributeValue> item = dev.actgate.shared.testing.StoredRunLogs.readable(stored);
                scanned++;
                String sk = item.get("sk").s();
                if (item.get("pk").s().startsWith(ws.id() + "#")) {
                    found.add(sk);
                }
                for (var attr : item.entrySet()) {
                    String v = attr.getValue().s();
                    if (v != null) {
                        assertNoSecret("raw item " + sk + " attribute " + attr.getKey(), v);
                    }
                }
            }
        }
        assertTrue(scanned > 0);
        for (String id : runIds) {
            assertTrue(found.contains(id), "run log " + id + " was stored");
        }
    }

    // ------------------------------------------------------------------------------------------- TTL

    @Test
    void expiresAtIsCompletedAtPlusThirtyDaysInEpochSeconds() {
        FunctionHarness.Response r = act(Map.of("connectionKey", "hdr", "api", api("GET", "/echo-json")));
        String runId = r.json().path("actionRunId").asText();
        Map<String, AttributeValue> item = TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().runLogs())
            .key(Map.of("pk", AttributeValue.fromS(ws.id() + "#rita"), "sk", AttributeValue.fromS(runId)))).item();
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        JsonNode log = log(runId);
        long completedAt = java.time.Instant.parse(log.path("completedAt").asText()).getEpochSecond();
        assertTrue(Math.abs(expiresAt - (completedAt + 30L * 86_400)) <= 2, "expiresAt " + expiresAt + " vs completedAt " + completedAt);
        assertEquals(java.time.Instant.ofEpochSecond(expiresAt), java.time.Instant.parse(log.path("expiresAt").asText()));
    }
}
