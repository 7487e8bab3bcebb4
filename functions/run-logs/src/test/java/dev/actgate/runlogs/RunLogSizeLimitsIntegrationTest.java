package dev.actgate.runlogs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ErrorBody;
import dev.actgate.shared.runs.DynamoRunLogRepository;
import dev.actgate.shared.runs.RunExchange;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run log is one DynamoDB item, and DynamoDB items stop at 400 KB: however large the exchanges, bodies, input,
 * output or error of a run are, it is stored (never a DynamoDB error, never lost), says it was truncated, and every
 * cut body carries a marker.
 */
class RunLogSizeLimitsIntegrationTest {
    static final int DYNAMODB_ITEM_LIMIT = 400 * 1024;
    @AutoClose
    static final FunctionHarness runLogs = FunctionHarness.start();
    static final DynamoRunLogRepository repository = runLogs.context().getBean(DynamoRunLogRepository.class);
    static Workspace ws;
    static String token;

    @BeforeAll
    static void start() {
        ws = TestWorkspaces.create();
        token = TestWorkspaces.tenantToken(ws, "alice");
    }

    static RunExchange exchange(int attempt, String requestBody, String responseBody, Map<String, List<String>> responseHeaders,
                                String url) {
        return new RunExchange(attempt, Instant.now(), attempt > 1 ? 100L : null, "POST", url,
            Map.of("content-type", List.of("application/json")), requestBody, 500, responseHeaders, responseBody, 10L, null, null);
    }

