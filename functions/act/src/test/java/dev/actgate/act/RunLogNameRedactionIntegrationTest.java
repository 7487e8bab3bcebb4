package dev.actgate.act;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLogService;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets actgate does not know as connection credentials (a password in a request body, an access token an app
 * returns, a client secret in a form, a token in the query, a secret a code run logs) are redacted BY NAME in every
 * stored body, header, query and console line: checked on the raw run-log items in DynamoDB and on what
 * {@code /details} serves. Each case plants unique values, and the test first checks the app really saw or sent them.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=10")
class RunLogNameRedactionIntegrationTest extends ActFixtureBase {
    static String tenant;

    @BeforeAll
    static void start() {
        tenant = TestWorkspaces.tenantToken(ws, "nora");
        ActTestSetup.integration(ws, "named-app", upstream.baseUrl() + "/n", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"),
            Map.of());
        ActTestSetup.connection(ws, "nora", "named-app", "named", Map.of("apiKey", "conn-key-0000-known"), false);
        upstream.on("/n/login-json", r -> Reply.json(200, "{\"access_token\":\"RESP-AT-7f3a9c\",\"refresh_token\":\"RESP-RT-2b8d1e\","
            + "\"user\":{\"name\":\"ann\",\"password\":\"RESP-PW-5c6e7f\"},\"token_type\":\"bearer\",\"expires_in\":3600}"));
        upstream.on("/n/login-form", r -> new Reply(200, Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "access_token=RESP-FORM-AT-91ab&token_type=bearer&scope=repo", 0, false));
        upstream.on("/n/login-text", r -> Reply.text(200, "ok\nclient_secret=RESP-TEXT-CS-44aa\npassword: RESP-TEXT-PW-55bb\n"
            + "Authorization: Bearer RESP-TEXT-BEARER-66cc77dd"));
        upstream.on("/n/echo", r -> Reply.json(200, "{\"ok\":true}"));
    }

    record Case(String name, Map<String, Object> body, List<String> planted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, Object> api(String method, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("path", path);
        return m;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Map<String, Object> jsonReq = api("POST", "/echo");
        jsonReq.put("body", Map.of("username", "ann", "password", "REQ-PW-a1b2c3", "client_secret", "REQ-CS-d4e5f6",
            "nested", Map.of("apiKey", "REQ-AK-778899", "list", List.of(Map.of("refreshToken", "REQ-RT-aabbcc")))));
        c.add(new Case("JSON request body", Map.of("connectionKey", "named", "api", jsonReq),
            List.of("REQ-PW-a1b2c3", "REQ-CS-d4e5f6", "REQ-AK-778899", "REQ-RT-aabbcc")));
        Map<String, Object> formReq = api("POST", "/echo");
        formReq.put("headers", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        formReq.put("body", Map.of("grant_type", "password", "password", "FORM-PW-123abc", "client_secret", "FORM-CS-456def"));
        c.add(new Case("form request body", Map.of("connectionKey", "named", "api", formReq), List.of("FORM-PW-123abc", "FORM-CS-456def")));
        Map<String, Object> queryReq = api("GET", "/echo");
        queryReq.put("query", Map.of("access_token", "QUERY-AT-9988aa", "signature", "QUERY-SIG-7766bb", "page", "2"));
        c.add(new Case("query parameters", Map.of("connectionKey", "named", "api", queryReq), List.of("QUERY-AT-9988aa", "QUERY-SIG-7766bb")));
        c.add(new Case("JSON response body", Map.of("connectionKey", "named", "api", api("POST", "/login-json")),
            List.of("RESP-AT-7f3a9c", "RESP-RT-2b8d1e", "RESP-PW-5c6e7f")));
        c.add(new Case("form response body", Map.of("connectionKey", "named", "api", api("POST", "/login-form")), List.of("RESP-FORM-AT-91ab")));
        c.add(new Case("text response body", Map.of("connectionKey", "named", "api", api("GET", "/login-text")),
            List.of("RESP-TEXT-CS-44aa", "RESP-TEXT-PW-55bb", "RESP-TEXT-BEARER-66cc77dd")));
        c.add(new Case("console lines of code", Map.of("connectionKey", "named", "code",
            // the values come from the app at run time (a secret in the code's own source is the caller's to keep out)
            "module.exports = async ({ api }) => {\n"
                + "  const res = await api.post('/login-json');\n"
                + "  console.log(JSON.stringify({ user: 'ann', password: res.user.password }));\n"
                + "  console.log('client_secret=' + res.refresh_token + ' and more');\n"
                + "  console.warn('sending', { apiKey: res.access_token });\n"
                + "  return 1;\n}"),
            List.of("RESP-PW-5c6e7f", "RESP-RT-2b8d1e", "RESP-AT-7f3a9c")));
        return c;
    }

    static RunLogService service() {
        return act.context().getBean(RunLogService.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void secretsPlantedByNameAreRedactedInTheTableAndInDetails(Case c) throws Exception {
        int before = upstream.received().size();
        FunctionHarness.Response r = act.request("POST", "/act").bearer(tenant).json(c.body).send();
        assertEquals(200, r.status(), r.toString());
        String runId = r.json().path("actionRunId").asText();
        // the values really travelled (request cases) — so a clean log is not clean because nothing happened
        String seenByApp = upstream.received().subList(before, upstream.received().size()).toString();
        if (c.name.contains("request") || c.name.contains("query")) {
            for (String p : c.planted) {
                assertTrue(seenByApp.contains(p), c.name + ": the app received " + p);
            }
        }
        Map<String, AttributeValue> item = TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().runLogs())
            .key(Map.of("pk", AttributeValue.fromS(ws.id() + "#nora"), "sk", AttributeValue.fromS(runId)))).item();
        assertFalse(item.isEmpty(), "run log stored");
        String raw = dev.actgate.shared.testing.StoredRunLogs.readable(item).toString();
        Caller caller = new Caller(ws.id(), ws.key(), "nora", false);
        String details = TestStorage.JSON.writeValueAsString(service().details(caller, runId));
        for (String p : c.planted) {
            assertFalse(raw.contains(p), c.name + ": raw run-log item contains " + p + ": " + raw);
            assertFalse(details.contains(p), c.name + ": /details contains " + p + ": " + details);
        }
        assertTrue(raw.contains("[REDACTED]"), c.name + ": something was redacted (the check is not vacuous)");
        assertTrue(details.contains("[REDACTED]"), c.name);
    }
}
