package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys and OAuth clients through the real act handler: shown once, hashed, revocable, never a manager. */
class ServerCredentialsIntegrationTest {
    @RegisterExtension
    static final DialectFixture f = new DialectFixture();

    int accounts(String key) {
        return f.get("/api/v1/connectedAccounts?user_uuid=alice", key).send().status();
    }

    @Test
    void anApiKeyIsShownOnceListedByPrefixAndRevocable() {
        FunctionHarness.Response created = f.act.request("POST", "/api-keys").bearer(f.manager)
            .json(Map.of("name", "ci", "expiresInDays", 30)).send();
        assertEquals(201, created.status(), created.toString());
        String key = created.json().path("key").asText();
        String id = created.json().path("id").asText();
        assertTrue(key.startsWith("agk_") && key.startsWith(created.json().path("prefix").asText()), created.toString());
        assertTrue(created.json().hasNonNull("expiresAt"));
        assertEquals(200, accounts(key));

        JsonNode list = DialectFixture.ok(f.act.request("GET", "/api-keys").bearer(f.manager).send());
        JsonNode mine = null;
        for (JsonNode k : list.path("items")) {
            if (k.path("id").asText().equals(id)) {
                mine = k;
            }
        }
        assertTrue(mine != null, list.toString());
        assertFalse(list.toString().contains(key), "the secret is never listed");
        assertFalse(mine.has("key") || mine.has("secretHash"));
        assertTrue(mine.hasNonNull("lastUsedAt"), "the use was recorded: " + mine);
        assertTrue(mine.path("active").asBoolean());

        FunctionHarness.Response revoked = f.act.request("DELETE", "/api-keys/" + id).bearer(f.manager).send();
        assertEquals(200, revoked.status(), revoked.toString());
        assertFalse(revoked.json().path("active").asBoolean());
        FunctionHarness.Response after = f.get("/api/v1/connectedAccounts?user_uuid=alice", key).send();
        assertEquals(401, after.status(), after.toString());
        assertTrue(after.json().path("message").asText().contains("revoked"), after.toString());
        assertEquals(401, f.act.request("GET", "/api/v1/connectedAccounts?user_uuid=alice").bearer(key).send().status(),
            "as a bearer (Weavz style) too");
    }

    @Test
    void wrongOrMalformedKeysAre401() {
        String key = f.apiKey();
        String tampered = key.substring(0, key.length() - 2) + (key.endsWith("A") ? "BB" : "AA");
        assertEquals(401, accounts(tampered));
        assertEquals(401, accounts("agk_short"));
        assertEquals(401, accounts("not-a-key"));
    }

    @Test
    void anApiKeyCannotDoManagerWritesOrUseNativeRoutes() {
        String key = f.apiKey();
        FunctionHarness.Response create = f.act.request("POST", "/api-keys").header("x-api-key", key).json(Map.of()).send();
        assertEquals(401, create.status(), create.toString());
        assertTrue(create.json().path("message").asText().contains("vendor-dialect routes"), create.toString());
        assertEquals(401, f.act.request("POST", "/api-keys").bearer(key).json(Map.of()).send().status());
        assertEquals(401, f.act.request("DELETE", "/oauth-clients/client_x").header("x-api-key", key).send().status());
        FunctionHarness.Response act = f.act.request("POST", "/act").header("x-api-key", key)
            .json(Map.of("connectionKey", "todo-alice", "api", Map.of("method", "GET", "path", "/todos"))).send();
        assertEquals(401, act.status(), "a server key is not a tenant token on /act: " + act);
        assertTrue(f.upstream.received("/v1/todos").isEmpty(), "nothing reached the app");
        // Tenant tokens cannot manage credentials either.
        assertEquals(403, f.act.request("POST", "/api-keys").bearer(TestWorkspaces.tenantToken(f.ws, "alice")).json(Map.of()).send().status());
        assertEquals(403, f.act.request("GET", "/oauth-clients").bearer(TestWorkspaces.tenantToken(f.ws, "alice")).send().status());
    }

    @Test
    void keysOfAnotherWorkspaceAreNotVisibleOrRevocable() {
        var other = TestWorkspaces.create();
        String otherManager = TestWorkspaces.managerToken(other);
        String id = f.act.request("POST", "/api-keys").bearer(f.manager).json(Map.of()).send().json().path("id").asText();
        assertEquals(404, f.act.request("DELETE", "/api-keys/" + id).bearer(otherManager).send().status());
        assertFalse(f.act.request("GET", "/api-keys").bearer(otherManager).send().body().contains(id));
    }

