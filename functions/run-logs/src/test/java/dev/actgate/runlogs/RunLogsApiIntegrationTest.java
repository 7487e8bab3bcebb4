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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run-logs function's real handler on DynamoDB Local, reading runs written with the repository the act engine
 * writes with: list filters, pagination, newest first, tenant isolation, manager view, input validation, the
 * summary / details shapes and TTL.
 */
class RunLogsApiIntegrationTest {
    static final int ALICE_RUNS = 240;
    static final int BOB_RUNS = 30;
    static final int TIES = 5;
    static final String[] CONNECTION_IDS = {"conn_01aaaaaaaaaaaaaaaaaaaaaaaa", "conn_01bbbbbbbbbbbbbbbbbbbbbbbb", "conn_01cccccccccccccccccccccccc"};
    static final String[] CONNECTION_KEYS = {"gh-main", "slack-team", "todo"};
    static final String[] INTEGRATION_KEYS = {"github", "slack"};

    @AutoClose
    static final FunctionHarness runLogs = FunctionHarness.start();
    static final DynamoRunLogRepository repository = runLogs.context().getBean(DynamoRunLogRepository.class);
    static Workspace ws;
    static Workspace other;
    static String alice;
    static String bob;
    static String manager;
    static String managerAsAlice;
    static Instant base;
    /** Everything seeded in {@link #ws}, in write order. */
    static final List<RunLog> seeded = new ArrayList<>();
    static RunLog rich;

