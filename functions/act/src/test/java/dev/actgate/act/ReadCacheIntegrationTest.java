package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.runs.RunLogRepository;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The act function's per-instance read cache (HotPathReadCaches, docs/read-cache.md) through the real act handler on
 * DynamoDB Local: changes written by ANOTHER instance (a second application context with its own cache) take effect
 * here within the configured bound, this instance's own writes at once, and no entry ever answers another tenant or
 * workspace. Every /act response in this class is checked to have its run log.
 */
class ReadCacheIntegrationTest {
    /** The staleness bound the instance under test is configured with. */
    static final Duration BOUND = Duration.ofSeconds(1);
    /** Waited on top of the bound before asserting the change is seen (generous: the machine may be loaded). */
    static final Duration MARGIN = Duration.ofMillis(700);

    static FunctionHarness act;
    static FunctionHarness longLived;
    static FunctionHarness elsewhere;
    static TestUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        act = FunctionHarness.start(Map.of("actgate.cache.ttl", BOUND.toMillis() + "ms"));
        longLived = FunctionHarness.start(Map.of("actgate.cache.ttl", "10m"));
        elsewhere = FunctionHarness.start();
    }

    @AfterAll
    static void stop() {
        act.close();
        longLived.close();
        elsewhere.close();
        upstream.close();
    }

    @BeforeEach
    void clean() {
        upstream.reset();
    }

    // ------------------------------------------------------------------ changes made by another instance

    @Test
    void aConnectionDisconnectedElsewhereIsRefusedWithinTheBound() {
        Fixture f = fixture("key-disc-1111");
        assertEquals(200, act(act, f, Map.of("connectionId", f.connectionId)).status());
        assertEquals(200, act(act, f, Map.of("connectionKey", "main")).status());
        ConnectionService other = elsewhere.context().getBean(ConnectionService.class);
        other.markDisconnected(other.get(f.caller, "main"), "revoked in a test");
        pastTheBound();
        for (Map<String, Object> target : List.of(Map.<String, Object>of("connectionId", f.connectionId),
            Map.<String, Object>of("connectionKey", "main"))) {
            FunctionHarness.Response r = act(act, f, target);
            assertEquals("CONNECTION_DISCONNECTED", r.json().path("code").asText(), target + " → " + r);
        }
        assertEquals(2, upstream.received().size(), "only the two calls before the disconnect reached the app");
    }

    @Test
    void aConnectionArchivedElsewhereIsRefusedWithinTheBound() {
        Fixture f = fixture("key-arch-2222");
        assertEquals(200, act(act, f, Map.of("connectionId", f.connectionId)).status());
        assertEquals(200, act(act, f, Map.of("connectionKey", "main")).status());
        elsewhere.context().getBean(ConnectionService.class).archive(f.caller, "main");
        pastTheBound();
        assertEquals(404, act(act, f, Map.of("connectionId", f.connectionId)).status());
        assertEquals(404, act(act, f, Map.of("connectionKey", "main")).status());
        assertEquals(2, upstream.received().size());
    }

    @Test
    void anIntegrationArchivedElsewhereIsRefusedWithinTheBound() {
        Fixture f = fixture("key-intg-3333");
        assertEquals(200, act(act, f, Map.of("connectionKey", "main")).status());
        elsewhere.context().getBean(IntegrationService.class).archive(f.manager, "todos");
        pastTheBound();
        FunctionHarness.Response r = act(act, f, Map.of("connectionKey", "main"));
        assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
        assertEquals(1, upstream.received().size(), "the archived integration was not called");
    }

    @Test
    void aRotatedCredentialIsUsedAfterTheBound() {
        Fixture f = fixture("key-old-44444444");
        assertEquals(200, act(act, f, Map.of("connectionKey", "main")).status());
        assertEquals("key-old-44444444", upstream.received().get(0).header("x-api-key"));
        elsewhere.context().getBean(ConnectionService.class).patch(f.caller, "main",
            TestStorage.JSON.convertValue(Map.of("credentials", Map.of("apiKey", "key-new-55555555")), dev.actgate.shared.connections.ConnectionRequest.class));
        pastTheBound();
        upstream.reset();
        assertEquals(200, act(act, f, Map.of("connectionKey", "main")).status());
        assertEquals(200, act(act, f, Map.of("connectionId", f.connectionId)).status());
        for (TestUpstream.Received got : upstream.received()) {
            assertEquals("key-new-55555555", got.header("x-api-key"));
        }
    }

    /** The other side of the bound: within it, a change made elsewhere is not read (which is what saves the reads). */
    @Test
    void withinTheBoundTheCachedRecordIsUsedWithoutReading() {
        Fixture f = fixture("key-long-6666");
        assertEquals(200, act(longLived, f, Map.of("connectionKey", "main")).status());
        elsewhere.context().getBean(ConnectionService.class).archive(f.caller, "main");
        assertEquals(200, act(longLived, f, Map.of("connectionKey", "main")).status(),
            "a 10-minute bound: the archive made elsewhere is not seen yet");
    }

    // ------------------------------------------------------------------ this instance's own writes

    @Test
    void thisInstancesOwnWritesTakeEffectAtOnce() {
        Fixture f = fixture("key-own-7777");
        assertEquals(200, act(longLived, f, Map.of("connectionKey", "main")).status());
        assertEquals(200, act(longLived, f, Map.of("connectionId", f.connectionId)).status());
        longLived.context().getBean(ConnectionService.class).patch(f.caller, "main",
            TestStorage.JSON.convertValue(Map.of("credentials", Map.of("apiKey", "key-own-rotated-8888")), dev.actgate.shared.connections.ConnectionRequest.class));
        upstream.reset();
        assertEquals(200, act(longLived, f, Map.of("connectionKey", "main")).status());
        assertEquals(200, act(longLived, f, Map.of("connectionId", f.connectionId)).status());
        assertEquals(List.of("key-own-rotated-8888", "key-own-rotated-8888"),
            upstream.received().stream().map(r -> r.header("x-api-key")).toList());
        longLived.context().getBean(ConnectionService.class).archive(f.caller, "main");
        assertEquals(404, act(longLived, f, Map.of("connectionKey", "main")).status());
        assertEquals(404, act(longLived, f, Map.of("connectionId", f.connectionId)).status());
    }

    // ------------------------------------------------------------------ scoping

    @Test
    void tenantsAndWorkspacesNeverShareAnEntry() {
        // Same connection key, same integration key, in two tenants of one workspace and in a second workspace.
        Fixture alice = fixture("key-alice-aaaa");
        Fixture bob = connectionFor(alice.ws, "bob", "key-bob-bbbbbbbb");
        Fixture other = fixture("key-otherws-cccc");
        for (int round = 0; round < 3; round++) {
            for (Fixture f : List.of(alice, bob, other)) {
                upstream.reset();
                assertEquals(200, act(longLived, f, Map.of("connectionKey", "main")).status());
                assertEquals(200, act(longLived, f, Map.of("connectionId", f.connectionId)).status());
                for (TestUpstream.Received got : upstream.received()) {
                    assertEquals(f.apiKey, got.header("x-api-key"), "tenant " + f.caller.tenantKey() + " of " + f.ws.key());
                }
            }
        }
        // A cached id of alice's is not found for bob, nor for alice of the other workspace.
        assertEquals(404, act(longLived, bob, Map.of("connectionId", alice.connectionId)).status());
        assertEquals(404, act(longLived, other, Map.of("connectionId", alice.connectionId)).status());
    }

    // ------------------------------------------------------------------ saved actions (CachingActionRepository)

    @Test
    void aSavedActionChangedElsewhereIsSeenWithinTheBound() {
        Fixture f = fixture("key-act-change-1");
        ActionService other = elsewhere.context().getBean(ActionService.class);
        other.create(f.manager, listAction("list-items", "/items", Map.of("integrationKey", "todos")), null);
        assertEquals("/v1/items", lastPath(runSaved(act, f, "list-items")));
        other.patch(f.manager, "list-items", ActionService.Qualifiers.none(), TestStorage.JSON.valueToTree(
            Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/things")))));
        pastTheBound();
        assertEquals("/v1/things", lastPath(runSaved(act, f, "list-items")), "the new revision is run past the bound");
    }

    @Test
    void aSavedActionArchivedElsewhereIsRefusedWithinTheBound() {
        Fixture f = fixture("key-act-arch-2");
        ActionService other = elsewhere.context().getBean(ActionService.class);
        other.create(f.manager, listAction("list-items", "/items", Map.of()), null);
        assertEquals(200, runSaved(act, f, "list-items").status());
        assertEquals(200, runSaved(longLived, f, "list-items").status());
        other.archive(f.manager, "list-items", ActionService.Qualifiers.none());
        assertEquals(200, runSaved(longLived, f, "list-items").status(), "a 10-minute bound: the archive is not seen yet");
        pastTheBound();
        FunctionHarness.Response r = runSaved(act, f, "list-items");
        assertEquals(404, r.status(), r.toString());
        assertEquals("ACTION_NOT_FOUND", r.json().path("code").asText());
    }

    @Test
    void aConnectionLevelOverrideCreatedElsewhereTakesEffectWithinTheBound() {
        Fixture f = fixture("key-act-over-3");
        ActionService other = elsewhere.context().getBean(ActionService.class);
        other.create(f.manager, listAction("list-items", "/items", Map.of()), null);
        assertEquals("/v1/items", lastPath(runSaved(act, f, "list-items")));
        other.create(new Caller(f.ws.id(), f.ws.key(), "alice", true),
            listAction("list-items", "/alice-items", Map.of("connectionKey", "main")), null);
        pastTheBound();
        assertEquals("/v1/alice-items", lastPath(runSaved(act, f, "list-items")),
            "the tenant partition's empty answer was cached only within the bound");
    }

    @Test
    void thisInstancesOwnActionWritesTakeEffectAtOnce() {
        Fixture f = fixture("key-act-own-4");
        ActionService own = longLived.context().getBean(ActionService.class);
        own.create(f.manager, listAction("list-items", "/items", Map.of()), null);
        assertEquals("/v1/items", lastPath(runSaved(longLived, f, "list-items")));
        own.patch(f.manager, "list-items", ActionService.Qualifiers.none(), TestStorage.JSON.valueToTree(
            Map.of("config", Map.of("request", Map.of("method", "GET", "path", "/things")))));
        assertEquals("/v1/things", lastPath(runSaved(longLived, f, "list-items")));
        own.create(new Caller(f.ws.id(), f.ws.key(), "alice", true),
            listAction("list-items", "/alice-items", Map.of("connectionKey", "main")), null);
        assertEquals("/v1/alice-items", lastPath(runSaved(longLived, f, "list-items")));
        own.archive(new Caller(f.ws.id(), f.ws.key(), "alice", true), "list-items",
            new ActionService.Qualifiers(null, null, null, "main", null));
        assertEquals("/v1/things", lastPath(runSaved(longLived, f, "list-items")), "back to the workspace-wide action");
    }

    @Test
    void twoTenantsNeverShareASavedActionEntry() {
        Fixture alice = fixture("key-act-alice-5");
        Fixture bob = connectionFor(alice.ws, "bob", "key-act-bob-5555");
        Fixture other = fixture("key-act-otherws-5");
        ActionService actions = elsewhere.context().getBean(ActionService.class);
        actions.create(alice.manager, listAction("who", "/everyone", Map.of()), null);
        actions.create(new Caller(alice.ws.id(), alice.ws.key(), "alice", true),
            listAction("who", "/alice-only", Map.of("connectionKey", "main")), null);
        actions.create(other.manager, listAction("who", "/other-workspace", Map.of()), null);
        for (int round = 0; round < 3; round++) {
            assertEquals("/v1/alice-only", lastPath(runSaved(longLived, alice, "who")));
            assertEquals("/v1/everyone", lastPath(runSaved(longLived, bob, "who")), "alice's override is not bob's");
            assertEquals("/v1/other-workspace", lastPath(runSaved(longLived, other, "who")));
        }
        String aliceOnly = actions.get(new Caller(alice.ws.id(), alice.ws.key(), "alice", true), "who",
            new ActionService.Qualifiers(null, null, null, "main", null)).id();
        Map<String, Object> byId = new java.util.LinkedHashMap<>(Map.of("connectionKey", "main", "id", aliceOnly));
        assertEquals("/v1/alice-only", lastPath(send(longLived, alice, byId)));
        assertEquals(404, send(longLived, bob, byId).status(), "alice's action id, cached for alice, is not found for bob");
    }

    static JsonNode listAction(String key, String path, Map<String, Object> scope) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(scope);
        body.put("key", key);
        body.put("type", "api-request-to-external-app");
        body.put("config", Map.of("request", Map.of("method", "GET", "path", path)));
        return TestStorage.JSON.valueToTree(body);
    }

    /** POST /act {connectionKey: main, key}: a saved action; asserts its run log like {@link #act}. */
    static FunctionHarness.Response runSaved(FunctionHarness fn, Fixture f, String key) {
        return send(fn, f, new java.util.LinkedHashMap<>(Map.of("connectionKey", "main", "key", key)));
    }

    static FunctionHarness.Response send(FunctionHarness fn, Fixture f, Map<String, Object> body) {
        FunctionHarness.Response r = fn.request("POST", "/act").bearer(f.token).json(body).send();
        String runId = r.json().path("actionRunId").asText(null);
        assertFalse(runId == null || runId.isBlank(), "every /act answer names its run log: " + r);
        assertTrue(fn.context().getBean(RunLogRepository.class).find(f.ws.id(), f.caller.tenantKey(), runId).isPresent(),
            "run log " + runId + " exists when the answer is out");
        return r;
    }

    /** The path the upstream received for this (successful) answer. */
    static String lastPath(FunctionHarness.Response r) {
        assertEquals(200, r.status(), r.toString());
        List<TestUpstream.Received> got = upstream.received();
        return got.get(got.size() - 1).path();
    }

    // ------------------------------------------------------------------ helpers

    record Fixture(Workspace ws, Caller caller, Caller manager, String token, String connectionId, String apiKey) {
    }

    /** A workspace with integration 'todos' (api key in X-Api-Key) and tenant alice's connection 'main', made elsewhere. */
    static Fixture fixture(String apiKey) {
        Workspace ws = TestWorkspaces.create();
        Caller manager = new Caller(ws.id(), ws.key(), null, true);
        elsewhere.context().getBean(IntegrationService.class).create(manager, TestStorage.JSON.convertValue(Map.of(
            "key", "todos", "baseUrl", upstream.baseUrl() + "/v1",
            "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")), dev.actgate.shared.integrations.IntegrationRequest.class));
        return connectionFor(ws, "alice", apiKey);
    }

    static Fixture connectionFor(Workspace ws, String tenant, String apiKey) {
        Caller caller = new Caller(ws.id(), ws.key(), tenant, false);
        String id = elsewhere.context().getBean(ConnectionService.class).create(caller, TestStorage.JSON.valueToTree(Map.of(
            "integrationKey", "todos", "key", "main", "credentials", Map.of("apiKey", apiKey)))).id();
        return new Fixture(ws, caller, new Caller(ws.id(), ws.key(), null, true), TestWorkspaces.tenantToken(ws, tenant), id, apiKey);
    }

    /** POST /act with an inline api call; asserts the run log of the answer exists (every answer has one here). */
    static FunctionHarness.Response act(FunctionHarness fn, Fixture f, Map<String, Object> target) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(target);
        body.put("api", Map.of("method", "GET", "path", "/items"));
        FunctionHarness.Response r = fn.request("POST", "/act").bearer(f.token).json(body).send();
        JsonNode json = r.json();
        String runId = json.path("actionRunId").asText(null);
        assertFalse(runId == null || runId.isBlank(), "every /act answer names its run log: " + r);
        assertTrue(fn.context().getBean(RunLogRepository.class).find(f.ws.id(), f.caller.tenantKey(), runId).isPresent(),
            "run log " + runId + " exists when the answer is out");
        return r;
    }

    static void pastTheBound() {
        try {
            Thread.sleep(BOUND.plus(MARGIN).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
