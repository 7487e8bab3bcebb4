package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.approvals.Approval;
import dev.actgate.shared.approvals.ApprovalRepository;
import dev.actgate.shared.approvals.WebhookSignature;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Approval gates through the real act handler on DynamoDB Local, against a counting upstream on 127.0.0.1: what
 * is held never reaches the app, what is approved runs exactly once, and nobody decides what they may not see.
 */
class ApprovalsIntegrationTest {
    static FunctionHarness act;
    static TestUpstream upstream;

    /** One workspace per test: policies are per workspace. */
    Workspace ws;
    String alice;
    String bob;
    String manager;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        act = FunctionHarness.start(Map.of("actgate.upstream.backoff-base-ms", "20", "actgate.approvals.webhook-backoff-ms", "50"));
    }

    @AfterAll
    static void stop() {
        act.close();
        upstream.close();
    }

    @BeforeEach
    void setUp() {
        upstream.reset();
        ws = TestWorkspaces.create();
        Workspace w = ws;
        ws = TestWorkspaces.service().save(new Workspace(w.id(), w.key(), w.name(), w.secrets(), w.publicKeys(),
            new WorkspaceSettings(true, 0, "approver"), w.createdAt(), w.version() + 1));
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        manager = TestWorkspaces.managerToken(ws);
        Map<String, Object> auth = Map.of("type", "api-key", "in", "header", "name", "X-Api-Key");
        ActTestSetup.integration(ws, "billing", upstream.baseUrl() + "/billing", auth, Map.of());
        ActTestSetup.connection(ws, "alice", "billing", "billing-alice", Map.of("apiKey", "sk-alice-51c0ffee"), false);
        ActTestSetup.connection(ws, "bob", "billing", "billing-bob", Map.of("apiKey", "sk-bob-9d0beef0"), false);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("key", "send-payment");
        action.put("name", "Send payment");
        action.put("type", "api-request-to-external-app");
        action.put("integrationKey", "billing");
        action.put("config", Map.of("request", Map.of("method", "POST", "path", "/payments",
            "body", Map.of("amount", Map.of("$var", "$.input.amount"), "to", Map.of("$var", "$.input.to")))));
        action.put("inputSchema", Map.of("type", "object", "required", List.of("amount"),
            "properties", Map.of("amount", Map.of("type", "number"), "to", Map.of("type", "string"))));
        act.context().getBean(ActionService.class).create(new Caller(ws.id(), ws.key(), null, true),
            TestStorage.JSON.valueToTree(action), null);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    FunctionHarness.Response policy(Object body) {
        FunctionHarness.Response r = act.request("POST", "/approval-policies").bearer(manager).json(body).send();
        assertEquals(201, r.status(), r.toString());
        return r;
    }

    static Map<String, Object> rule(String name, Map<String, Object> match, String decision) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("match", match);
        m.put("decision", decision);
        return m;
    }

    static Map<String, Object> pay(Object amount) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("key", "send-payment");
        b.put("connectionKey", "billing-alice");
        b.put("input", Map.of("amount", amount, "to", "acct_42"));
        return b;
    }

    FunctionHarness.Response act(String token, Object body, String key) {
        FunctionHarness.Request r = act.request("POST", "/act").bearer(token).json(body);
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return r.send();
    }

    JsonNode held(FunctionHarness.Response r) {
        assertEquals(202, r.status(), r.toString());
        JsonNode b = r.json();
        assertEquals("approval_required", b.path("status").asText(), r.toString());
        JsonNode a = b.path("approval");
        assertTrue(a.path("id").asText().startsWith("apr_"), r.toString());
        assertEquals("pending", a.path("status").asText());
        assertTrue(a.path("approvalUrl").asText().contains("/screens/approval/" + a.path("id").asText() + "?token="));
        assertFalse(a.path("approvalUrl").asText().contains(TestWorkspaces.secret(ws)), "no secret in the link");
        assertTrue(Instant.parse(a.path("expiresAt").asText()).isAfter(Instant.now()));
        assertFalse(a.path("retry").path("idempotencyKey").asText().isEmpty());
        return a;
    }

    FunctionHarness.Response decide(String token, String id, String verb, String comment) {
        return act.request("POST", "/approvals/" + id + "/" + verb).bearer(token)
            .json(comment == null ? Map.of() : Map.of("comment", comment)).send();
    }

    RunLog runLog(String tenant, String id) {
        return act.context().getBean(RunLogRepository.class).find(ws.id(), tenant, id).orElseThrow();
    }

    int payments() {
        return upstream.received("/billing/payments").size();
    }

    static List<FunctionHarness.Response> concurrently(int n, java.util.function.Supplier<FunctionHarness.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FunctionHarness.Response>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return call.get();
            }));
        }
        go.countDown();
        List<FunctionHarness.Response> out = new ArrayList<>();
        for (Future<FunctionHarness.Response> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    // ---- the gate ----------------------------------------------------------------------------------------------

    @Test
    void aSavedActionIsHeldThenRunsExactlyOnceAfterApprovalEvenWithTwentyConcurrentRetries() throws Exception {
        policy(rule("Payments need a person", Map.of("actionKey", "send-payment"), "require_approval"));
        FunctionHarness.Response first = act(alice, pay(50), null);
        JsonNode approval = held(first);
        assertEquals(0, payments(), "nothing reached the external app");
        String id = approval.path("id").asText();
        String key = approval.path("retry").path("idempotencyKey").asText();

        RunLog waiting = runLog("alice", first.json().path("actionRunId").asText());
        assertEquals("waiting_for_approval", waiting.status());
        assertEquals("approval_required", waiting.outcome());
        assertEquals(0, waiting.attempts());
        assertFalse(waiting.toString().contains("token="), "the run log does not keep the approval link");
        var waitingRuns = act.context().getBean(dev.actgate.shared.runs.RunLogService.class)
            .list(new Caller(ws.id(), ws.key(), "alice", false), Map.of("status", "waiting_for_approval"));
        assertEquals(List.of(waiting.id()), waitingRuns.items().stream().map(m -> m.get("id")).toList(),
            "run logs can be listed by the waiting status");

        FunctionHarness.Response seen = act.request("GET", "/approvals/" + id).bearer(manager).send();
        assertEquals(200, seen.status(), seen.toString());
        JsonNode view = seen.json();
        assertEquals("pending", view.path("status").asText());
        assertEquals("Payments need a person", view.path("policy").path("name").asText());
        assertEquals("alice", view.path("tenantKey").asText());
        assertEquals("send-payment", view.path("request").path("action").path("key").asText());
        assertEquals(1, view.path("request").path("action").path("revision").asInt());
        assertEquals(50, view.path("request").path("input").path("amount").asInt());
        assertEquals("billing-alice", view.path("request").path("connection").path("key").asText());
        assertFalse(seen.body().contains("sk-alice-51c0ffee"));

        // Before a decision, the retry is held again (same approval), still without a request upstream.
        assertEquals(id, held(act(alice, pay(50), key)).path("id").asText());
        assertEquals(0, payments());

        FunctionHarness.Response approved = decide(manager, id, "approve", "ok for acct_42");
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("approved", approved.json().path("status").asText());
        assertEquals("ok for acct_42", approved.json().path("decision").path("comment").asText());
        assertEquals("api", approved.json().path("decision").path("via").asText());
        assertEquals("approval_approved", runLog("alice", first.json().path("actionRunId").asText()).outcome(),
            "the held run's log shows the decision");

        List<FunctionHarness.Response> retries = concurrently(20, () -> act(alice, pay(50), key));
        long ok = retries.stream().filter(r -> r.status() == 200).count();
        assertTrue(ok >= 1, retries.toString());
        for (FunctionHarness.Response r : retries) {
            assertTrue(r.status() == 200 || r.status() == 409, r.toString());
        }
        assertEquals(1, payments(), "exactly one request reached the app");
        assertEquals(TestStorage.JSON.readTree("{\"amount\":50,\"to\":\"acct_42\"}"),
            TestStorage.JSON.readTree(upstream.received("/billing/payments").get(0).body()));

        FunctionHarness.Response later = act(alice, pay(50), key);
        assertEquals(200, later.status(), later.toString());
        assertEquals("true", later.headers().get("idempotent-replayed"));
        assertEquals(1, payments());

        JsonNode consumed = act.request("GET", "/approvals/" + id).bearer(manager).send().json();
        assertEquals("consumed", consumed.path("status").asText());
        RunLog ran = runLog("alice", consumed.path("consumedByRunId").asText());
        assertEquals("success", ran.status());
        assertTrue(ran.console().get(0).message().contains("Approved (" + id + ")"), ran.console().toString());
        assertTrue(ran.console().get(0).message().contains("ok for acct_42"));
    }

    @Test
    void anInlineApiPostPathIsHeldOnActAndOnTheProxyAndTheProxyRetryRunsOnce() throws Exception {
        policy(rule("Writes to payments", Map.of("method", List.of("POST", "PUT"), "path", "/payments/**"), "require_approval"));
        Map<String, Object> api = Map.of("connectionKey", "billing-alice", "api",
            Map.of("method", "POST", "path", "/payments/refunds", "body", Map.of("amount", 9)));
        held(act(alice, api, "refund-1"));
        FunctionHarness.Response get = act(alice, Map.of("connectionKey", "billing-alice", "api",
            Map.of("method", "GET", "path", "/payments/refunds")), null);
        assertEquals(200, get.status(), "a GET is not held: " + get);
        assertEquals(1, upstream.received().size());
        assertEquals("GET", upstream.received().get(0).method());

        FunctionHarness.Response proxied = act.request("POST", "/connections/billing-alice/proxy/payments/refunds")
            .bearer(alice).header("Idempotency-Key", "proxy-refund-1").json(Map.of("amount", 9)).send();
        JsonNode approval = held(proxied);
        assertEquals("proxy-refund-1", approval.path("retry").path("idempotencyKey").asText());
        assertEquals(1, upstream.received().size(), "the proxy's POST did not go out");
        assertEquals(200, decide(manager, approval.path("id").asText(), "approve", null).status());

        // The proxy keeps no stored answers: the approval's conditional consume alone lets one retry through.
        List<FunctionHarness.Response> retries = concurrently(20, () -> act.request("POST", "/connections/billing-alice/proxy/payments/refunds")
            .bearer(alice).header("Idempotency-Key", "proxy-refund-1").json(Map.of("amount", 9)).send());
        assertEquals(1, retries.stream().filter(r -> r.status() == 200).count(), retries.toString());
        retries.stream().filter(r -> r.status() != 200).forEach(r -> assertEquals(409, r.status(), r.toString()));
        assertEquals(1, upstream.received("/billing/payments/refunds").stream().filter(r -> r.method().equals("POST")).count());
    }

    @Test
    void everyDoorIsGatedByTheSameRule() {
        policy(rule("Payments need a person", Map.of("actionKey", "send-payment"), "require_approval"));
        policy(rule("Inline code needs a person", Map.of("actionType", "code"), "require_approval"));
        String actionId = act.request("POST", "/act").bearer(alice).json(pay(1)).send().json()
            .path("approval").path("id").asText();
        assertTrue(actionId.startsWith("apr_"));
        // by id (the saved action's id), the two legacy doors, and inline code
        String savedId = act.context().getBean(ApprovalRepository.class).find(ws.id(), actionId).orElseThrow()
            .request().path("action").path("id").asText();
        Map<String, Object> byId = new LinkedHashMap<>(pay(2));
        byId.remove("key");
        byId.put("id", savedId);
        held(act(alice, byId, null));
        held(act.request("POST", "/actions/send-payment/run?connectionKey=billing-alice").bearer(alice)
            .json(Map.of("input", Map.of("amount", 3))).send());
        held(act.request("POST", "/connections/billing-alice/actions/send-payment/run").bearer(alice)
            .json(Map.of("amount", 4)).send());
        held(act(alice, Map.of("connectionKey", "billing-alice", "code",
            "module.exports = async ({ api }) => api.post('/payments', { amount: 5 })"), null));
        assertEquals(0, upstream.received().size(), "no door let anything through");

        // What the approval keeps of the request has the connection's secret removed.
        Map<String, Object> leaky = pay(6);
        leaky.put("input", Map.of("amount", 6, "to", "sk-alice-51c0ffee"));
        JsonNode a = held(act(alice, leaky, null));
        FunctionHarness.Response view = act.request("GET", "/approvals/" + a.path("id").asText()).bearer(manager).send();
        assertFalse(view.body().contains("sk-alice-51c0ffee"), view.body());
        assertEquals(6, act.request("GET", "/approvals?tenantKey=alice").bearer(manager).send().json().path("items").size());
    }

    @Test
    void anInputPredicateHoldsOnlyLargeAmounts() {
        policy(rule("Large payments", Map.of("actionKey", "send-payment",
            "input", List.of(Map.of("pointer", "/amount", "op", "gt", "value", 1000))), "require_approval"));
        assertEquals(200, act(alice, pay(999), null).status());
        assertEquals(1, payments());
        held(act(alice, pay(5000), null));
        held(act(alice, pay(1000.01), null));
        assertEquals(1, payments(), "the large ones never went out");
    }

    @Test
    void deniedAndExpiredApprovalsAreRefusedWith403() {
        policy(rule("All payments", Map.of("actionKey", "send-payment"), "require_approval"));
        JsonNode a = held(act(alice, pay(10), "deny-me"));
        FunctionHarness.Response denied = decide(manager, a.path("id").asText(), "deny", "not this month");
        assertEquals(200, denied.status(), denied.toString());
        FunctionHarness.Response retry = act(alice, pay(10), "deny-me");
        assertEquals(403, retry.status(), retry.toString());
        assertEquals("APPROVAL_DENIED", retry.json().path("code").asText());
        assertTrue(retry.json().path("message").asText().contains("not this month"));
        assertEquals(409, decide(manager, a.path("id").asText(), "approve", null).status(), "a decision is final");

        JsonNode b = held(act(alice, pay(11), "too-late"));
        ApprovalRepository repo = act.context().getBean(ApprovalRepository.class);
        Approval stored = repo.find(ws.id(), b.path("id").asText()).orElseThrow();
        Approval past = new Approval(stored.id(), stored.workspaceId(), stored.tenantKey(), stored.status(), stored.idempotencyKey(),
            stored.fingerprint(), stored.policyId(), stored.policyName(), stored.request(), stored.runId(), stored.requestedAt(),
            Instant.now().minusSeconds(5), null, null, null, stored.linkId(), stored.purgeAt());
        assertTrue(repo.transition(past, Approval.PENDING, null));
        FunctionHarness.Response expired = act(alice, pay(11), "too-late");
        assertEquals(403, expired.status(), expired.toString());
        assertEquals("APPROVAL_EXPIRED", expired.json().path("code").asText());
        FunctionHarness.Response lateApproval = decide(manager, b.path("id").asText(), "approve", null);
        assertEquals(403, lateApproval.status());
        assertEquals("APPROVAL_EXPIRED", lateApproval.json().path("code").asText());
        assertEquals("expired", act.request("GET", "/approvals?status=expired").bearer(manager).send().json()
            .path("items").get(0).path("status").asText());
        String link = b.path("approvalUrl").asText();
        assertEquals(404, act.request("GET", link.substring(link.indexOf("/screens/"))).send().status());
        assertEquals(0, payments());
    }

    @Test
    void aChangedRequestAfterApprovalIsRefusedAndTheOriginalStillRuns() {
        policy(rule("All payments", Map.of("actionKey", "send-payment"), "require_approval"));
        JsonNode a = held(act(alice, pay(10), "change-1"));
        assertEquals(200, decide(manager, a.path("id").asText(), "approve", null).status());
        FunctionHarness.Response changed = act(alice, pay(10_000), "change-1");
        assertEquals(422, changed.status(), changed.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", changed.json().path("code").asText());
        assertEquals(0, payments());
        FunctionHarness.Response original = act(alice, pay(10), "change-1");
        assertEquals(200, original.status(), original.toString());
        assertEquals(1, payments());
    }

    @Test
    void blockRefusesWith403NamingTheRule() {
        policy(rule("Never delete", Map.of("method", "DELETE"), "block"));
        FunctionHarness.Response r = act(alice, Map.of("connectionKey", "billing-alice", "api", Map.of("method", "DELETE", "path", "/customers/1")), null);
        assertEquals(403, r.status(), r.toString());
        assertEquals("ACTION_BLOCKED", r.json().path("code").asText());
        assertEquals("Never delete", r.json().path("data").path("policy").path("name").asText());
        assertTrue(r.json().path("message").asText().contains("Never delete"));
        assertEquals("error", runLog("alice", r.json().path("actionRunId").asText()).status());
        assertEquals(0, upstream.received().size());
        assertEquals(200, act(alice, Map.of("connectionKey", "billing-alice", "api", Map.of("method", "GET", "path", "/customers/1")), null).status());
    }

    @Test
    void autoApproveAndFirstMatchWins() {
        policy(rule("Small ones are fine", Map.of("actionKey", "send-payment",
            "input", List.of(Map.of("pointer", "/amount", "op", "lte", "value", 100))), "auto_approve"));
        policy(rule("Everything else waits", Map.of(), "require_approval"));
        FunctionHarness.Response small = act(alice, pay(100), null);
        assertEquals(200, small.status(), small.toString());
        assertTrue(runLog("alice", small.json().path("actionRunId").asText()).console().get(0).message().contains("auto_approve"));
        held(act(alice, pay(101), null));
        assertEquals(1, payments());
    }

    @Test
    void notifyOnlyRunsAndTheWebhookGetsCorrectlySignedEventsWithRetries() throws Exception {
        List<Map<String, String>> got = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", ex -> {
            Map<String, String> m = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> m.put(k.toLowerCase(), v.get(0)));
            m.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean fail = calls.incrementAndGet() == 1;   // the first delivery fails: it must be retried
            if (!fail) {
                got.add(m);
            }
            ex.sendResponseHeaders(fail ? 503 : 204, -1);
            ex.close();
        });
        receiver.start();
        // The receiver is on this machine: the egress policy lets exactly its port through (webhooks go out like any call).
        dev.actgate.shared.testing.TestEgress.allow(receiver.getAddress().getPort());
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            FunctionHarness.Response set = act.request("PUT", "/approval-webhook").bearer(manager).json(Map.of("url", url)).send();
            assertEquals(200, set.status(), set.toString());
            String secret = set.json().path("secret").asText();
            assertTrue(secret.startsWith("whsec_"));
            assertFalse(act.request("GET", "/approval-webhook").bearer(manager).send().body().contains(secret), "the secret is shown once");
            assertEquals(403, act.request("PUT", "/approval-webhook").bearer(alice).json(Map.of("url", url)).send().status());
            assertEquals(400, act.request("PUT", "/approval-webhook").bearer(manager).json(Map.of("url", "ftp://x")).send().status());

            policy(rule("Tell us about payments", Map.of("actionKey", "send-payment"), "notify_only"));
            FunctionHarness.Response r = act(alice, pay(25), null);
            assertEquals(200, r.status(), r.toString());
            assertEquals(1, payments(), "notify_only runs");

            Map<String, String> event = await(got, 1).get(0);
            assertTrue(WebhookSignature.verify(secret, event.get("webhook-id"), event.get("webhook-timestamp"), event.get("body"),
                event.get("webhook-signature")), event.toString());
            assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), event.get("webhook-id"), event.get("webhook-timestamp"),
                event.get("body"), event.get("webhook-signature")));
            assertTrue(Math.abs(Long.parseLong(event.get("webhook-timestamp")) - Instant.now().getEpochSecond()) < 60);
            JsonNode body = TestStorage.JSON.readTree(event.get("body"));
            assertEquals("action.notified", body.path("type").asText());
            assertEquals(event.get("webhook-id"), body.path("id").asText());
            assertEquals("Tell us about payments", body.path("data").path("policy").path("name").asText());
            assertEquals(25, body.path("data").path("request").path("input").path("amount").asInt());
            assertEquals(2, calls.get(), "delivered on the second attempt");

            // require_approval: approval.requested (with the link) and approval.decided, both signed.
            String ruleId = act.request("GET", "/approval-policies").bearer(manager).send().json().path("items").get(0).path("id").asText();
            assertEquals(200, act.request("PUT", "/approval-policies/" + ruleId).bearer(manager)
                .json(rule("Payments wait", Map.of("actionKey", "send-payment"), "require_approval")).send().status());
            JsonNode a = held(act(alice, pay(26), null));
            assertEquals(200, decide(manager, a.path("id").asText(), "deny", "no").status());
            List<Map<String, String>> all = await(got, 3);
            JsonNode requested = TestStorage.JSON.readTree(all.get(1).get("body"));
            JsonNode decided = TestStorage.JSON.readTree(all.get(2).get("body"));
            assertEquals("approval.requested", requested.path("type").asText());
            assertEquals(a.path("approvalUrl").asText(), requested.path("data").path("approvalUrl").asText());
            assertEquals("approval.decided", decided.path("type").asText());
            assertEquals("denied", decided.path("data").path("status").asText());
            assertEquals("no", decided.path("data").path("decision").path("comment").asText());
            for (Map<String, String> e : all) {
                assertTrue(WebhookSignature.verify(secret, e.get("webhook-id"), e.get("webhook-timestamp"), e.get("body"),
                    e.get("webhook-signature")));
            }
            assertFalse(all.toString().contains("sk-alice-51c0ffee"), "no connection secret in events");
        } finally {
            receiver.stop(0);
        }
    }

    static List<Map<String, String>> await(List<Map<String, String>> got, int n) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (got.size() < n && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertTrue(got.size() >= n, "expected " + n + " webhook events, got " + got.size());
        return List.copyOf(got);
    }

    // ---- who may see and decide --------------------------------------------------------------------------------

    @Test
    void tenantsSeeOnlyTheirOwnApprovalsAndTenantTokensCannotApprove() {
        policy(rule("All payments", Map.of("actionKey", "send-payment"), "require_approval"));
        JsonNode a = held(act(alice, pay(10), "iso-1"));
        String id = a.path("id").asText();

        assertEquals(404, act.request("GET", "/approvals/" + id).bearer(bob).send().status());
        assertEquals(0, act.request("GET", "/approvals").bearer(bob).send().json().path("items").size());
        assertEquals(0, act.request("GET", "/approvals?tenantKey=alice").bearer(bob).send().json().path("items").size());
        assertEquals(404, decide(bob, id, "approve", null).status());
        String bobApprover = TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "bob", "approver", true), Duration.ofMinutes(5));
        assertEquals(404, decide(bobApprover, id, "approve", null).status(), "an approver of tenant bob cannot decide alice's");

        FunctionHarness.Response own = act.request("GET", "/approvals/" + id).bearer(alice).send();
        assertEquals(200, own.status(), "alice may see her own approval");
        FunctionHarness.Response self = decide(alice, id, "approve", null);
        assertEquals(403, self.status(), self.toString());
        assertEquals("FORBIDDEN", self.json().path("code").asText());
        String notQuite = TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "alice", "approver", "yes"), Duration.ofMinutes(5));
        assertEquals(403, decide(notQuite, id, "approve", null).status());
        assertEquals("pending", act.request("GET", "/approvals/" + id).bearer(manager).send().json().path("status").asText());

        String aliceApprover = TestWorkspaces.sign(ws, Map.of("workspaceKey", ws.key(), "tenantKey", "alice", "approver", true,
            "email", "ops@example.com"), Duration.ofMinutes(5));
        FunctionHarness.Response ok = decide(aliceApprover, id, "approve", null);
        assertEquals(200, ok.status(), ok.toString());
        assertTrue(ok.json().path("decision").path("by").asText().contains("ops@example.com"));

        JsonNode list = act.request("GET", "/approvals?status=approved").bearer(manager).send().json();
        assertEquals(id, list.path("items").get(0).path("id").asText());
        assertEquals(0, act.request("GET", "/approvals?status=pending").bearer(manager).send().json().path("items").size());
        assertEquals(400, act.request("GET", "/approvals?status=maybe").bearer(manager).send().status());
        assertEquals(400, act.request("GET", "/approvals?from=yesterday").bearer(manager).send().status());
        assertEquals(400, act.request("GET", "/approvals?state=pending").bearer(manager).send().status(), "unknown filter");
        assertEquals(400, act.request("GET", "/approvals?cursor=bm9wZQ").bearer(manager).send().status(), "forged cursor");
        assertEquals(0, act.request("GET", "/approvals?to=2020-01-01T00:00:00Z").bearer(manager).send().json().path("items").size());
    }

    @Test
    void approvalsPageThroughWithCursors() {
        policy(rule("All payments", Map.of("actionKey", "send-payment"), "require_approval"));
        for (int i = 0; i < 5; i++) {
            held(act(alice, pay(i + 1), null));
        }
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = act.request("GET", "/approvals?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).bearer(manager).send().json();
            page.path("items").forEach(i -> ids.add(i.path("id").asText()));
            cursor = page.path("cursor").asText(null);
        } while (cursor != null);
        assertEquals(5, ids.size(), ids.toString());
        assertEquals(5, ids.stream().distinct().count());
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Collections.reverseOrder());
        assertEquals(sorted, ids, "newest first");
    }

    @Test
    void policiesAreManagedByManagersAndValidatedOnWrite() {
        assertEquals(403, act.request("POST", "/approval-policies").bearer(alice)
            .json(rule("x", Map.of(), "block")).send().status());
        assertEquals(403, act.request("GET", "/approval-policies").bearer(alice).send().status());
        FunctionHarness.Response bad = act.request("POST", "/approval-policies").bearer(manager)
            .json(Map.of("name", "x", "match", Map.of("input", List.of(Map.of("pointer", "/a", "op", "regex", "value", ".*"))),
                "decision", "block")).send();
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("VALIDATION_ERROR", bad.json().path("code").asText());
        assertTrue(bad.json().path("message").asText().contains("match.input[0].op"), bad.toString());
        assertEquals(400, act.request("POST", "/approval-policies").bearer(manager).json("{not json").send().status());

        String second = policy(rule("second", Map.of("method", "GET"), "notify_only")).json().path("id").asText();
        Map<String, Object> first = rule("first", Map.of("method", "POST"), "block");
        first.put("position", 0);
        String firstId = policy(first).json().path("id").asText();
        JsonNode list = act.request("GET", "/approval-policies").bearer(manager).send().json();
        assertEquals(List.of("first", "second"), List.of(list.path("items").get(0).path("name").asText(),
            list.path("items").get(1).path("name").asText()));
        assertEquals("block", list.path("items").get(0).path("decision").asText());

        Map<String, Object> moved = rule("second, now first", Map.of("method", "GET"), "notify_only");
        moved.put("position", 0);
        FunctionHarness.Response put = act.request("PUT", "/approval-policies/" + second).bearer(manager).json(moved).send();
        assertEquals(200, put.status(), put.toString());
        assertEquals(second, act.request("GET", "/approval-policies").bearer(manager).send().json().path("items").get(0).path("id").asText());
        assertEquals(400, act.request("PUT", "/approval-policies/" + second).bearer(manager).json(Map.of("name", "x")).send().status());
        assertEquals(204, act.request("DELETE", "/approval-policies/" + firstId).bearer(manager).send().status());
        assertEquals(404, act.request("GET", "/approval-policies/" + firstId).bearer(manager).send().status());
        assertEquals(1, act.request("GET", "/approval-policies").bearer(manager).send().json().path("items").size());
    }

    @Test
    void creatingAPolicyWithAnIdempotencyKeyHappensOnce() {
        Map<String, Object> body = rule("once", Map.of("method", "DELETE"), "block");
        FunctionHarness.Response first = act.request("POST", "/approval-policies").bearer(manager)
            .header("Idempotency-Key", "policy-once-1").json(body).send();
        assertEquals(201, first.status(), first.toString());
        FunctionHarness.Response again = act.request("POST", "/approval-policies").bearer(manager)
            .header("Idempotency-Key", "policy-once-1").json(body).send();
        assertEquals(201, again.status(), again.toString());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals(first.json().path("id"), again.json().path("id"));
        assertEquals(1, act.request("GET", "/approval-policies").bearer(manager).send().json().path("items").size());
        FunctionHarness.Response other = act.request("POST", "/approval-policies").bearer(manager)
            .header("Idempotency-Key", "policy-once-1").json(rule("another", Map.of(), "block")).send();
        assertEquals(422, other.status(), other.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.json().path("code").asText());
    }

    // ---- the hosted page ---------------------------------------------------------------------------------------

    @Test
    void theApprovalLinkShowsTheRequestAndWorksOnce() {
        policy(rule("All payments", Map.of("actionKey", "send-payment"), "require_approval"));
        JsonNode a = held(act(alice, pay(77), "page-1"));
        URI url = URI.create(a.path("approvalUrl").asText());
        String path = url.getRawPath() + "?" + url.getRawQuery();
        String token = URLDecoder.decode(url.getRawQuery().substring("token=".length()), StandardCharsets.UTF_8);

        assertEquals(401, act.request("GET", "/approvals").bearer(token).send().status(), "the link's token is not an API token");

        FunctionHarness.Response page = act.request("GET", path).send();
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.headers().get("content-type").startsWith("text/html"));
        assertTrue(page.headers().get("content-security-policy").contains("frame-ancestors 'none'"));
        assertTrue(page.headers().get("content-security-policy").contains("default-src 'none'"));
        assertEquals("no-store", page.headers().get("cache-control"));
        assertEquals("no-referrer", page.headers().get("referrer-policy"));
        assertTrue(page.body().contains("Send payment") && page.body().contains("billing-alice") && page.body().contains("77"));
        assertTrue(page.body().contains("name=\"viewport\""));
        assertFalse(page.body().contains("<script"));
        assertEquals(200, act.request("GET", path).send().status(), "opening the link does not use it up");

        String forged = path.substring(0, path.length() - 3) + "abc";
        assertEquals(404, act.request("GET", forged).send().status());

        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&decision=approve&name=Dana&comment=fine";
        FunctionHarness.Response decided = act.request("POST", url.getRawPath()).body("application/x-www-form-urlencoded", form).send();
        assertEquals(200, decided.status(), decided.toString());
        assertTrue(decided.body().contains("Approved"));
        FunctionHarness.Response again = act.request("POST", url.getRawPath()).body("application/x-www-form-urlencoded",
            form.replace("approve", "deny")).send();
        assertEquals(404, again.status(), "the link works once");
        FunctionHarness.Response reopened = act.request("GET", path).send();
        assertEquals(404, reopened.status());
        assertTrue(reopened.body().contains("already used"));

        JsonNode view = act.request("GET", "/approvals/" + a.path("id").asText()).bearer(manager).send().json();
        assertEquals("approved", view.path("status").asText());
        assertEquals("page", view.path("decision").path("via").asText());
        assertEquals("approval link (Dana)", view.path("decision").path("by").asText());
        assertEquals(200, act(alice, pay(77), "page-1").status());
        assertEquals(1, payments());
        assertNull(act.context().getBean(ApprovalRepository.class).find(ws.id(), a.path("id").asText()).orElseThrow().linkId());
        assertNotNull(view.path("decision").path("at").asText(null));
    }
}
