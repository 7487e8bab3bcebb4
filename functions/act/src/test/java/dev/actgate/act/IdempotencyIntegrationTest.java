package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency keys on /act, through the real handler, against a real upstream that counts what it receives. */
class IdempotencyIntegrationTest extends ActFixtureBase {
    static String alice;

    @BeforeAll
    static void start() {
        alice = TestWorkspaces.tenantToken(ws, "alice");
        ActTestSetup.integration(ws, "shop", upstream.baseUrl(), Map.of("type", "bearer"), Map.of());
        ActTestSetup.connection(ws, "alice", "shop", "shop", Map.of("token", "shop-token-123456"), false);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    static Map<String, Object> order(String item) {
        return Map.of("connectionKey", "shop", "api", Map.of("method", "POST", "path", "/orders", "body", Map.of("item", item)));
    }

    FunctionHarness.Response post(String key, Object body) {
        return act.request("POST", "/act").bearer(alice).header("Idempotency-Key", key).json(body).send();
    }

    @Test
    void aRepeatReturnsTheStoredResponseAndSendsNothing() {
        String key = "order-" + System.nanoTime();
        FunctionHarness.Response first = post(key, order("book"));
        assertEquals(200, first.status(), first.toString());
        assertEquals("false", first.headers().get("idempotent-replayed"));
        FunctionHarness.Response second = post(key, order("book"));
        assertEquals(200, second.status());
        assertEquals("true", second.headers().get("idempotent-replayed"));
        assertEquals(first.json(), second.json(), "same body, same actionRunId");
        assertEquals(1, upstream.received("/orders").size());
        FunctionHarness.Response other = post(key, order("lamp"));
        assertEquals(422, other.status(), other.toString());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.json().path("code").asText());
        assertEquals(1, upstream.received("/orders").size());
    }

    @Test
    void theKeyMayComeInTheBodyAndErrorsAreReplayedToo() {
        upstream.on("/orders", r -> Reply.json(409, "{\"error\":\"out of stock\"}"));
        String key = "body-key-" + System.nanoTime();
        Map<String, Object> body = new java.util.HashMap<>(order("pen"));
        body.put("idempotencyKey", key);
        FunctionHarness.Response first = act.request("POST", "/act").bearer(alice).json(body).send();
        assertEquals(424, first.status());
        FunctionHarness.Response again = act.request("POST", "/act").bearer(alice).json(body).send();
        assertEquals(424, again.status());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals(first.json().path("actionRunId"), again.json().path("actionRunId"));
        assertEquals(1, upstream.received("/orders").size());
    }

    @Test
    void keysAreScopedToTheTenant() {
        String key = "shared-" + System.nanoTime();
        assertEquals(200, post(key, order("a")).status());
        String bob = TestWorkspaces.tenantToken(ws, "bob");
        ActTestSetup.connection(ws, "bob", "shop", "shop", Map.of("token", "bob-token-1234567"), false);
        FunctionHarness.Response bobs = act.request("POST", "/act").bearer(bob).header("Idempotency-Key", key).json(order("a")).send();
        assertEquals(200, bobs.status());
        assertEquals("false", bobs.headers().get("idempotent-replayed"), "another tenant's key is its own");
        assertEquals(2, upstream.received("/orders").size());
    }

    @Test
    void aCrashedFirstAttemptDoesNotBlockTheKeyForever() {
        String key = "crashed-" + System.nanoTime();
        String pk = ws.id() + "#alice#POST /act#" + key;
        TestStorage.client().putItem(p -> p.tableName(TestStorage.tableNames().idempotency()).item(Map.of(
            "pk", AttributeValue.fromS(pk), "state", AttributeValue.fromS("IN_PROGRESS"), "requestHash", AttributeValue.fromS("x"),
            "owner", AttributeValue.fromS("dead-lambda"),
            "expiresAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 - 5)))));
        FunctionHarness.Response r = post(key, order("mug"));
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, upstream.received("/orders").size());
        assertEquals(400, post("bad key with spaces", order("mug")).status());
    }

    @Test
    void fiftyConcurrentCallersWithOneKeyMakeOneUpstreamRequest() throws Exception {
        upstream.on("/orders", r -> Reply.json(201, "{\"order\":\"o-1\"}").delayed(400));
        String key = "herd-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FunctionHarness.Response>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return post(key, order("chair"));
            }));
        }
        go.countDown();
        Set<String> runIds = new HashSet<>();
        int ok = 0;
        int conflict = 0;
        for (Future<FunctionHarness.Response> f : futures) {
            FunctionHarness.Response r = f.get(60, TimeUnit.SECONDS);
            if (r.status() == 200) {
                ok++;
                runIds.add(r.json().path("actionRunId").asText());
                assertEquals("o-1", r.json().path("output").path("order").asText());
            } else {
                assertEquals(409, r.status(), r.toString());
                JsonNode e = r.json();
                assertEquals("concurrency", e.path("type").asText());
                assertEquals("IDEMPOTENCY_IN_PROGRESS", e.path("code").asText());
                conflict++;
            }
        }
        pool.shutdown();
        assertEquals(50, ok + conflict);
        assertTrue(ok >= 1);
        assertEquals(1, runIds.size(), "every success is the one result");
        assertEquals(1, upstream.received("/orders").size(), "exactly one upstream request");
    }
}