    @Test
    void oauthClientsGetShortLivedTokensAndRevokingTheClientEndsThem() {
        FunctionHarness.Response created = f.act.request("POST", "/oauth-clients").bearer(f.manager).json(Map.of("name", "pd")).send();
        assertEquals(201, created.status(), created.toString());
        String clientId = created.json().path("client_id").asText();
        String secret = created.json().path("client_secret").asText();

        FunctionHarness.Response token = f.act.request("POST", "/v1/oauth/token")
            .json(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)).send();
        assertEquals(200, token.status(), token.toString());
        String access = token.json().path("access_token").asText();
        assertEquals("Bearer", token.json().path("token_type").asText());
        assertTrue(token.json().path("expires_in").asLong() > 0 && token.json().path("expires_in").asLong() <= 3600);
        FunctionHarness.Response form = f.act.request("POST", "/v1/oauth/token").body("application/x-www-form-urlencoded",
            "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret).send();
        assertEquals(200, form.status(), "form bodies work too: " + form);

        FunctionHarness.Response used = f.act.request("GET", "/v1/connect/" + f.ws.key() + "/accounts?external_user_id=alice")
            .bearer(access).send();
        assertEquals(200, used.status(), used.toString());

        FunctionHarness.Response wrong = f.act.request("POST", "/v1/oauth/token")
            .json(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret + "x")).send();
        assertEquals(401, wrong.status());
        assertEquals("invalid_client", wrong.json().path("error").asText());
        assertEquals(400, f.act.request("POST", "/v1/oauth/token").json(Map.of("grant_type", "password")).send().status());

        assertEquals(200, f.act.request("DELETE", "/oauth-clients/" + clientId).bearer(f.manager).send().status());
        assertEquals(401, f.act.request("GET", "/v1/connect/" + f.ws.key() + "/accounts?external_user_id=alice").bearer(access).send()
            .status(), "tokens of a revoked client stop working");
        assertEquals(401, f.act.request("POST", "/v1/oauth/token")
            .json(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)).send().status());
        assertTrue(DialectFixture.ok(f.act.request("GET", "/oauth-clients").bearer(f.manager).send()).toString().contains(clientId));
    }

    @Test
    void expiryMustBeInTheFuture() {
        assertEquals(400, f.act.request("POST", "/api-keys").bearer(f.manager).json(Map.of("expiresAt", "2001-01-01T00:00:00Z")).send()
            .status());
        assertEquals(400, f.act.request("POST", "/api-keys").bearer(f.manager).json(Map.of("nope", 1)).send().status());
    }

    /** The typed body's refusals, as a caller sees them: VALIDATION_ERROR, every problem with its JSON pointer. */
    @Test
    void badBodiesAreRefusedWithEveryProblemAndItsPointer() {
        FunctionHarness.Response r = f.act.request("POST", "/api-keys").bearer(f.manager)
            .json(Map.of("name", "", "expiresInDays", 0)).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText());
        assertEquals("caller", r.json().path("attribution").asText(), r.toString());
        assertEquals("/expiresInDays", r.json().path("data").path("violations").path(0).path("pointer").asText(), r.toString());
        assertEquals("/name", r.json().path("data").path("violations").path(1).path("pointer").asText(), r.toString());
        assertEquals("expiresInDays must be a whole number from 1 to 3650; name must be 1-256 characters",
            r.json().path("message").asText());

        r = f.act.request("POST", "/oauth-clients").bearer(f.manager).json(Map.of("expiresInDays", "30")).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("expiresInDays must be a whole number", r.json().path("message").asText(), r.toString());
        assertEquals("/expiresInDays", r.json().path("data").path("violations").path(0).path("pointer").asText());

        r = f.act.request("POST", "/api-keys").bearer(f.manager).body("application/json", "{\"nope\":1,\"name\":\"x\",\"zap\":{\"a\":[true]}}").send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("Unknown field(s): nope, zap", r.json().path("message").asText(), r.toString());

        r = f.act.request("POST", "/api-keys").bearer(f.manager).body("application/json", "[1]").send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText(), r.toString());

        r = f.act.request("POST", "/api-keys").bearer(f.manager).body("application/json", "{\"deep\":" + "[".repeat(80) + "]".repeat(80) + "}").send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("The body is nested deeper than 64 levels", r.json().path("message").asText(), r.toString());

        r = f.act.request("POST", "/api-keys").bearer(f.manager).body("application/json", "{\"name\":").send();
        assertEquals(400, r.status(), r.toString());

        r = f.act.request("POST", "/api-keys").bearer(f.manager).json(Map.of("expiresAt", "tomorrow")).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z", r.json().path("message").asText());
        assertEquals("/expiresAt", r.json().path("data").path("violations").path(0).path("pointer").asText());

        // An empty object creates a key with the defaults. (A request with no body at all is refused by the Lambda
        // adapter's body binder before the route runs; actgate maps that to its 400: docs/typed-requests.md.)
        r = f.act.request("POST", "/api-keys").bearer(f.manager).json(Map.of()).send();
        assertEquals(201, r.status(), r.toString());
        r = f.act.request("POST", "/oauth-clients").bearer(f.manager).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText(), r.toString());
        assertEquals("A JSON object body is required", r.json().path("message").asText(), r.toString());
    }
}
