package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static dev.actgate.act.dialects.DialectFixture.map;
import static dev.actgate.act.dialects.DialectFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Composio's shapes (legacy v1/v2 and v3.1) through the real act handler, in the order the SDKs call them: the
 * legacy entity pick (action → app → accounts by user_uuid → account → execute), v3.1 tool retrieve and execute,
 * unknown / foreign connected accounts (1803), failed actions as successful:false, and the run log's door.
 */
class ComposioIntegrationTest {
    @RegisterExtension
    static final DialectFixture f = new DialectFixture();
    static String key;
    static String aliceAccount;

    @BeforeAll
    static void start() {
        key = f.apiKey();
        aliceAccount = ComposioTranslation.accountId("alice", f.aliceConnection);
    }

    @BeforeEach
    void clean() {
        f.upstream.reset();
        f.upstream.on("/v1/todos", r -> Reply.json(201, "{\"id\":3,\"title\":\"bread\"}"));
    }

    @Test
    void theLegacyEntityPickFindsTheUsersAccountAndExecutes() {
        JsonNode action = ok(f.get("/api/v2/actions/CREATE_TODO", key).send());
        assertEquals("CREATE_TODO", action.path("name").asText());
        assertEquals("todos", action.path("appKey").asText());
        assertTrue(action.path("parameters").path("properties").has("title"));
        JsonNode app = ok(f.get("/api/v1/apps/todos", key).send());
        assertFalse(app.path("no_auth").asBoolean());
        JsonNode accounts = ok(f.get("/api/v1/connectedAccounts?user_uuid=alice&showActiveOnly=true", key).send());
        assertEquals(1, accounts.path("items").size());
        JsonNode item = accounts.path("items").get(0);
        assertEquals(aliceAccount, item.path("id").asText());
        assertEquals("ACTIVE", item.path("status").asText());
        assertEquals("todos", item.path("appName").asText());
        assertTrue(item.path("labels").toString().contains("PRIMARY"), "the default connection is the PRIMARY pick");
        JsonNode one = ok(f.get("/api/v1/connectedAccounts/" + aliceAccount, key).send());
        assertEquals(aliceAccount, one.path("id").asText());

        JsonNode r = ok(f.post("/api/v2/actions/CREATE_TODO/execute", key, map("connectedAccountId", aliceAccount,
            "input", map("title", "bread"), "appName", "todos", "text", "", "sessionInfo", map(), "allowTracing", false)).send());
        assertTrue(r.path("successful").asBoolean(), r.toString());
        assertTrue(r.path("successfull").asBoolean());
        assertTrue(r.path("error").isNull());
        assertEquals(3, r.path("data").path("id").asInt());
        assertEquals(DialectFixture.ALICE_KEY, f.upstream.received("/v1/todos").get(0).header("x-api-key"));
        var log = f.runLog("alice", r.path("logId").asText());
        assertEquals("composio", log.door());
        assertEquals("create-todo", log.action().path("key").asText());
    }

    @Test
    void theLegacyExecuteByEntityResolvesTheTenantsConnection() {
        JsonNode r = ok(f.post("/api/v2/actions/CREATE_TODO/execute", key, map("entityId", "bob", "input", map("title", "x"),
            "appName", "todos")).send());
        assertTrue(r.path("successful").asBoolean(), r.toString());
        assertEquals(DialectFixture.BOB_KEY, f.upstream.received("/v1/todos").get(0).header("x-api-key"));
    }

