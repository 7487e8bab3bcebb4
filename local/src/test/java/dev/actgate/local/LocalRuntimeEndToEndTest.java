package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's promises against the real local runtime over real HTTP: every function through its Lambda handler in
 * its own class loader, routed by template.yaml, on DynamoDB Local, with the demo app seeded through the public API.
 */
class LocalRuntimeEndToEndTest {
    static LocalRuntime runtime;
    static LocalPaths paths;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static String missing;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        missing = Prerequisites.functionArchives(root);
        if (missing == null) {
            paths = LocalPaths.of(root, Files.createTempDirectory("actgate-e2e"));
            runtime = LocalRuntime.start(paths, "127.0.0.1", 0, 0, null);
        }
    }

    @BeforeEach
    void prerequisites() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String cliToken(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, paths);
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aFreshTenantListsNoConnectionsAndBadTokensAreRefused() throws Exception {
        String token = cliToken("token", "--tenant", "alice");
        assertFalse(token.contains("\n"), "token prints only the JWT");
        HttpResponse<String> r = call("GET", "/connections", token, null);
        assertEquals(200, r.statusCode());
        assertEquals("{\"items\":[]}", r.body());
        HttpResponse<String> expired = call("GET", "/connections", cliToken("token", "--tenant", "alice", "--ttl", "-5m"), null);
        assertEquals(401, expired.statusCode());
        assertEquals("UNAUTHORIZED", JSON.readTree(expired.body()).path("code").asText());
        assertEquals(401, call("GET", "/connections", "garbage", null).statusCode());
        HttpResponse<String> forbidden = call("POST", "/integrations", token, "{\"connectorKey\":\"github\"}");
        assertEquals(403, forbidden.statusCode());
        assertEquals("FORBIDDEN", JSON.readTree(forbidden.body()).path("code").asText());
        HttpResponse<String> unknown = call("GET", "/no/such/route", token, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("NOT_FOUND", JSON.readTree(unknown.body()).path("code").asText());
    }

    @Test
    void theReadmesFirstActWorks() throws Exception {
        HttpResponse<String> r = call("POST", "/act", cliToken("token"),
            "{\"connectionKey\":\"demo-todos\",\"api\":{\"method\":\"POST\",\"path\":\"/todos\",\"body\":{\"title\":\"Hello from actgate\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("Hello from actgate", body.path("output").path("title").asText());
        assertTrue(body.path("actionRunId").asText().startsWith("run_"));
    }

    @Test
    void theTroubleshootingLoopShowsTheExternalAppsAnswer() throws Exception {
        String token = cliToken("token");
        HttpResponse<String> failed = call("POST", "/act", token,
            "{\"connectionKey\":\"demo-todos\",\"api\":{\"method\":\"GET\",\"path\":\"/todos/999\"}}");
        assertEquals(424, failed.statusCode(), failed.body());
        JsonNode error = JSON.readTree(failed.body());
        assertEquals("external_app", error.path("attribution").asText());
        String runId = error.path("actionRunId").asText();
        HttpResponse<String> details = call("GET", "/action-run-logs/" + runId + "/details", token, null);
        assertEquals(200, details.statusCode(), details.body());
        JsonNode exchange = JSON.readTree(details.body()).path("exchanges").get(0);
        assertEquals(404, exchange.path("status").asInt());
        assertTrue(exchange.path("responseBody").asText().contains("no such todo"));
        assertEquals("[REDACTED]", exchange.path("requestHeaders").path("X-Api-Key").get(0).asText(), exchange.toString());
        String apiKey = LocalDemo.apiKey(paths);
        assertFalse(details.body().contains(apiKey), "the demo API key never appears in a run log");

        HttpResponse<String> summary = call("GET", "/action-run-logs/" + runId, token, null);
        JsonNode replay = JSON.readTree(summary.body()).path("action");
        HttpResponse<String> again = call("POST", "/act", token, replay.toString());
        assertEquals(424, again.statusCode(), "replaying the logged action reproduces the call");
        HttpResponse<String> otherTenant = call("GET", "/action-run-logs/" + runId, cliToken("token", "--tenant", "mallory"), null);
        assertEquals(404, otherTenant.statusCode());
    }
}
