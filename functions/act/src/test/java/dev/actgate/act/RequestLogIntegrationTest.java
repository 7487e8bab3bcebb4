package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators read in CloudWatch: one JSON line per request with every field they filter on, and EMF metric
 * lines — and none of the secrets a caller plants in the request (token, body fields, query) or the connection's key.
 */
@ActFixtureSettings({"actgate.observability.request-log=true", "actgate.observability.metrics=true"})
class RequestLogIntegrationTest extends ActFixtureBase {
    static final String API_KEY = "conn-key-SECRET-7c1d92e4";
    static final String BODY_SECRET = "body-password-SECRET-52aa";
    static final String QUERY_SECRET = "query-token-SECRET-90b1";
    static String token;

    @BeforeAll
    static void start() {
        token = TestWorkspaces.tenantToken(ws, "alice");
        ActTestSetup.integration(ws, "logged", upstream.baseUrl(), Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"), Map.of());
        ActTestSetup.connection(ws, "alice", "logged", "logged", Map.of("apiKey", API_KEY), false);
        upstream.on("/things", r -> TestUpstream.Reply.json(201, "{\"id\":7}"));
    }

    static List<JsonNode> capture(Runnable call) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            call.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(TestStorage.JSON.readTree(line));
            }
        }
        String all = buffer.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(token, API_KEY, BODY_SECRET, QUERY_SECRET)) {
            assertFalse(all.contains(secret), "a planted secret reached the log: " + secret.substring(0, 12) + "…");
        }
        return lines;
    }

    @Test
    void oneLinePerRequestWithEveryFieldAndNoSecret() throws Exception {
        FunctionHarness.Response[] response = new FunctionHarness.Response[1];
        List<JsonNode> lines = capture(() -> response[0] = act.request("POST", "/act?api_key=" + QUERY_SECRET).bearer(token)
            .header("X-Request-Note", BODY_SECRET)
            .json(Map.of("connectionKey", "logged", "api", Map.of("method", "POST", "path", "/things",
                "body", Map.of("name", "a thing", "password", BODY_SECRET)))).send());
        assertEquals(200, response[0].status(), response[0].toString());
        List<JsonNode> requests = lines.stream().filter(l -> "request".equals(l.path("type").asText())).toList();
        assertEquals(1, requests.size(), "one request line: " + lines);
        JsonNode line = requests.get(0);
        assertNotNull(line.get("requestId"));
        assertFalse(line.get("requestId").asText().isBlank());
        assertEquals(ws.key(), line.path("workspace").asText());
        assertEquals("alice", line.path("tenant").asText());
        assertEquals("POST /act", line.path("route").asText());
        assertEquals("api", line.path("action").asText());
        assertEquals(response[0].json().path("actionRunId").asText(), line.path("runId").asText());
        assertEquals("logged", line.path("integration").asText());
        assertEquals(200, line.path("status").asInt());
        assertEquals(201, line.path("upstreamStatus").asInt());
        assertEquals(1, line.path("attempts").asInt());
        assertTrue(line.path("durationMs").isIntegralNumber());
        assertTrue(line.path("time").asText().endsWith("Z"));
    }

    @Test
    void failuresCarryTheErrorCodeAndAttribution() throws Exception {
        List<JsonNode> lines = capture(() -> act.request("POST", "/act").bearer(token)
            .json(Map.of("connectionKey", "nope", "api", Map.of("method", "GET", "path", "/x"))).send());
        JsonNode line = lines.stream().filter(l -> "request".equals(l.path("type").asText())).findFirst().orElseThrow();
        assertEquals(404, line.path("status").asInt());
        assertEquals("CONNECTION_NOT_FOUND", line.path("errorCode").asText());
        assertEquals("caller", line.path("attribution").asText());
        assertTrue(line.hasNonNull("runId"), "a failed run is still named: " + line);
    }

    @Test
    void metricsAreEmbeddedMetricFormatWithBoundedDimensions() throws Exception {
        List<JsonNode> lines = capture(() -> act.request("POST", "/act").bearer(token)
            .json(Map.of("connectionKey", "logged", "api", Map.of("method", "POST", "path", "/things"))).send());
        JsonNode emf = lines.stream().filter(l -> l.has("_aws")).findFirst().orElseThrow(() -> new AssertionError("no EMF line: " + lines));
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("actgate", directive.path("Namespace").asText());
        List<String> dimensions = new ArrayList<>();
        directive.path("Dimensions").forEach(set -> set.forEach(d -> dimensions.add(d.asText())));
        assertEquals(List.of("integration", "door"), dimensions, "no tenant or run id as a dimension");
        List<String> metrics = new ArrayList<>();
        directive.path("Metrics").forEach(m -> metrics.add(m.path("Name").asText()));
        assertTrue(metrics.containsAll(List.of("Dispatches", "Errors", "ErrorsCaller", "ErrorsActgate", "ErrorsExternalApp", "Retries",
            "InDoubt", "Duration", "UpstreamLatency")), metrics.toString());
        assertEquals("logged", emf.path("integration").asText());
        assertEquals(1, emf.path("Dispatches").asInt());
        assertEquals(0, emf.path("Errors").asInt());
        assertTrue(emf.path("_aws").path("Timestamp").asLong() > 0);
    }
}