    @BeforeAll
    static void seed() {
        ws = TestWorkspaces.create();
        other = TestWorkspaces.create();
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        manager = TestWorkspaces.managerToken(ws);
        managerAsAlice = TestWorkspaces.managerToken(ws, "alice");
        base = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < ALICE_RUNS; i++) {
            save(summaryRun(ws, "alice", base.plus(Duration.ofMinutes(i)), i));
        }
        // Several runs in the same millisecond: ordered by the random part of the id, still no duplicates or gaps.
        for (int t = 0; t < TIES; t++) {
            save(summaryRun(ws, "alice", base.plus(Duration.ofMinutes(100)), 1000 + t));
        }
        for (int i = 0; i < BOB_RUNS; i++) {
            save(summaryRun(ws, "bob", base.plus(Duration.ofMinutes(i)).plusSeconds(30), i));
        }
        // The other workspace has a tenant with the same key: it must never show up in ws.
        for (int i = 0; i < 10; i++) {
            RunLog r = summaryRun(other, "alice", base.plus(Duration.ofMinutes(i)).plusSeconds(10), i);
            repository.save(r);
        }
        rich = richRun(ws, "alice", base.plus(Duration.ofMinutes(ALICE_RUNS + 5)));
        save(rich);
    }

    static void save(RunLog r) {
        repository.save(r);
        seeded.add(r);
    }

    /** A run id made at {@code at}, with the random tail {@link Ids#newId} gives. */
    static String idAt(Instant at) {
        return Ids.timeBound("run", at.toEpochMilli(), false).substring(0, 14) + Ids.newId("run").substring(14);
    }

    static RunLog summaryRun(Workspace w, String tenant, Instant at, int i) {
        int c = i % 3;
        String status = i % 5 == 0 ? RunLog.ERROR : RunLog.SUCCESS;
        RunLog.ResolvedAction action = switch (i % 4) {
            case 0 -> new RunLog.ResolvedAction("act_01createissueaaaaaaaaaaaaa", "create-issue", "Create issue", "api-request-to-external-app",
                "workspace", 3);
            case 1 -> new RunLog.ResolvedAction("github-list-repos", "list-repos", "List repositories", "api-request-to-external-app",
                "catalog", null);
            default -> null;
        };
        ObjectNode act = TestStorage.JSON.createObjectNode();
        act.put("connectionKey", CONNECTION_KEYS[c]);
        if (action != null) {
            act.put(action.key().equals("create-issue") ? "key" : "id", action.key().equals("create-issue") ? action.key() : action.id());
            act.putObject("input").put("n", i);
        } else {
            act.putObject("api").put("method", "GET").put("path", "/items/" + i);
        }
        ErrorBody error = status.equals(RunLog.ERROR)
            ? new ErrorBody("action_run", null, "UPSTREAM_ERROR", "The external app answered 500", "external_app",
                Map.of("status", 500, "body", Map.of("error", "boom " + i)), null)
            : null;
        Instant done = at.plusMillis(40 + i);
        return new RunLog(idAt(at), w.id(), tenant, status, "act", act, action, CONNECTION_IDS[c], CONNECTION_KEYS[c],
            "int_01" + INTEGRATION_KEYS[i % 2], INTEGRATION_KEYS[i % 2], action == null ? null : act.get("input"),
            status.equals(RunLog.SUCCESS) ? TestStorage.JSON.createObjectNode().put("i", i) : null, error, null, at, done,
            40 + i, 1, status.equals(RunLog.SUCCESS) ? "succeeded" : "failed",
            List.of(new RunExchange(1, at, null, "GET", "http://127.0.0.1:9/v1/items/" + i, Map.of("accept", List.of("application/json")),
                null, status.equals(RunLog.SUCCESS) ? 200 : 500, Map.of("content-type", List.of("application/json")),
                "{\"i\":" + i + "}", 12L, null, null)),
            null, null, done.plus(Duration.ofDays(30)).getEpochSecond());
    }

    static RunLog richRun(Workspace w, String tenant, Instant at) {
        ObjectNode act = TestStorage.JSON.createObjectNode();
        act.put("connectionKey", "gh-main");
        ObjectNode api = act.putObject("api");
        api.put("method", "POST").put("path", "/repos/acme/web/issues");
        api.putObject("body").put("title", "Broken build");
        act.putObject("meta").put("requestId", "req-42");
        List<RunExchange> exchanges = List.of(
            new RunExchange(1, at, null, "POST", "http://127.0.0.1:9/repos/acme/web/issues",
                Map.of("Authorization", List.of("[REDACTED]"), "Content-Type", List.of("application/json")),
                "{\"title\":\"Broken build\"}", 503, Map.of("retry-after", List.of("1")), "{\"message\":\"busy\"}", 30L, null, null),
            new RunExchange(2, at.plusSeconds(1), 1000L, "POST", "http://127.0.0.1:9/repos/acme/web/issues",
                Map.of("Authorization", List.of("[REDACTED]"), "Content-Type", List.of("application/json")),
                "{\"title\":\"Broken build\"}", 201, Map.of("content-type", List.of("application/json")),
                "{\"number\":7}", 25L, null, null));
        Instant done = at.plusMillis(1100);
        return new RunLog(idAt(at), w.id(), tenant, RunLog.SUCCESS, "act", act, null, CONNECTION_IDS[0], "gh-main",
            "int_01github", "github", null, TestStorage.JSON.createObjectNode().put("number", 7), null, act.get("meta"), at, done,
            1100, 2, "succeeded", exchanges,
            List.of(new RunLog.ConsoleEntry("log", "creating issue", at.plusMillis(3)), new RunLog.ConsoleEntry("warn", "retrying", at.plusMillis(40))),
            null, done.plus(Duration.ofDays(30)).getEpochSecond());
    }

    // ------------------------------------------------------------------------------------------- helpers

    static FunctionHarness.Response get(String token, String pathAndQuery) {
        return runLogs.request("GET", pathAndQuery).bearer(token).send();
    }

    static String q(String v) {
        return RunLogPages.q(v);
    }

    static List<String> pageAll(String token, String query, int limit) {
        return RunLogPages.pageAll(runLogs, token, query, limit, false);
    }

    static List<String> expected(String tenant, Predicate<RunLog> filter) {
        return seeded.stream().filter(r -> tenant == null || r.tenantKey().equals(tenant)).filter(filter)
            .map(RunLog::id).sorted(Comparator.reverseOrder()).toList();
    }

    static void assertValidationError(FunctionHarness.Response r, String context) {
        assertEquals(400, r.status(), context + " → " + r);
        JsonNode e = r.json();
        assertEquals("bad_request", e.path("type").asText(), context + " → " + r);
        assertEquals("VALIDATION_ERROR", e.path("code").asText(), context + " → " + r);
        assertEquals("caller", e.path("attribution").asText(), context + " → " + r);
        assertFalse(e.path("message").asText().isBlank(), context);
        assertFalse(r.body().contains("Exception"), "no internals in the error: " + r);
    }

    static String cursorOf(String... keyValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            sb.append(keyValues[i]).append('\u001f').append(keyValues[i + 1]).append('\u001f');
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------- pagination

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 100, 244, 245, 1000})
    void everyRunOnceNewestFirstWhateverThePageSize(int limit) {
        List<String> all = pageAll(alice, "", limit);
        assertEquals(expected("alice", r -> true), all, "newest first, no duplicates, no gaps");
        assertEquals(ALICE_RUNS + TIES + 1, all.size());
    }

    @Test
    void defaultPageIs100NewestFirst() {
        JsonNode page = get(alice, "/action-run-logs").json();
        assertEquals(100, page.path("items").size());
        assertNotNull(page.path("cursor").asText(null));
        List<String> newest = expected("alice", r -> true).subList(0, 100);
        List<String> got = new ArrayList<>();
        page.path("items").forEach(i -> got.add(i.path("id").asText()));
        assertEquals(newest, got);
        assertEquals(rich.id(), got.get(0), "the newest run first");
    }

    @Test
    void listItemsAreSummariesInTheSdkShape() {
        JsonNode first = get(alice, "/action-run-logs?limit=2").json().path("items").get(1);
        RunLog r = seeded.stream().filter(x -> x.id().equals(first.path("id").asText())).findFirst().orElseThrow();
        assertEquals(r.status(), first.path("status").asText());
        assertEquals("alice", first.path("tenantId").asText());
        assertEquals(r.connectionId(), first.path("connection").path("id").asText());
        assertEquals(r.connectionKey(), first.path("connection").path("key").asText());
        assertEquals(r.integrationKey(), first.path("integration").path("key").asText());
        assertEquals(r.action(), first.path("action"));
        assertEquals(r.createdAt(), Instant.parse(first.path("createdAt").asText()));
        assertFalse(first.has("details"));
        assertFalse(first.has("exchanges"));
    }

    // ------------------------------------------------------------------------------------------- filters

    static List<Object[]> filters() {
        List<Object[]> f = new ArrayList<>();
        f.add(new Object[] {"status=error", (Predicate<RunLog>) r -> r.status().equals("error")});
        f.add(new Object[] {"status=success", (Predicate<RunLog>) r -> r.status().equals("success")});
        for (int c = 0; c < 3; c++) {
            String id = CONNECTION_IDS[c];
            String key = CONNECTION_KEYS[c];
            f.add(new Object[] {"connectionId=" + id, (Predicate<RunLog>) r -> id.equals(r.connectionId())});
            f.add(new Object[] {"connectionKey=" + key, (Predicate<RunLog>) r -> key.equals(r.connectionKey())});
        }
        for (String k : INTEGRATION_KEYS) {
            f.add(new Object[] {"integrationKey=" + k, (Predicate<RunLog>) r -> k.equals(r.integrationKey())});
        }
        f.add(new Object[] {"actionKey=create-issue",
            (Predicate<RunLog>) r -> r.resolvedAction() != null && "create-issue".equals(r.resolvedAction().key())});
        f.add(new Object[] {"actionId=github-list-repos",
            (Predicate<RunLog>) r -> r.resolvedAction() != null && "github-list-repos".equals(r.resolvedAction().id())});
        f.add(new Object[] {"status=error&connectionKey=todo&integrationKey=github", (Predicate<RunLog>) r -> r.status().equals("error")
            && "todo".equals(r.connectionKey()) && "github".equals(r.integrationKey())});
        f.add(new Object[] {"actionKey=nope", (Predicate<RunLog>) r -> false});
        f.add(new Object[] {"connectionKey=gh-main&connectionId=" + CONNECTION_IDS[1], (Predicate<RunLog>) r -> false});
        return f;
    }

    @Test
    void eachFilterPagesThroughExactlyTheMatchingRuns() {
        for (Object[] f : filters()) {
            String query = (String) f[0];
            @SuppressWarnings("unchecked")
            Predicate<RunLog> p = (Predicate<RunLog>) f[1];
            List<String> want = expected("alice", p);
            for (int limit : new int[] {3, 17, 1000}) {
                assertEquals(want, pageAll(alice, query, limit), query + " limit " + limit);
            }
        }
    }

    @Test
    void fromAndToAreAnInclusiveTimeRange() {
        Instant from = base.plus(Duration.ofMinutes(50));
        Instant to = base.plus(Duration.ofMinutes(120));
        Predicate<RunLog> inRange = r -> !r.createdAt().isBefore(from) && !r.createdAt().isAfter(to);
        List<String> want = expected("alice", inRange);
        assertEquals(71 + TIES, want.size(), "minutes 50..120 inclusive, plus the runs tied at minute 100");
        for (int limit : new int[] {1, 10, 100}) {
            assertEquals(want, pageAll(alice, "from=" + q(from.toString()) + "&to=" + q(to.toString()), limit));
        }
        assertEquals(expected("alice", r -> !r.createdAt().isBefore(from)), pageAll(alice, "from=" + q(from.toString()), 40));
        assertEquals(expected("alice", r -> !r.createdAt().isAfter(to)), pageAll(alice, "to=" + q(to.toString()), 40));
        assertEquals(expected("alice", inRange.and(r -> r.status().equals("error"))),
            pageAll(alice, "status=error&from=" + q(from.toString()) + "&to=" + q(to.toString()), 4), "range and filter together");
        // one millisecond after a run excludes it; the same millisecond includes it
        Instant at = base.plus(Duration.ofMinutes(7));
        assertEquals(1, pageAll(alice, "from=" + q(at.toString()) + "&to=" + q(at.toString()), 10).size());
        assertEquals(0, pageAll(alice, "from=" + q(at.plusMillis(1).toString()) + "&to=" + q(at.plusSeconds(59).toString()), 10).size());
        // offsets are accepted and mean the same instant
        String withOffset = at.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertEquals(1, pageAll(alice, "from=" + q(withOffset) + "&to=" + q(withOffset), 10).size(), withOffset);
    }

    @Test
    void rangesReachingBeforeTheEpochOrFarIntoTheFutureStillWork() {
        assertEquals(expected("alice", r -> true), pageAll(alice, "from=" + q("1900-01-01T00:00:00Z"), 1000), "from before 1970");
        assertEquals(List.of(), pageAll(alice, "to=" + q("1969-12-31T23:59:59Z"), 1000), "to before 1970");
        assertEquals(List.of(), pageAll(alice, "from=" + q("1900-01-01T00:00:00Z") + "&to=" + q("1950-01-01T00:00:00Z"), 10));
        assertEquals(expected("alice", r -> true), pageAll(alice, "to=" + q("+100000-01-01T00:00:00Z"), 1000), "far future");
        assertEquals(List.of(), pageAll(alice, "from=" + q("+100000-01-01T00:00:00Z"), 10));
        assertEquals(expected("alice", r -> true), pageAll(alice, "from=" + q("-1000000000-01-01T00:00:00Z")
            + "&to=" + q("+1000000000-12-31T23:59:59.999999999Z"), 1000), "Instant.MIN..MAX");
    }

    // ------------------------------------------------------------------------------------------- isolation

    @Test
    void aTenantSeesOnlyItsOwnRuns() {
        List<String> bobs = pageAll(bob, "", 9);
        assertEquals(expected("bob", r -> true), bobs);
        assertEquals(BOB_RUNS, bobs.size());
        Set<String> aliceIds = new HashSet<>(pageAll(alice, "", 1000));
        bobs.forEach(id -> assertFalse(aliceIds.contains(id)));
        for (JsonNode item : get(bob, "/action-run-logs?limit=1000").json().path("items")) {
            assertEquals("bob", item.path("tenantId").asText());
        }
        // the same tenant key in another workspace sees nothing of this one
        assertEquals(10, pageAll(TestWorkspaces.tenantToken(other, "alice"), "", 1000).size());
        assertTrue(pageAll(TestWorkspaces.tenantToken(other, "alice"), "", 1000).stream().noneMatch(aliceIds::contains));
    }

    @Test
    void anotherTenantsRunIsNotFound() {
        String bobsRun = expected("bob", r -> true).get(3);
        for (String path : List.of("/action-run-logs/" + bobsRun, "/action-run-logs/" + bobsRun + "?includeDetails=true",
            "/action-run-logs/" + bobsRun + "/details")) {
            FunctionHarness.Response r = get(alice, path);
            assertEquals(404, r.status(), path + " → " + r);
            assertEquals("RUN_LOG_NOT_FOUND", r.json().path("code").asText());
            assertEquals("not_found", r.json().path("key").asText());
            assertFalse(r.body().contains("bob"), r.toString());
        }
        assertEquals(200, get(bob, "/action-run-logs/" + bobsRun).status());
        assertEquals(404, get(managerAsAlice, "/action-run-logs/" + bobsRun).status(), "a manager token with a tenant acts as that tenant");
        assertEquals(404, get(TestWorkspaces.tenantToken(other, "bob"), "/action-run-logs/" + bobsRun).status(), "other workspace");
        assertEquals(404, get(TestWorkspaces.managerToken(other), "/action-run-logs/" + bobsRun).status(), "other workspace's manager");
        assertEquals(404, get(alice, "/action-run-logs/run_01zzzzzzzzzzzzzzzzzzzzzzzz").status());
        assertEquals(404, get(alice, "/action-run-logs/" + "r".repeat(2000)).status());
        assertEquals(404, get(manager, "/action-run-logs/" + "r".repeat(2000)).status(), "manager lookups go through the index");
        assertEquals(404, get(manager, "/action-run-logs/not-a-run").status());
    }

    @Test
    void aTenantTokenCannotAskForAnotherTenant() {
        FunctionHarness.Response r = get(alice, "/action-run-logs?tenantKey=bob");
        assertEquals(403, r.status(), r.toString());
        JsonNode e = r.json();
        assertEquals("FORBIDDEN", e.path("code").asText());
        assertEquals("bad_request", e.path("type").asText());
        assertEquals("access_denied", e.path("key").asText());
        assertEquals("caller", e.path("attribution").asText());
        assertEquals(403, get(managerAsAlice, "/action-run-logs?tenantKey=bob").status(), "a tenant-bound manager token too");
        assertEquals(expected("alice", r2 -> true), pageAll(alice, "tenantKey=alice", 1000), "its own tenant key is fine");
    }

    @Test
    void aManagerSeesTheWorkspaceAndCanNarrowToATenant() {
        List<String> all = pageAll(manager, "", 37);
        assertEquals(expected(null, r -> true), all, "both tenants, newest first");
        assertEquals(ALICE_RUNS + TIES + 1 + BOB_RUNS, all.size());
        assertEquals(expected("bob", r -> true), pageAll(manager, "tenantKey=bob", 7));
        assertEquals(expected("alice", r -> r.status().equals("error")), pageAll(manager, "tenantKey=alice&status=error", 11));
        assertEquals(expected(null, r -> "slack".equals(r.integrationKey()) && r.status().equals("error")),
            pageAll(manager, "integrationKey=slack&status=error", 5));
        Instant from = base.plus(Duration.ofMinutes(10));
        Instant to = base.plus(Duration.ofMinutes(20));
        assertEquals(expected(null, r -> !r.createdAt().isBefore(from) && !r.createdAt().isAfter(to)),
            pageAll(manager, "from=" + q(from.toString()) + "&to=" + q(to.toString()), 4));
        assertEquals(List.of(), pageAll(manager, "tenantKey=nobody", 10));
        assertEquals(expected("alice", r -> true), pageAll(managerAsAlice, "", 1000), "manager token with a tenant: that tenant");

        String bobsRun = expected("bob", r -> true).get(0);
        FunctionHarness.Response one = get(manager, "/action-run-logs/" + bobsRun + "?includeDetails=true");
        assertEquals(200, one.status(), one.toString());
        assertEquals("bob", one.json().path("tenantId").asText());
        assertEquals(1, one.json().path("details").path("exchanges").size());
        assertEquals(200, get(manager, "/action-run-logs/" + bobsRun + "/details").status());
        assertTrue(pageAll(TestWorkspaces.managerToken(other), "", 1000).stream().noneMatch(all::contains), "other workspace");
    }

    @Test
    void cursorsStayInTheCallersScope() {
        // alice's cursor handed to bob continues in bob's runs, never alice's
        JsonNode page = get(alice, "/action-run-logs?limit=20").json();
        String cursor = page.path("cursor").asText();
        JsonNode bobs = get(bob, "/action-run-logs?limit=1000&cursor=" + q(cursor)).json();
        assertTrue(bobs.path("items").size() > 0);
        bobs.path("items").forEach(i -> assertEquals("bob", i.path("tenantId").asText()));
        // a workspace cursor is refused in another workspace
        String wsCursor = get(manager, "/action-run-logs?limit=5").json().path("cursor").asText();
        assertValidationError(get(TestWorkspaces.managerToken(other), "/action-run-logs?cursor=" + q(wsCursor)), "foreign cursor");
    }

    // ------------------------------------------------------------------------------------------- validation

    @ParameterizedTest
    @ValueSource(strings = {"status=bogus", "status=SUCCESS", "status=failed", "status=", "from=yesterday", "from=2026-13-01T00:00:00Z",
        "to=1700000000", "to=2026-01-01", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "limit=0", "limit=-1",
        "limit=1001", "limit=abc", "limit=1.5", "limit=99999999999999999999", "cursor=!!!", "cursor=%25%25%25",
        "cursor=aGVsbG8", "cursor=e30"})
    void invalidListInputsAre400(String query) {
        assertValidationError(get(alice, "/action-run-logs?" + query), query);
        assertValidationError(get(manager, "/action-run-logs?" + query), "manager " + query);
    }

    @Test
    void overlongValuesAreRefusedOrMatchNothingButNeverFail() {
        String longKey = "k".repeat(5000);
        for (String field : List.of("actionId", "actionKey", "connectionId", "connectionKey", "integrationKey")) {
            FunctionHarness.Response r = get(alice, "/action-run-logs?" + field + "=" + longKey);
            assertTrue(r.status() == 400 || (r.status() == 200 && r.json().path("items").isEmpty()), field + " → " + r);
        }
        // a partition key DynamoDB would refuse (2048 bytes) is the caller's mistake, not an outage
        assertValidationError(get(manager, "/action-run-logs?tenantKey=" + longKey), "tenantKey of 5000 characters");
        assertEquals(List.of(), pageAll(manager, "tenantKey=" + "k".repeat(256), 10));
    }

    @Test
    void forgedCursorsAre400() {
        String someId = expected("alice", r -> true).get(10);
        List<String> forged = List.of(
            cursorOf("pk", ws.id() + "#bob", "sk", someId),          // tenant cursors carry no partition
            cursorOf("sk", "zzzzzzzz"),                              // outside the run_ key range
            cursorOf("sk", "a"),
            cursorOf("sk", ""),                                      // empty key value
            cursorOf("sk", "run_" + "z".repeat(3000)),               // key longer than DynamoDB allows
            cursorOf("sk", someId, "status", "error"),               // not a key attribute
            cursorOf("wsPk", ws.id(), "sk", someId));
        for (String c : forged) {
            assertValidationError(get(alice, "/action-run-logs?cursor=" + q(c)), "tenant cursor " + new String(Base64.getUrlDecoder().decode(c)));
        }
        List<String> forgedWorkspace = List.of(
            cursorOf("sk", someId),                                  // no pk
            cursorOf("pk", other.id() + "#alice", "sk", someId),     // another workspace
            cursorOf("pk", ws.id() + "#alice", "sk", "zzzz"),
            cursorOf("pk", ws.id() + "#alice", "sk", ""),
            cursorOf("pk", ws.id() + "#alice", "sk", "run_" + "z".repeat(3000)),
            cursorOf("pk", "", "sk", someId));
        for (String c : forgedWorkspace) {
            assertValidationError(get(manager, "/action-run-logs?cursor=" + q(c)), "workspace cursor "
                + new String(Base64.getUrlDecoder().decode(c)));
        }
        // a cursor from an unfiltered list, reused with a time range it lies outside of
        Instant from = base.plus(Duration.ofMinutes(1));
        Instant to = base.plus(Duration.ofMinutes(5));
        String outside = get(alice, "/action-run-logs?limit=3").json().path("cursor").asText();
        FunctionHarness.Response r = get(alice, "/action-run-logs?cursor=" + q(outside) + "&from=" + q(from.toString()) + "&to=" + q(to.toString()));
        assertValidationError(r, "a cursor outside the query's time range");
        // the cursor of a ranged list works with the same range
        String inRange = get(alice, "/action-run-logs?limit=2&from=" + q(from.toString()) + "&to=" + q(to.toString())).json()
            .path("cursor").asText();
        assertEquals(3, get(alice, "/action-run-logs?limit=10&cursor=" + q(inRange) + "&from=" + q(from.toString()) + "&to="
            + q(to.toString())).json().path("items").size());
    }

    // ------------------------------------------------------------------------------------------- shapes

    @Test
    void summaryHasNoDetailsAndIncludeDetailsAddsThem() {
        FunctionHarness.Response summary = get(alice, "/action-run-logs/" + rich.id());
        assertEquals(200, summary.status(), summary.toString());
        JsonNode s = summary.json();
        assertEquals(rich.id(), s.path("id").asText());
        assertEquals("success", s.path("status").asText());
        assertEquals("alice", s.path("tenantId").asText());
        assertEquals("act", s.path("door").asText());
        assertEquals(rich.action(), s.path("action"), "the replayable /act body");
        assertEquals("api POST /repos/acme/web/issues", s.path("name").asText());
        assertEquals(CONNECTION_IDS[0], s.path("connectionId").asText());
        assertEquals(Map.of("id", CONNECTION_IDS[0], "key", "gh-main"), TestStorage.JSON.convertValue(s.path("connection"), Map.class));
        assertEquals(Map.of("id", "int_01github", "key", "github"), TestStorage.JSON.convertValue(s.path("integration"), Map.class));
        assertEquals(7, s.path("output").path("number").asInt());
        assertEquals("req-42", s.path("meta").path("requestId").asText());
        assertEquals(rich.createdAt(), Instant.parse(s.path("createdAt").asText()));
        assertEquals(rich.completedAt(), Instant.parse(s.path("completedAt").asText()));
        assertEquals(1100, s.path("duration").asLong());
        assertEquals(2, s.path("attempts").asInt());
        assertEquals("succeeded", s.path("outcome").asText());
        assertEquals(Instant.ofEpochSecond(rich.expiresAt()), Instant.parse(s.path("expiresAt").asText()));
        assertFalse(s.has("details"));
        assertFalse(s.has("error"));
        assertFalse(s.has("detailsTruncated"));
        for (String off : List.of("?includeDetails=false", "?includeDetails=0", "?includeDetails=")) {
            assertFalse(get(alice, "/action-run-logs/" + rich.id() + off).json().has("details"), off);
        }

        for (String on : List.of("?includeDetails=true", "?includeDetails=1", "?includeDetails=TRUE")) {
            FunctionHarness.Response full = get(alice, "/action-run-logs/" + rich.id() + on);
            assertEquals(200, full.status(), full.toString());
            JsonNode f = full.json();
            assertEquals(s.path("action"), f.path("action"), "the summary fields are all there too");
            assertEquals(s.path("output"), f.path("output"));
            JsonNode d = f.path("details");
            assertExchanges(d.path("exchanges"));
            assertEquals(2, d.path("console").size());
            assertEquals("creating issue", d.path("console").get(0).path("message").asText());
            assertEquals("warn", d.path("console").get(1).path("level").asText());
            assertFalse(d.has("truncated"));
        }
    }

    static void assertExchanges(JsonNode exchanges) {
        assertEquals(2, exchanges.size(), exchanges.toString());
        JsonNode first = exchanges.get(0);
        assertEquals(1, first.path("attempt").asInt());
        assertEquals("POST", first.path("method").asText());
        assertEquals("http://127.0.0.1:9/repos/acme/web/issues", first.path("url").asText());
        assertEquals("[REDACTED]", first.path("requestHeaders").path("Authorization").get(0).asText());
        assertEquals("{\"title\":\"Broken build\"}", first.path("requestBody").asText());
        assertEquals(503, first.path("status").asInt());
        assertEquals("1", first.path("responseHeaders").path("retry-after").get(0).asText());
        assertEquals("{\"message\":\"busy\"}", first.path("responseBody").asText());
        assertEquals(30, first.path("durationMillis").asLong());
        assertNotNull(Instant.parse(first.path("startedAt").asText()));
        assertFalse(first.has("waitedMillis"));
        JsonNode second = exchanges.get(1);
        assertEquals(2, second.path("attempt").asInt());
        assertEquals(1000, second.path("waitedMillis").asLong());
        assertEquals(201, second.path("status").asInt());
    }

    @Test
    void detailsEndpointIsTheExchangeWithIdAndStatus() {
        FunctionHarness.Response r = get(alice, "/action-run-logs/" + rich.id() + "/details");
        assertEquals(200, r.status(), r.toString());
        JsonNode d = r.json();
        assertEquals(rich.id(), d.path("id").asText());
        assertEquals("success", d.path("status").asText());
        assertExchanges(d.path("exchanges"));
        assertEquals(2, d.path("console").size());
        assertFalse(d.has("action"), "details only");
        assertFalse(d.has("output"));

        String errorRun = expected("alice", x -> x.status().equals("error")).get(0);
        JsonNode e = get(alice, "/action-run-logs/" + errorRun + "?includeDetails=true").json();
        assertEquals("error", e.path("status").asText());
        assertEquals("UPSTREAM_ERROR", e.path("error").path("code").asText());
        assertEquals("external_app", e.path("error").path("attribution").asText());
        assertEquals(500, e.path("error").path("data").path("status").asInt());
        assertEquals(500, e.path("details").path("exchanges").get(0).path("status").asInt());
        assertFalse(e.has("output"));
        JsonNode noConsole = get(alice, "/action-run-logs/" + errorRun + "/details").json();
        assertFalse(noConsole.has("console"));
        assertEquals(1, noConsole.path("exchanges").size());
    }

    @Test
    void aRunWithoutConnectionOrExchangesHasAShape() {
        // e.g. a dispatch refused before a connection was resolved (CONNECTION_REQUIRED)
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode act = TestStorage.JSON.createObjectNode();
        act.putObject("api").put("method", "GET").put("path", "/x");
        Workspace w = TestWorkspaces.create();
        RunLog r = new RunLog(idAt(at), w.id(), "carol", RunLog.ERROR, "act", act, null, null, null, null, null, null, null,
            new ErrorBody("bad_request", null, "CONNECTION_REQUIRED", "No connection", "caller", null, null), null, at, at, 0, 0,
            "failed", List.of(), null, null, at.plus(Duration.ofDays(30)).getEpochSecond());
        repository.save(r);
        String carol = TestWorkspaces.tenantToken(w, "carol");
        JsonNode s = get(carol, "/action-run-logs/" + r.id() + "?includeDetails=true").json();
        assertEquals("CONNECTION_REQUIRED", s.path("error").path("code").asText());
        assertFalse(s.has("connection"));
        assertEquals(0, s.path("details").path("exchanges").size());
        assertEquals(0, get(carol, "/action-run-logs/" + r.id() + "/details").json().path("exchanges").size());
    }

    @Test
    void aConnectionOrIntegrationWithoutAKeyDoesNotBreakTheView() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode act = TestStorage.JSON.createObjectNode();
        act.put("connectionId", CONNECTION_IDS[2]);
        act.putObject("api").put("method", "GET").put("path", "/x");
        Workspace w = TestWorkspaces.create();
        RunLog r = new RunLog(idAt(at), w.id(), "dave", RunLog.SUCCESS, "act", act, null, CONNECTION_IDS[2], null, "int_01x", null,
            null, null, null, null, at, at, 1, 0, "succeeded", List.of(), null, null, at.plus(Duration.ofDays(30)).getEpochSecond());
        repository.save(r);
        String dave = TestWorkspaces.tenantToken(w, "dave");
        FunctionHarness.Response one = get(dave, "/action-run-logs/" + r.id());
        assertEquals(200, one.status(), one.toString());
        assertEquals(CONNECTION_IDS[2], one.json().path("connection").path("id").asText());
        FunctionHarness.Response list = get(dave, "/action-run-logs");
        assertEquals(200, list.status(), list.toString());
    }

    // ------------------------------------------------------------------------------------------- TTL

    @Test
    void expiresAtIsTheTtlAttributeInEpochSeconds() {
        Map<String, AttributeValue> item = TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().runLogs())
            .key(Map.of("pk", AttributeValue.fromS(ws.id() + "#alice"), "sk", AttributeValue.fromS(rich.id())))).item();
        AttributeValue expiresAt = item.get("expiresAt");
        assertNotNull(expiresAt, item.keySet().toString());
        assertNotNull(expiresAt.n(), "TTL needs a number attribute");
        long seconds = Long.parseLong(expiresAt.n());
        assertEquals(rich.completedAt().plus(Duration.ofDays(30)).getEpochSecond(), seconds);
        assertTrue(Math.abs(seconds - rich.completedAt().getEpochSecond() - 30L * 86_400) <= 1, "completedAt + 30 days, in seconds");
        String ttl = TestStorage.client().describeTimeToLive(d -> d.tableName(TestStorage.tableNames().runLogs()))
            .timeToLiveDescription().attributeName();
        assertEquals("expiresAt", ttl, "the table's TTL attribute");
        assertEquals(Instant.ofEpochSecond(seconds), Instant.parse(get(alice, "/action-run-logs/" + rich.id()).json()
            .path("expiresAt").asText()));
    }

    @Test
    void unauthenticatedIs401() {
        FunctionHarness.Response r = runLogs.request("GET", "/action-run-logs").send();
        assertEquals(401, r.status(), r.toString());
        assertEquals("UNAUTHORIZED", r.json().path("code").asText(), r.toString());
        assertFalse(r.json().has("items"));
    }
}
