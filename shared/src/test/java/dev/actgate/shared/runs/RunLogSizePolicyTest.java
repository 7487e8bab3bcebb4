package dev.actgate.shared.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ErrorBody;
import dev.actgate.shared.testing.TestStorage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The size policy alone: what a stored run log keeps, and how a run too large for one item is cut, with no I/O. */
class RunLogSizePolicyTest {
    final RunLogSizePolicy policy = new RunLogSizePolicy(TestStorage.jsonAttributes());

    static RunLog run(JsonNode input, JsonNode output, List<RunExchange> exchanges, List<RunLog.ConsoleEntry> console,
                      ObjectNode action, ErrorBody error) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new RunLog("run_01abcdefghjkmnpqrstvwxyz00", "ws_1", "alice", error == null ? RunLog.SUCCESS : RunLog.ERROR, "act",
            action, null, "conn_1", "todo", "int_1", "todo", input, output, error, null, at, at.plusMillis(40), 40, 1,
            "succeeded", exchanges, console, null, 1_800_000_000L, "0af7651916cd43dd8448eb211c80319c");
    }

    static RunExchange exchange(int attempt, String requestBody, String responseBody) {
        return new RunExchange(attempt, Instant.parse("2026-12-01T10:00:00Z"), null, "POST", "http://127.0.0.1:9/todos",
            Map.of("content-type", List.of("application/json")), requestBody, 200,
            Map.of("content-type", List.of("application/json")), responseBody, 12L, null, null);
    }

    JsonNode tree(String json) {
        return TestStorage.jsonAttributes().read(json, JsonNode.class);
    }

    @Test
    void aSmallRunIsKeptWholeWithItsDetailsApartFromItsSummary() {
        ObjectNode action = TestStorage.JSON.createObjectNode();
        action.putObject("api").put("method", "GET").put("path", "/todos");
        RunLog r = run(null, TestStorage.JSON.createArrayNode().add("a"), List.of(exchange(1, null, "[\"a\"]")), null, action, null);
        RunLogSizePolicy.Fitted f = policy.fit(r, 300);
        assertFalse(f.truncated());
        JsonNode summary = tree(f.summaryJson());
        assertEquals("run_01abcdefghjkmnpqrstvwxyz00", summary.path("id").asText());
        assertEquals("[\"a\"]", summary.path("output").toString());
        assertEquals("0af7651916cd43dd8448eb211c80319c", summary.path("traceId").asText());
        assertTrue(summary.path("exchanges").isMissingNode(), "exchanges live in the details, not the summary");
        assertFalse(summary.has("detailsTruncated"));
        JsonNode details = tree(f.detailsJson());
        assertEquals(1, details.path("exchanges").size());
        assertEquals("[\"a\"]", details.path("exchanges").get(0).path("responseBody").asText());
        assertFalse(details.has("truncated"));
    }

    @Test
    void detailsOverTheirBudgetHaveBodiesCutTo1KiBWithAMarker() {
        String big = "x".repeat(40_000);
        List<RunExchange> exchanges = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            exchanges.add(exchange(k, big, big));
        }
        RunLogSizePolicy.Fitted f = policy.fit(run(null, null, exchanges, null, null, null), 300);
        assertTrue(f.truncated());
        assertTrue(RunLogSizePolicy.utf8Length(f.detailsJson()) <= RunLogSizePolicy.MAX_DETAILS_BYTES);
        JsonNode details = tree(f.detailsJson());
        assertTrue(details.path("truncated").asBoolean());
        assertEquals(10, details.path("exchanges").size(), "every exchange's metadata is kept");
        JsonNode first = details.path("exchanges").get(0);
        assertEquals("x".repeat(1024) + RunLogSizePolicy.CLIP_MARKER, first.path("responseBody").asText());
        assertTrue(first.path("bodyTruncated").asBoolean());
        assertTrue(tree(f.summaryJson()).path("detailsTruncated").asBoolean(), "the summary says the details were cut");
    }

    @Test
    void tooManyExchangesAreDroppedFromTheMiddleKeepingFirstAndLast() {
        List<RunExchange> exchanges = new ArrayList<>();
        for (int k = 1; k <= 400; k++) {
            exchanges.add(exchange(k, "r".repeat(2000), "s".repeat(2000)));
        }
        RunLogSizePolicy.Fitted f = policy.fit(run(null, null, exchanges, null, null, null), 300);
        JsonNode ex = tree(f.detailsJson()).path("exchanges");
        assertTrue(ex.size() < 400 && ex.size() >= 2, "exchanges " + ex.size());
        assertEquals(1, ex.get(0).path("attempt").asInt());
        assertEquals(400, ex.get(ex.size() - 1).path("attempt").asInt());
        assertTrue(RunLogSizePolicy.utf8Length(f.detailsJson()) <= RunLogSizePolicy.MAX_DETAILS_BYTES);
    }

    @Test
    void aLargeInputOrOutputIsReplacedInTheSummaryByAMarkerWithItsSize() {
        JsonNode output = TestStorage.JSON.createObjectNode().put("blob", "y".repeat(100_000));
        JsonNode input = TestStorage.JSON.createObjectNode().put("n", 1);
        RunLogSizePolicy.Fitted f = policy.fit(run(input, output, List.of(), null, null, null), 300);
        JsonNode s = tree(f.summaryJson());
        assertTrue(RunLogSizePolicy.utf8Length(f.summaryJson()) <= RunLogSizePolicy.MAX_SUMMARY_BYTES);
        assertTrue(s.path("output").path("truncated").asBoolean());
        assertEquals(RunLogSizePolicy.utf8Length(TestStorage.jsonAttributes().write(output)), s.path("output").path("bytes").asInt());
        assertEquals(1, s.path("input").path("n").asInt(), "the small input stays");
    }

    @Test
    void theSummaryGivesWayLargestFirstUntilTheItemFitsAndKeepsTheDispatchFields() {
        ObjectNode action = TestStorage.JSON.createObjectNode();
        ObjectNode api = action.putObject("api").put("method", "POST").put("path", "/upload");
        api.put("body", "z".repeat(150_000));
        ErrorBody error = new ErrorBody("action_run", null, "UPSTREAM_ERROR", "boom", "external_app",
            Map.of("body", "e".repeat(150_000)), null);
        // details nearly at their budget leave little room for the summary
        List<RunExchange> exchanges = List.of(exchange(1, "q".repeat(130_000), "w".repeat(130_000)));
        RunLogSizePolicy.Fitted f = policy.fit(run(null, null, exchanges, null, action, error), 300);
        int total = RunLogSizePolicy.utf8Length(f.summaryJson()) + RunLogSizePolicy.utf8Length(f.detailsJson()) + 300;
        assertTrue(total <= RunLogSizePolicy.MAX_ITEM_BYTES, "item " + total);
        JsonNode s = tree(f.summaryJson());
        assertEquals("POST", s.path("action").path("api").path("method").asText(), "the dispatch fields stay");
        assertEquals("/upload", s.path("action").path("api").path("path").asText());
        assertTrue(s.path("action").path("api").path("body").path("truncated").asBoolean());
        assertEquals("UPSTREAM_ERROR", s.path("error").path("code").asText());
    }

    @Test
    void theConsoleIsCutToItsFirstLinesWhenTheDetailsAreOverBudget() {
        List<RunLog.ConsoleEntry> console = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            console.add(new RunLog.ConsoleEntry("info", "line " + k + " " + "c".repeat(2000), Instant.EPOCH));
        }
        RunLogSizePolicy.Fitted f = policy.fit(run(null, null, List.of(), console, null, null), 300);
        JsonNode lines = tree(f.detailsJson()).path("console");
        assertTrue(lines.size() > 0 && lines.size() <= 200, "console lines " + lines.size());
        assertTrue(lines.get(0).path("message").asText().startsWith("line 0 "));
        assertTrue(lines.get(0).path("message").asText().endsWith(RunLogSizePolicy.CLIP_MARKER));
    }

    @Test
    void clipNeverSplitsASurrogatePairAndCountsUtf8LikeDynamoDb() {
        String s = "a".repeat(1023) + "\uD83D\uDE00" + "b";
        assertEquals("a".repeat(1023) + RunLogSizePolicy.CLIP_MARKER, RunLogSizePolicy.clip(s, 1024));
        assertNull(RunLogSizePolicy.clip(null, 10));
        assertEquals(4, RunLogSizePolicy.utf8Length("\uD83D\uDE00"));
        assertEquals(3, RunLogSizePolicy.utf8Length("€"));
        assertEquals(2, RunLogSizePolicy.utf8Length("é"));
        assertEquals(0, RunLogSizePolicy.utf8Length(null));
    }
}
