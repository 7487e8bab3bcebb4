package dev.actgate.act;

import dev.actgate.shared.runs.RunLog;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream failures on purpose: the number of attempts, the waits and the outcome. */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=50")
class RetryIntegrationTest extends ActFixtureBase {
    static String alice;

    @BeforeAll
    static void start() {
        alice = TestWorkspaces.tenantToken(ws, "alice");
        ActTestSetup.integration(ws, "flaky", upstream.baseUrl(), Map.of("type", "bearer"), Map.of("readTimeoutMs", 700));
        ActTestSetup.connection(ws, "alice", "flaky", "flaky", Map.of("token", "flaky-token-12345"), false);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    FunctionHarness.Response call(String method, String path) {
        return act.request("POST", "/act").bearer(alice).json(Map.of("connectionKey", "flaky",
            "api", Map.of("method", method, "path", path))).send();
    }

    RunLog log(FunctionHarness.Response r) {
        return act.context().getBean(RunLogRepository.class).find(ws.id(), "alice", r.json().path("actionRunId").asText()).orElseThrow();
    }

    static long gap(List<TestUpstream.Received> calls, int i) {
        return calls.get(i).atMillis() - calls.get(i - 1).atMillis();
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        upstream.sequence("/limited", Reply.json(429, "{}").withHeader("Retry-After", "1"), Reply.json(200, "{\"ok\":1}"));
        FunctionHarness.Response r = call("GET", "/limited");
        assertEquals(200, r.status(), r.toString());
        List<TestUpstream.Received> calls = upstream.received("/limited");
        assertEquals(2, calls.size());
        assertTrue(gap(calls, 1) >= 950, "waited as told: " + gap(calls, 1) + " ms");
        RunLog log = log(r);
        assertEquals(2, log.attempts());
        assertTrue(log.exchanges().get(1).waitedMillis() >= 1000, "the wait is in the run log");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        upstream.sequence("/dated", Reply.json(503, "{}").withHeader("Retry-After", date), Reply.json(200, "{}"));
        FunctionHarness.Response r = call("GET", "/dated");
        assertEquals(200, r.status(), r.toString());
        List<TestUpstream.Received> calls = upstream.received("/dated");
        assertEquals(2, calls.size());
        assertTrue(gap(calls, 1) >= 900, "waited until the date: " + gap(calls, 1) + " ms");
    }

    @Test
    void persistent503sStopAfterFourAttemptsWithBackoff() {
        upstream.on("/down", x -> Reply.json(503, "{\"error\":\"maintenance\"}"));
        FunctionHarness.Response r = call("GET", "/down");
        assertEquals(424, r.status(), r.toString());
        assertEquals(503, r.json().path("data").path("status").asInt());
        assertEquals(4, upstream.received("/down").size());
        assertEquals(4, r.json().path("data").path("attempts").asInt());
    }

    @Test
    void aDroppedConnectionIsRetriedForAGetButIsInDoubtForAPost() {
        upstream.sequence("/drop", Reply.dropConnection(), Reply.json(200, "{\"ok\":true}"));
        FunctionHarness.Response get = call("GET", "/drop");
        assertEquals(200, get.status(), get.toString());
        assertEquals(2, upstream.received("/drop").size());
        upstream.reset();
        upstream.sequence("/drop", Reply.dropConnection(), Reply.json(200, "{\"ok\":true}"));
        FunctionHarness.Response post = call("POST", "/drop");
        assertEquals(504, post.status(), post.toString());
        assertEquals("IN_DOUBT", post.json().path("code").asText());
        assertEquals(1, upstream.received("/drop").size());
    }

    @Test
    void aHangingUpstreamTimesOutWithinTheBudget() {
        upstream.on("/hang", x -> Reply.json(200, "{}").delayed(5_000));
        long t0 = System.currentTimeMillis();
        FunctionHarness.Response r = call("GET", "/hang");
        long took = System.currentTimeMillis() - t0;
        assertEquals(504, r.status(), r.toString());
        assertEquals("UPSTREAM_TIMEOUT", r.json().path("code").asText());
        assertEquals(4, upstream.received("/hang").size(), "a GET is retried after a read timeout");
        assertTrue(took < 10_000, "four 700 ms read timeouts plus backoff, not 4 x 5 s: " + took + " ms");
        assertEquals("error", log(r).status(), "the run log is still written");
    }

    @Test
    void aRefusedConnectionIsRetriedEvenForAPost() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        dev.actgate.shared.testing.TestEgress.allow(deadPort);   // allowlisted: the refusal comes from the socket, not the policy
        ActTestSetup.integration(ws, "dead", "http://127.0.0.1:" + deadPort, Map.of("type", "bearer"), Map.of());
        ActTestSetup.connection(ws, "alice", "dead", "dead", Map.of("token", "dead-token-12345"), false);
        FunctionHarness.Response r = act.request("POST", "/act").bearer(alice).json(Map.of("connectionKey", "dead",
            "api", Map.of("method", "POST", "path", "/x"))).send();
        assertEquals(502, r.status(), r.toString());
        assertEquals("UPSTREAM_UNREACHABLE", r.json().path("code").asText());
        assertEquals(4, log(r).attempts(), "nothing was sent, so every attempt was safe");
    }

    @Test
    void aConnectorsRateLimitResetHeaderIsHonouredWhenTheBudgetIsSpent() {
        Workspace w = ActTestSetup.githubWorkspace(upstream.baseUrl(), "gina", "gho_ratelimit_test_1");
        String reset = Long.toString(System.currentTimeMillis() / 1000 + 2);
        upstream.sequence("/user", Reply.json(429, "{\"message\":\"API rate limit exceeded\"}")
            .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", reset), Reply.json(200, "{\"login\":\"g\"}"));
        FunctionHarness.Response r = act.request("POST", "/act").bearer(TestWorkspaces.tenantToken(w, "gina"))
            .json(Map.of("connectionKey", "gh", "api", Map.of("method", "GET", "path", "/user"))).send();
        assertEquals(200, r.status(), r.toString());
        List<TestUpstream.Received> calls = upstream.received("/user");
        assertEquals(2, calls.size());
        assertTrue(gap(calls, 1) >= 900, "waited for the connector's reset header: " + gap(calls, 1) + " ms");
    }
}