    @Test
    void v31RetrievesAToolAndExecutesItAtAPinnedVersion() {
        JsonNode tool = ok(f.get("/api/v3.1/tools/CREATE_TODO?version=1", key).send());
        assertEquals("CREATE_TODO", tool.path("slug").asText());
        assertEquals("todos", tool.path("toolkit").path("slug").asText());
        assertEquals("1", tool.path("version").asText());
        JsonNode r = ok(f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "alice", "connected_account_id", aliceAccount,
            "arguments", map("title", "bread"), "version", "1")).send());
        assertTrue(r.path("successful").asBoolean(), r.toString());
        assertTrue(r.has("error") && r.get("error").isNull());
        assertEquals("bread", r.path("data").path("title").asText());
        assertEquals(1, f.runLog("alice", r.path("log_id").asText()).action().path("version").asInt(), "the pin reaches the engine");
        JsonNode noSuchRevision = f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "alice",
            "arguments", map("title", "x"), "version", "9")).send().json();
        assertTrue(noSuchRevision.has("error"), noSuchRevision.toString());
        JsonNode list = ok(f.get("/api/v3.1/tools?toolkit_slug=todos&important=true", key).send());
        assertTrue(list.path("items").toString().contains("CREATE_TODO"), list.toString());
    }

    @Test
    void unknownAndForeignConnectedAccountsAre1803AndNothingRuns() {
        FunctionHarness.Response unknown = f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "alice",
            "connected_account_id", "ca_nope", "arguments", map("title", "x"), "version", "1")).send();
        assertEquals(1803, unknown.json().path("error").path("code").asInt(), unknown.toString());
        FunctionHarness.Response foreign = f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "bob",
            "connected_account_id", aliceAccount, "arguments", map("title", "x"), "version", "1")).send();
        assertEquals(1803, foreign.json().path("error").path("code").asInt(), "bob cannot use alice's account: " + foreign);
        String forged = ComposioTranslation.accountId("bob", f.aliceConnection);
        FunctionHarness.Response forgedTenant = f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "bob",
            "connected_account_id", forged, "arguments", map("title", "x"), "version", "1")).send();
        assertEquals(1803, forgedTenant.json().path("error").path("code").asInt(), "an id naming bob finds only bob's: " + forgedTenant);
        assertEquals(404, f.get("/api/v1/connectedAccounts/" + forged, key).send().status());
        FunctionHarness.Response legacy = f.post("/api/v2/actions/CREATE_TODO/execute", key, map("connectedAccountId", aliceAccount,
            "entityId", "bob", "input", map("title", "x"))).send();
        assertEquals(404, legacy.status(), legacy.toString());
        assertEquals("NotFoundError", legacy.json().path("name").asText());
        JsonNode bobs = ok(f.get("/api/v3.1/connected_accounts?user_ids=bob", key).send());
        assertEquals(1, bobs.path("items").size());
        assertFalse(bobs.toString().contains(aliceAccount));
        assertTrue(f.upstream.received().isEmpty());
    }

    @Test
    void aFailedActionIsSuccessfulFalseNotAnException() {
        f.upstream.on("/v1/todos", r -> Reply.json(422, "{\"message\":\"title too long\"}"));
        JsonNode r = ok(f.post("/api/v3.1/tools/execute/CREATE_TODO", key, map("user_id", "alice", "arguments", map("title", "x"),
            "version", "1")).send());
        assertFalse(r.path("successful").asBoolean());
        assertFalse(r.path("error").asText().isEmpty());
        assertTrue(r.path("data").isObject());
        assertEquals("external_app", r.path("data").path("error").path("attribution").asText());
        JsonNode legacy = ok(f.post("/api/v2/actions/CREATE_TODO/execute", key, map("connectedAccountId", aliceAccount,
            "input", map("title", "x"))).send());
        assertFalse(legacy.path("successful").asBoolean());
        assertFalse(legacy.path("successfull").asBoolean());
    }

    @Test
    void requestErrorsUseEachGenerationsErrorShape() {
        FunctionHarness.Response missing = f.get("/api/v3.1/tools/NO_SUCH_TOOL", key).send();
        assertEquals(404, missing.status());
        assertTrue(missing.json().path("error").has("code"));
        FunctionHarness.Response legacyMissing = f.get("/api/v2/actions/NO_SUCH_TOOL", key).send();
        assertEquals(404, legacyMissing.status());
        assertEquals("NotFound", legacyMissing.json().path("type").asText());
        FunctionHarness.Response invalid = f.post("/api/v2/actions/CREATE_TODO/execute", key, map("connectedAccountId", aliceAccount,
            "input", map())).send();
        assertEquals(400, invalid.status(), invalid.toString());
        assertEquals("ValidationError", invalid.json().path("name").asText());
        FunctionHarness.Response authConfig = f.post("/api/v2/actions/CREATE_TODO/execute", key, map("connectedAccountId", aliceAccount,
            "authConfig", map("parameters", java.util.List.of()), "input", map("title", "x"))).send();
        assertEquals(400, authConfig.status(), "per-call credentials are refused, said plainly: " + authConfig);
        assertEquals(400, f.get("/api/v1/connectedAccounts", key).send().status(), "a server key must name the user");
        assertTrue(f.upstream.received().isEmpty());
    }
}
