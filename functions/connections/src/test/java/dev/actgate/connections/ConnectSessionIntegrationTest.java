package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connect links without an API token in the URL (issue 11, item 6): {@code POST /connect-sessions} hands out a
 * single-use, short-lived link; a replay, an expired link, an API token in the URL and a link edited to name another
 * tenant are refused. Real handlers on DynamoDB Local.
 */
class ConnectSessionIntegrationTest {
    static FunctionHarness fn;
    static Workspace ws;
    static String alice;
    static String bob;
    static String manager;

    @BeforeAll
    static void start() {
        fn = FunctionHarness.start(Map.of("actgate.public-url", "https://connect.example.test",
            "actgate.connect.link-ttl-seconds", "3"));
        ws = TestWorkspaces.create();
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        manager = TestWorkspaces.managerToken(ws);
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "keyed", "name", "Keyed API",
            "baseUrl", "https://keyed.example.test", "auth", Map.of("type", "api-key", "in", "header", "name", "X-Key"))).send().status());
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    static JsonNode create(String token, Map<String, Object> body) {
        FunctionHarness.Response r = fn.request("POST", "/connect-sessions").bearer(token).json(body).send();
        assertEquals(201, r.status(), r.toString());
        assertEquals("no-store", r.headers().get("cache-control"));
        return r.json();
    }

    static FunctionHarness.Response open(String connectUrl) {
        assertTrue(connectUrl.startsWith("https://connect.example.test/screens/connect?connectToken="), connectUrl);
        return fn.request("GET", connectUrl.substring("https://connect.example.test".length())).send();
    }

    @Test
    void aLinkOpensOnceAndItsReplayIsRefused() {
        JsonNode session = create(alice, Map.of("integrationKey", "keyed", "connectionKey", "via-link", "name", "Linked"));
        String url = session.path("connectUrl").asText();
        assertFalse(url.contains(alice), "the API token is not in the link");
        assertFalse(url.contains("integrationKey"), "what to connect stays on the server");
        assertTrue(session.path("expiresAt").asText().startsWith("20"), session.toString());
        FunctionHarness.Response first = open(url);
        assertEquals(200, first.status(), first.toString());
        assertTrue(first.body().contains("name=\"apiKey\""), "the form asks for the key");
        assertTrue(first.body().contains("history.replaceState"), "the page drops the link's token from the address bar");

        FunctionHarness.Response replay = open(url);
        assertEquals(401, replay.status(), replay.toString());
        assertTrue(replay.body().contains("already used or has expired"), replay.body());

        FunctionHarness.Response done = fn.request("POST", "/screens/connect/submit").body("application/x-www-form-urlencoded",
            ConnectFlowIntegrationTest.form(Map.of("session", ConnectFlowIntegrationTest.session(first.body()),
                "apiKey", "typed-through-the-link-1234"))).send();
        assertEquals(200, done.status(), done.toString());
        JsonNode c = fn.request("GET", "/connections/via-link").bearer(alice).send().json();
        assertEquals("READY", c.path("state").asText(), c.toString());
        assertEquals("Linked", c.path("name").asText());
        assertEquals(404, fn.request("GET", "/connections/via-link").bearer(bob).send().status(), "bob does not see it");
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String url = create(alice, Map.of("integrationKey", "keyed")).path("connectUrl").asText();
        Thread.sleep(4_500);
        FunctionHarness.Response late = open(url);
        assertEquals(401, late.status(), late.toString());
        assertTrue(late.body().contains("already used or has expired"), late.body());
    }

    @Test
    void anApiTokenInTheUrlIsRefused() {
        FunctionHarness.Response r = fn.request("GET", "/screens/connect?integrationKey=keyed&token=" + alice).send();
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.body().contains("POST /connect-sessions"), r.body());
        assertFalse(r.body().contains(alice), "the token is not echoed");
        FunctionHarness.Response none = fn.request("GET", "/screens/connect?integrationKey=keyed").send();
        assertEquals(400, none.status(), none.toString());
    }

    @Test
    void aLinkIsBoundToItsTenant() {
        String url = create(alice, Map.of("integrationKey", "keyed", "connectionKey", "alice-only")).path("connectUrl").asText();
        String token = url.substring(url.indexOf('=') + 1);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"tenantKey\":\"alice\""), payload);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
            payload.replace("\"alice\"", "\"bob\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        FunctionHarness.Response asBob = fn.request("GET", "/screens/connect?connectToken=" + forged).send();
        assertEquals(401, asBob.status(), "a link edited to name another tenant fails its signature: " + asBob);
        // a connect session is no API token either
        assertEquals(401, fn.request("GET", "/connections").bearer(token).send().status());
        // and the untouched link still opens for alice (the forged attempt did not consume it)
        assertEquals(200, open(url).status());
        // bob's own link is stored under bob's scope: it connects for bob only
        String bobs = create(bob, Map.of("integrationKey", "keyed", "connectionKey", "bob-link")).path("connectUrl").asText();
        FunctionHarness.Response bobScreen = open(bobs);
        assertEquals(200, bobScreen.status());
        fn.request("POST", "/screens/connect/submit").body("application/x-www-form-urlencoded",
            ConnectFlowIntegrationTest.form(Map.of("session", ConnectFlowIntegrationTest.session(bobScreen.body()),
                "apiKey", "bobs-key-1234567890"))).send();
        assertEquals(200, fn.request("GET", "/connections/bob-link").bearer(bob).send().status());
        assertEquals(404, fn.request("GET", "/connections/bob-link").bearer(alice).send().status());
    }

    @Test
    void badRequestsAreClear4xx() {
        FunctionHarness.Response unknown = fn.request("POST", "/connect-sessions").bearer(alice)
            .json(Map.of("integrationKey", "keyed", "token", alice)).send();
        assertEquals(400, unknown.status(), unknown.toString());
        // the API's one shape for a strict body: the message, and each unknown field with its pointer
        assertEquals("Unknown field(s): token", unknown.json().path("message").asText(), unknown.body());
        assertEquals("/token", unknown.json().at("/data/violations/0/pointer").asText(), unknown.body());
        FunctionHarness.Response blank = fn.request("POST", "/connect-sessions").bearer(alice)
            .json(Map.of("integrationKey", "keyed", "name", " ")).send();
        assertEquals(400, blank.status(), blank.toString());
        assertEquals("/name", blank.json().at("/data/violations/0/pointer").asText(), blank.body());
        assertEquals(404, fn.request("POST", "/connect-sessions").bearer(alice).json(Map.of("integrationKey", "nope")).send().status());
        assertEquals(400, fn.request("POST", "/connect-sessions").bearer(alice).json(Map.of()).send().status());
        assertEquals(400, fn.request("POST", "/connect-sessions").bearer(alice)
            .json(Map.of("integrationKey", "keyed", "redirectUri", "https://evil.example.net/x")).send().status());
        assertEquals(401, fn.request("POST", "/connect-sessions").json(Map.of("integrationKey", "keyed")).send().status());
        assertEquals(403, fn.request("POST", "/connect-sessions").bearer(alice)
            .json(Map.of("integrationKey", "keyed", "tenantKey", "bob")).send().status(), "a tenant cannot mint links for another");
        // a manager names the tenant
        JsonNode forCarol = create(manager, Map.of("integrationKey", "keyed", "tenantKey", "carol"));
        assertEquals(200, open(forCarol.path("connectUrl").asText()).status());
        // the stored session holds no API token
        for (var item : TestStorage.client().scan(b -> b.tableName(TestStorage.tableNames().connections())).items()) {
            assertFalse(item.toString().contains(alice), "no API token stored");
        }
    }
}