    static RunLog run(ObjectNode action, JsonNode input, JsonNode output, ErrorBody error, JsonNode meta, List<RunExchange> exchanges,
                      List<RunLog.ConsoleEntry> console) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunLog(Ids.newId("run"), ws.id(), "alice", error == null ? RunLog.SUCCESS : RunLog.ERROR, "act", action, null,
            "conn_01aaaaaaaaaaaaaaaaaaaaaaaa", "big", "int_01x", "big-app", input, output, error, meta, at, at.plusMillis(5), 5,
            exchanges.size(), error == null ? "succeeded" : "failed", exchanges, console, null,
            at.plus(Duration.ofDays(30)).getEpochSecond());
    }

    static ObjectNode apiAction(String body) {
        ObjectNode act = TestStorage.JSON.createObjectNode();
        act.put("connectionKey", "big");
        ObjectNode api = act.putObject("api");
        api.put("method", "POST").put("path", "/upload");
        if (body != null) {
            api.putObject("body").put("content", body);
        }
        return act;
    }

    static Map<String, AttributeValue> rawItem(RunLog r) {
        return TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().runLogs())
            .key(Map.of("pk", AttributeValue.fromS(ws.id() + "#alice"), "sk", AttributeValue.fromS(r.id())))).item();
    }

    /** DynamoDB's item size: attribute names plus values, strings in UTF-8. */
    static int itemBytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (var e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            AttributeValue v = e.getValue();
            size += v.s() != null ? v.s().getBytes(StandardCharsets.UTF_8).length : v.n() != null ? v.n().length()
                : v.b() != null ? v.b().asByteArray().length : 1;
        }
        return size;
    }

    /** Saves, checks the item is there and fits, and returns the run as the API serves it with details. */
    static JsonNode saveAndRead(RunLog r) {
        repository.save(r);
        Map<String, AttributeValue> item = rawItem(r);
        assertFalse(item.isEmpty(), "the run log was stored");
        assertTrue(itemBytes(item) < DYNAMODB_ITEM_LIMIT, "item of " + itemBytes(item) + " bytes");
        FunctionHarness.Response full = runLogs.request("GET", "/action-run-logs/" + r.id() + "?includeDetails=true").bearer(token).send();
        assertEquals(200, full.status(), () -> full.status() + " " + full.body().substring(0, Math.min(500, full.body().length())));
        FunctionHarness.Response details = runLogs.request("GET", "/action-run-logs/" + r.id() + "/details").bearer(token).send();
        assertEquals(200, details.status());
        FunctionHarness.Response list = runLogs.request("GET", "/action-run-logs?limit=1000").bearer(token).send();
        assertEquals(200, list.status());
        boolean listed = false;
        for (JsonNode i : list.json().path("items")) {
            listed |= i.path("id").asText().equals(r.id());
        }
        assertTrue(listed, "listed");
        return full.json();
    }

    static void assertTruncated(JsonNode full) {
        assertTrue(full.path("detailsTruncated").asBoolean(), "summary says the details were truncated");
        assertTrue(full.path("details").path("truncated").asBoolean(), "details say truncated");
    }

    @Test
    void bodiesFarAbove400KbAreCutWithAMarker() {
        String big = "{\"data\":\"" + "x".repeat(100_000) + "\"}";
        List<RunExchange> exchanges = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            exchanges.add(exchange(i, big, big, Map.of("content-type", List.of("application/json")), "http://127.0.0.1:9/upload"));
        }
        JsonNode full = saveAndRead(run(apiAction("small"), null, null, null, null, exchanges, null));
        assertTruncated(full);
        JsonNode stored = full.path("details").path("exchanges");
        assertTrue(stored.size() >= 2, stored.size() + " exchanges kept");
        assertEquals(1, stored.get(0).path("attempt").asInt(), "the first attempt is kept");
        assertEquals(12, stored.get(stored.size() - 1).path("attempt").asInt(), "the last attempt is kept");
        for (JsonNode e : stored) {
            assertTrue(e.path("bodyTruncated").asBoolean());
            for (String field : List.of("requestBody", "responseBody")) {
                String body = e.path(field).asText();
                assertTrue(body.startsWith("{\"data\":\"xxxx"), "the start of the body is kept");
                assertTrue(body.contains("truncated"), field + " carries the truncation marker: " + body.substring(body.length() - 40));
                assertTrue(body.length() < 2_000, "cut to about 1 KB, not " + body.length());
            }
            assertEquals(500, e.path("status").asInt(), "metadata is kept");
        }
        assertEquals("small", full.path("action").path("api").path("body").path("content").asText(), "the summary is untouched");
    }

    @Test
    void multiByteBodiesAreMeasuredInBytesNotCharacters() {
        // 8 bodies of 32K characters (what the act engine keeps per body) of 3-byte characters: 256K characters, 768 KB
        String cjk = "日本語のテキスト".repeat(4096);
        List<RunExchange> exchanges = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            exchanges.add(exchange(i, cjk, cjk, Map.of(), "http://127.0.0.1:9/upload"));
        }
        JsonNode full = saveAndRead(run(apiAction(null), null, null, null, null, exchanges, null));
        assertTruncated(full);
        for (JsonNode e : full.path("details").path("exchanges")) {
            assertTrue(e.path("responseBody").asText().startsWith("日本語"));
            assertTrue(e.path("responseBody").asText().contains("truncated"));
        }

        String emoji = "😀".repeat(16_000);  // surrogate pairs: 2 chars, 4 bytes each
        List<RunExchange> more = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            more.add(exchange(i, emoji, emoji, Map.of(), "http://127.0.0.1:9/upload"));
        }
        JsonNode again = saveAndRead(run(apiAction(null), null, null, null, null, more, null));
        assertTruncated(again);
        String cut = again.path("details").path("exchanges").get(0).path("requestBody").asText();
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1)), "lone high surrogate at " + i);
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + i);
            }
        }
    }

    @Test
    void largeSummaryFieldsAreReplacedByAMarkerAndTheRunIsStillStored() {
        String huge = "y".repeat(500_000);
        ObjectNode input = TestStorage.JSON.createObjectNode().put("file", huge);
        ObjectNode output = TestStorage.JSON.createObjectNode().put("echo", huge);
        ObjectNode meta = TestStorage.JSON.createObjectNode().put("note", "z".repeat(120_000));
        ErrorBody error = new ErrorBody("action_run", null, "UPSTREAM_ERROR", "The external app answered 500", "external_app",
            Map.of("source", "external_app", "status", 500, "body", Map.of("trace", huge)), null);
        ObjectNode action = apiAction(huge);
        action.set("input", input);
        action.set("meta", meta);
        JsonNode full = saveAndRead(run(action, input, output, error, meta,
            List.of(exchange(1, "{}", "{\"trace\":\"" + "t".repeat(20_000) + "\"}", Map.of(), "http://127.0.0.1:9/upload")), null));
        assertEquals("error", full.path("status").asText());
        assertEquals("UPSTREAM_ERROR", full.path("error").path("code").asText(), "the error code stays");
        assertEquals("external_app", full.path("error").path("attribution").asText());
        assertEquals("The external app answered 500", full.path("error").path("message").asText());
        assertEquals("big", full.path("action").path("connectionKey").asText(), "the action keeps what was called");
        assertEquals("POST", full.path("action").path("api").path("method").asText());
        assertEquals("/upload", full.path("action").path("api").path("path").asText());
        assertFalse(full.toString().contains("y".repeat(40_000)), "the huge values are gone");
        assertTrue(full.toString().contains("\"truncated\":true"), "and a marker says so");
        assertEquals(1, full.path("details").path("exchanges").size());
    }

    @Test
    void largeErrorBodyAloneStillKeepsTheRestOfTheRun() {
        ErrorBody error = new ErrorBody("action_run", null, "UPSTREAM_ERROR", "The external app answered 422", "external_app",
            Map.of("source", "external_app", "status", 422, "body", Map.of("errors", "e".repeat(600_000))), null);
        JsonNode full = saveAndRead(run(apiAction("small"), null, null, error, null,
            List.of(exchange(1, "{}", "{}", Map.of(), "http://127.0.0.1:9/upload")), null));
        assertEquals(422, full.path("error").path("data").path("status").asInt(), "the status of the external app is kept");
        assertEquals("small", full.path("action").path("api").path("body").path("content").asText());
    }

    @Test
    void manyExchangesKeepTheFirstAndLast() {
        List<RunExchange> exchanges = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            exchanges.add(exchange(i, "r".repeat(2_000), "s".repeat(2_000), Map.of("x-request-id", List.of("req-" + i)),
                "http://127.0.0.1:9/items/" + i));
        }
        JsonNode full = saveAndRead(run(apiAction(null), null, null, null, null, exchanges, null));
        assertTruncated(full);
        JsonNode stored = full.path("details").path("exchanges");
        assertTrue(stored.size() < 600 && stored.size() >= 2);
        assertEquals(1, stored.get(0).path("attempt").asInt());
        assertEquals(600, stored.get(stored.size() - 1).path("attempt").asInt());
        assertEquals(600, full.path("attempts").asInt(), "the summary still counts every attempt");
    }

    @Test
    void hugeHeadersAndUrlsStillFit() {
        Map<String, List<String>> headers = Map.of("x-debug", List.of("h".repeat(250_000)));
        List<RunExchange> exchanges = List.of(
            exchange(1, "{}", "{}", headers, "http://127.0.0.1:9/items?q=" + "u".repeat(250_000)),
            exchange(2, "{}", "{}", headers, "http://127.0.0.1:9/items?q=" + "u".repeat(250_000)));
        JsonNode full = saveAndRead(run(apiAction(null), null, null, null, null, exchanges, null));
        assertTruncated(full);
        JsonNode stored = full.path("details").path("exchanges");
        assertEquals(2, stored.size());
        assertEquals(500, stored.get(0).path("status").asInt());
        assertNotNull(stored.get(0).path("url").asText(null));
    }

    @Test
    void largeConsoleIsCut() {
        List<RunLog.ConsoleEntry> console = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            console.add(new RunLog.ConsoleEntry("log", i + " " + "c".repeat(2_000), Instant.now()));
        }
        JsonNode full = saveAndRead(run(apiAction(null), null, null, null, null, List.of(), console));
        assertTruncated(full);
        JsonNode lines = full.path("details").path("console");
        assertTrue(lines.size() > 0 && lines.size() < 1000);
        assertTrue(lines.get(0).path("message").asText().startsWith("0 "), "the first lines are kept");
    }

    @Test
    void aListPageStaysUnderTheLambdaResponseLimit() {
        // Lambda cannot return more than 6 MB: 60 runs with 150 KB summaries each (9 MB) must come in several pages.
        Workspace w = TestWorkspaces.create();
        String t = TestWorkspaces.tenantToken(w, "alice");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            RunLog r = new RunLog(Ids.newId("run"), w.id(), "alice", RunLog.SUCCESS, "act", apiAction(i + "b".repeat(150_000)), null,
                "conn_01aaaaaaaaaaaaaaaaaaaaaaaa", "big", "int_01x", "big-app", null, null, null, null, at, at, 1, 1, "succeeded",
                List.of(), null, null, at.plus(Duration.ofDays(30)).getEpochSecond());
            repository.save(r);
            ids.add(r.id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            FunctionHarness.Response page = runLogs.request("GET", "/action-run-logs" + (cursor == null ? "" : "?cursor=" + cursor))
                .bearer(t).send();
            assertEquals(200, page.status());
            assertTrue(page.body().getBytes(StandardCharsets.UTF_8).length < 5_500_000,
                "page of " + page.body().length() + " bytes");
            page.json().path("items").forEach(i -> seen.add(i.path("id").asText()));
            cursor = page.json().path("cursor").asText(null);
            assertTrue(++pages < 100);
        } while (cursor != null);
        assertTrue(pages > 1);
        assertEquals(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList(), seen, "every run once, newest first");
        assertTrue(seen.size() == 60);
    }

    @Test
    void aRunThatFitsIsStoredWhole() {
        String body = "{\"data\":\"" + "x".repeat(30_000) + "\"}";
        JsonNode full = saveAndRead(run(apiAction("small"), null, null, null, null,
            List.of(exchange(1, body, body, Map.of(), "http://127.0.0.1:9/upload")), null));
        assertFalse(full.has("detailsTruncated"));
        assertFalse(full.path("details").has("truncated"));
        assertEquals(body, full.path("details").path("exchanges").get(0).path("responseBody").asText());
    }
}
