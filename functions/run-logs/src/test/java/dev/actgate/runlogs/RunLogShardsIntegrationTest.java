package dev.actgate.runlogs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.runs.DynamoRunLogRepository;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact run-log layout on DynamoDB Local through the real run-logs handler: a workspace's runs spread over the
 * index shards and listed back merged (newest first, every page size, filters, no duplicates or gaps), tenants and
 * workspaces kept apart, the index holding no details, and items of the previous layout — written here straight
 * into the table in their old shape — still read everywhere.
 */
class RunLogShardsIntegrationTest {
    static final String[] TENANTS = {"alice", "bob", "carol"};
    static final int RUNS_PER_TENANT = 45;
    static final String TABLE = "actgate-run-logs";

    @AutoClose
    static final FunctionHarness runLogs = FunctionHarness.start();
    static final DynamoRunLogRepository repository = runLogs.context().getBean(DynamoRunLogRepository.class);
    static Workspace ws;
    static Workspace other;
    static String manager;
    static Instant base;
    /** Every run of {@link #ws}: written by the repository, or in the old layout. */
    static final List<RunLog> runs = new ArrayList<>();
    static final List<RunLog> legacy = new ArrayList<>();

    @BeforeAll
    static void seed() throws Exception {
        ws = TestWorkspaces.create();
        other = TestWorkspaces.create();
        manager = TestWorkspaces.managerToken(ws);
        base = Instant.now().minus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.MILLIS);
        int n = 0;
        for (int i = 0; i < RUNS_PER_TENANT; i++) {
            for (String tenant : TENANTS) {
                RunLog r = RunLogsApiIntegrationTest.summaryRun(ws, tenant, base.plusSeconds(n * 7L), n);
                repository.save(r);
                runs.add(r);
                n++;
            }
        }
        // Written by the previous version: JSON text attributes, the unsharded index key, ALL of it in the index.
        for (int i = 0; i < 6; i++) {
            RunLog r = RunLogsApiIntegrationTest.summaryRun(ws, TENANTS[i % 3], base.plusSeconds(n * 7L + 3), 500 + i);
            putInPreviousLayout(r);
            runs.add(r);
            legacy.add(r);
            n++;
        }
        for (int i = 0; i < 20; i++) {
            repository.save(RunLogsApiIntegrationTest.summaryRun(other, "alice", base.plusSeconds(i * 5L + 1), i));
        }
    }

    /** The item shape of the previous layout, as it was written (DynamoRunLogRepository before the compaction). */
    static void putInPreviousLayout(RunLog r) throws Exception {
        putInPreviousLayout(TestStorage.client(), TABLE, r);
    }

    static void putInPreviousLayout(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, String table, RunLog r)
        throws Exception {
        RunLog summary = new RunLog(r.id(), r.workspaceId(), r.tenantKey(), r.status(), r.door(), r.action(), r.resolvedAction(),
            r.connectionId(), r.connectionKey(), r.integrationId(), r.integrationKey(), r.input(), r.output(), r.error(), r.meta(),
            r.createdAt(), r.completedAt(), r.duration(), r.attempts(), r.outcome(), null, null, null, r.expiresAt(), r.traceId());
        Map<String, Object> details = new HashMap<>();
        details.put("exchanges", r.exchanges());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(r.workspaceId() + "#" + r.tenantKey()));
        item.put("sk", AttributeValue.fromS(r.id()));
        item.put("wsPk", AttributeValue.fromS(r.workspaceId()));
        item.put("tenantKey", AttributeValue.fromS(r.tenantKey()));
        item.put("status", AttributeValue.fromS(r.status()));
        if (r.resolvedAction() != null) {
            item.put("actionId", AttributeValue.fromS(r.resolvedAction().id()));
            item.put("actionKey", AttributeValue.fromS(r.resolvedAction().key()));
        }
        item.put("connectionId", AttributeValue.fromS(r.connectionId()));
        item.put("connectionKey", AttributeValue.fromS(r.connectionKey()));
        item.put("integrationKey", AttributeValue.fromS(r.integrationKey()));
        item.put("createdAt", AttributeValue.fromS(r.createdAt().toString()));
        item.put("summary", AttributeValue.fromS(TestStorage.JSON.writeValueAsString(summary)));
        item.put("details", AttributeValue.fromS(TestStorage.JSON.writeValueAsString(details)));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(r.expiresAt())));
        client.putItem(p -> p.tableName(table).item(item));
    }

    static FunctionHarness.Response get(String token, String pathAndQuery) {
        return runLogs.request("GET", pathAndQuery).bearer(token).send();
    }

    static String q(String v) {
        return RunLogPages.q(v);
    }

    static List<String> expected(Workspace w, Predicate<RunLog> p) {
        return runs.stream().filter(r -> r.workspaceId().equals(w.id())).filter(p).map(RunLog::id)
            .sorted(Comparator.reverseOrder()).toList();
    }

    static List<String> pageAll(String token, String query, int limit) {
        return RunLogPages.pageAll(runLogs, token, query, limit, true);
    }

    @Test
    void aWorkspacesRunsSpreadOverItsShardsAndNoNewRunUsesTheUnshardedKey() {
        Map<String, Integer> perShard = new HashMap<>();
        for (int shard = 0; shard < 8; shard++) {
            String partition = ws.id() + "#" + shard;
            QueryResponse r = TestStorage.client().query(b -> b.tableName(TABLE).indexName(DynamoRunLogRepository.BY_WORKSPACE)
                .keyConditionExpression("wsPk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                .select("COUNT"));
            perShard.put(partition, r.count());
        }
        int total = perShard.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(TENANTS.length * RUNS_PER_TENANT, total, "every new run is in exactly one shard: " + perShard);
        // 135 runs over 8 shards by their random id: each shard holds some, none holds most
        perShard.forEach((shard, count) -> assertTrue(count >= 3 && count <= 40, shard + " holds " + count + ": " + perShard));
        QueryResponse unsharded = TestStorage.client().query(b -> b.tableName(TABLE).indexName(DynamoRunLogRepository.BY_WORKSPACE)
            .keyConditionExpression("wsPk = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(ws.id()))).select("COUNT"));
        assertEquals(legacy.size(), unsharded.count(), "only the previous layout's items are under the bare workspace id");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16, 100, 141, 1000})
    void theManagerListingMergesEveryShardNewestFirstWhateverThePageSize(int limit) {
        assertEquals(expected(ws, r -> true), pageAll(manager, "", limit));
    }

    @Test
    void filtersAndTimeRangesAnswerAcrossShardsAsOnOnePartition() {
        assertEquals(expected(ws, r -> r.status().equals(RunLog.ERROR)), pageAll(manager, "status=error", 5));
        assertEquals(expected(ws, r -> "todo".equals(r.connectionKey())), pageAll(manager, "connectionKey=todo", 7));
        assertEquals(expected(ws, r -> "slack".equals(r.integrationKey()) && r.status().equals(RunLog.SUCCESS)),
            pageAll(manager, "integrationKey=slack&status=success", 9));
        Instant from = base.plusSeconds(100);
        Instant to = base.plusSeconds(600);
        assertEquals(expected(ws, r -> !r.createdAt().isBefore(from) && !r.createdAt().isAfter(to)),
            pageAll(manager, "from=" + q(from.toString()) + "&to=" + q(to.toString()), 6));
        assertEquals(expected(ws, r -> r.error() != null && r.error().message().contains("500")),
            pageAll(manager, "errorText=ANSWERED%20500", 3));
        assertEquals(List.of(), pageAll(manager, "actionId=act_nothing_like_it", 10));
    }

    @Test
    void runsOfThePreviousLayoutAreReadByIdInDetailAndInLists() {
        for (RunLog r : legacy) {
            String tenant = TestWorkspaces.tenantToken(ws, r.tenantKey());
            FunctionHarness.Response own = get(tenant, "/action-run-logs/" + r.id() + "?includeDetails=true");
            assertEquals(200, own.status(), own.toString());
            assertEquals(r.tenantKey(), own.json().path("tenantId").asText());
            assertEquals(r.status(), own.json().path("status").asText());
            assertEquals(r.exchanges().get(0).url(), own.json().path("details").path("exchanges").get(0).path("url").asText());
            FunctionHarness.Response byManager = get(manager, "/action-run-logs/" + r.id() + "/details");
            assertEquals(200, byManager.status(), byManager.toString());
            assertEquals(r.exchanges().get(0).responseBody(), byManager.json().path("exchanges").get(0).path("responseBody").asText());
        }
        RunLog first = legacy.get(0);
        assertTrue(pageAll(TestWorkspaces.tenantToken(ws, first.tenantKey()), "", 10).contains(first.id()));
        List<String> managerView = pageAll(manager, "", 25);
        legacy.forEach(r -> assertTrue(managerView.contains(r.id()), r.id()));
    }

    @Test
    void managerReadsAnyRunByIdFromItsShard() {
        for (RunLog r : runs.subList(0, 30)) {
            FunctionHarness.Response one = get(manager, "/action-run-logs/" + r.id());
            assertEquals(200, one.status(), one.toString());
            assertEquals(r.tenantKey(), one.json().path("tenantId").asText());
        }
        assertEquals(404, get(manager, "/action-run-logs/" + RunLogsApiIntegrationTest.idAt(base)).status());
    }

    @Test
    void tenantsAndWorkspacesStayApart() {
        for (String tenant : TENANTS) {
            assertEquals(expected(ws, r -> r.tenantKey().equals(tenant)), pageAll(TestWorkspaces.tenantToken(ws, tenant), "", 8));
        }
        String otherManager = TestWorkspaces.managerToken(other);
        List<String> others = pageAll(otherManager, "", 6);
        assertEquals(20, others.size());
        Set<String> mine = new TreeSet<>(expected(ws, r -> true));
        others.forEach(id -> assertFalse(mine.contains(id), "another workspace's run: " + id));
        // another workspace's run id is not found, through the manager's index lookup too
        assertEquals(404, get(otherManager, "/action-run-logs/" + runs.get(0).id()).status());
        assertEquals(404, get(TestWorkspaces.tenantToken(ws, "bob"), "/action-run-logs/"
            + runs.stream().filter(r -> r.tenantKey().equals("alice")).findFirst().orElseThrow().id()).status());
        // a workspace cursor works only in the workspace it came from
        String cursor = get(manager, "/action-run-logs?limit=3").json().path("cursor").asText();
        assertFalse(cursor.isEmpty());
        FunctionHarness.Response foreign = get(otherManager, "/action-run-logs?limit=3&cursor=" + q(cursor));
        assertEquals(400, foreign.status(), foreign.toString());
        assertEquals(400, get(TestWorkspaces.tenantToken(ws, "alice"), "/action-run-logs?cursor=" + q(cursor)).status(),
            "a workspace cursor is no tenant cursor");
        // a forged cursor naming this workspace can only move within it: nothing of the other workspace shows
        String forged = cursorOf("w", ws.id(), "0", RunLogsApiIntegrationTest.idAt(Instant.now()), "0.t", "alice");
        FunctionHarness.Response moved = get(manager, "/action-run-logs?limit=1000&cursor=" + q(forged));
        assertEquals(200, moved.status(), moved.toString());
        moved.json().path("items").forEach(i -> assertTrue(mine.contains(i.path("id").asText())));
        for (String bad : List.of(cursorOf("w", other.id(), "0", RunLogsApiIntegrationTest.idAt(base), "0.t", "alice"),
            cursorOf("w", ws.id()), cursorOf("w", ws.id(), "0", "run_zz", "0.t", "alice"),
            cursorOf("w", ws.id(), "0", RunLogsApiIntegrationTest.idAt(base)), cursorOf("w", ws.id(), "9", RunLogsApiIntegrationTest.idAt(base), "9.t", "a"),
            cursorOf("w", ws.id(), "0", "-", "0.t", "alice"), cursorOf("w", ws.id(), "wsPk", "x"))) {
            FunctionHarness.Response r = get(manager, "/action-run-logs?cursor=" + q(bad));
            assertEquals(400, r.status(), new String(Base64.getUrlDecoder().decode(bad), StandardCharsets.UTF_8) + " → " + r);
            assertEquals("VALIDATION_ERROR", r.json().path("code").asText());
        }
    }

    @Test
    void theStatsOverviewCountsEveryShard() {
        JsonNode stats = get(manager, "/action-run-logs/stats?window=1h").json();
        assertEquals(runs.size(), stats.path("calls").asInt(), stats.toString());
        assertEquals(runs.stream().filter(r -> r.status().equals(RunLog.ERROR)).count(), stats.path("errors").asLong());
        JsonNode bobs = get(manager, "/action-run-logs/stats?window=1h&tenantKey=bob").json();
        assertEquals(runs.stream().filter(r -> r.tenantKey().equals("bob")).count(), bobs.path("calls").asLong());
    }

    @Test
    void theIndexHoldsTheCompressedSummaryButNoDetails() {
        RunLog r = runs.get(3);
        Map<String, AttributeValue> item = TestStorage.client().getItem(g -> g.tableName(TABLE).consistentRead(true)
            .key(Map.of("pk", AttributeValue.fromS(ws.id() + "#" + r.tenantKey()), "sk", AttributeValue.fromS(r.id())))).item();
        assertNotNull(item.get("s").b(), "summary stored as binary");
        assertNotNull(item.get("d").b(), "details stored as binary");
        assertFalse(item.containsKey("summary") || item.containsKey("details") || item.containsKey("tenantKey"), item.keySet().toString());
        String summaryJson = TestStorage.JSON.valueToTree(r).toString();
        assertTrue(item.get("s").b().asByteArray().length < summaryJson.length() / 2,
            "compressed " + item.get("s").b().asByteArray().length + " B vs " + summaryJson.length() + " B of JSON");
        QueryResponse entry = TestStorage.client().query(b -> b.tableName(TABLE).indexName(DynamoRunLogRepository.BY_WORKSPACE)
            .keyConditionExpression("wsPk = :p AND sk = :s").expressionAttributeValues(Map.of(
                ":p", item.get("wsPk"), ":s", AttributeValue.fromS(r.id()))));
        assertEquals(1, entry.count());
        Map<String, AttributeValue> projected = entry.items().get(0);
        assertTrue(projected.containsKey("s") && projected.containsKey("status"), projected.keySet().toString());
        assertFalse(projected.containsKey("d"), "the details stay out of the index: " + projected.keySet());
        assertFalse(projected.containsKey("expiresAt"), projected.keySet().toString());
    }

    static String cursorOf(String... keyValues) {
        return RunLogsApiIntegrationTest.cursorOf(keyValues);
    }
}
