package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hosted connect flow through the connections handler, with a real OAuth2 server for the redirect dance. */
class ConnectFlowIntegrationTest {
    static FunctionHarness fn;
    static MockOAuth2Server oauth;
    static Workspace ws;
    static String alice;

    @BeforeAll
    static void start() {
        oauth = new MockOAuth2Server();
        oauth.start();
        dev.actgate.shared.testing.TestEgress.allow(oauth.url("/").port());
        fn = FunctionHarness.start(Map.of("actgate.public-url", "https://connect.example.test"));
        ws = TestWorkspaces.create();
        alice = TestWorkspaces.tenantToken(ws, "alice");
        String manager = TestWorkspaces.managerToken(ws);
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "keyed", "name", "Keyed API",
            "baseUrl", "https://keyed.example.test", "auth", Map.of("type", "api-key", "in", "header", "name", "X-Key"))).send().status());
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "crm", "name", "CRM",
            "baseUrl", "https://crm.example.test", "auth", Map.of("type", "oauth2-authorization-code",
                "authorizeUrl", oauth.authorizationEndpointUrl("crm").toString(), "tokenUrl", oauth.tokenEndpointUrl("crm").toString(),
                "scopes", List.of("openid", "offline_access"), "pkce", true))).send().status());
        fn.request("PATCH", "/integrations/crm/parameters").bearer(manager)
            .json(Map.of("clientId", "actgate-client", "clientSecret", "crm-client-secret")).send();
    }

    @AfterAll
    static void stop() {
        fn.close();
        oauth.shutdown();
    }

    static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return sb.toString();
    }

    static String session(String html) {
        Matcher m = Pattern.compile("name=\"session\" value=\"([^\"]+)\"").matcher(html);
        if (m.find()) {
            return m.group(1);
        }
        Matcher start = Pattern.compile("oauth/start\\?session=([^\"&]+)").matcher(html);
        assertTrue(start.find(), html);
        return URLDecoder.decode(start.group(1), StandardCharsets.UTF_8);
    }

    static Map<String, String> queryOf(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String p : URI.create(url).getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            q.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    void keyCredentialsThroughTheSdkFormPost() {
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect")
            .body("application/x-www-form-urlencoded", form(Map.of("token", alice, "integrationKey", "keyed", "connectionKey", "keyed-alice")))
            .send();
        assertEquals(200, screen.status(), screen.toString());
        assertTrue(screen.headers().get("content-type").startsWith("text/html"));
        assertTrue(screen.body().contains("name=\"apiKey\""), "the form asks for the API key");
        assertTrue(screen.body().contains("penpal"), "the page speaks the SDK's penpal handshake");
        FunctionHarness.Response done = fn.request("POST", "/screens/connect/submit").body("application/x-www-form-urlencoded",
            form(Map.of("session", session(screen.body()), "apiKey", "typed-in-key-123456"))).send();
        assertEquals(200, done.status(), done.toString());
        assertFalse(done.body().contains("typed-in-key-123456"), "the secret is not echoed back");
        JsonNode c = fn.request("GET", "/connections/keyed-alice").bearer(alice).send().json();
        assertEquals("READY", c.path("state").asText());
        assertTrue(done.body().contains(c.path("id").asText()), "the page hands the connection to the SDK");
    }

    @Test
    void theLinkFormAndBadTokens() {
        FunctionHarness.Response link = fn.request("GET", "/screens/connect?integrationKey=keyed&token=" + alice).send();
        assertEquals(200, link.status());
        FunctionHarness.Response bad = fn.request("GET", "/screens/connect?integrationKey=keyed&token=nonsense").send();
        assertEquals(401, bad.status());
        assertTrue(bad.body().contains("Malformed"), bad.body());
        FunctionHarness.Response missing = fn.request("POST", "/screens/connect/submit").body("application/x-www-form-urlencoded",
            form(Map.of("session", "forged", "apiKey", "x"))).send();
        assertEquals(401, missing.status());
        String session = session(link.body());
        FunctionHarness.Response asApiToken = fn.request("GET", "/connections").bearer(session).send();
        assertEquals(401, asApiToken.status(), "a connect session is not an API token");
    }

    @Test
    void oauthAuthorizationCodeWithPkceAndSingleUseState() throws Exception {
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", alice, "integrationKey", "crm", "connectionKey", "crm-alice"))).send();
        assertEquals(200, screen.status(), screen.toString());
        FunctionHarness.Response start = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(session(screen.body()), StandardCharsets.UTF_8)).send();
        assertEquals(302, start.status(), start.toString());
        String authorize = start.headers().get("location");
        Map<String, String> q = queryOf(authorize);
        assertEquals("S256", q.get("code_challenge_method"));
        assertNotNull(q.get("code_challenge"));
        assertEquals("https://connect.example.test/oauth/callback", q.get("redirect_uri"));
        assertEquals("CLIENT_ACTION_REQUIRED", fn.request("GET", "/connections/crm-alice").bearer(alice).send().json().path("state").asText());

        HttpResponse<String> provider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            .send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        String callback = provider.headers().firstValue("location").orElseThrow();
        assertTrue(callback.startsWith("https://connect.example.test/oauth/callback?"), callback);
        String path = callback.substring("https://connect.example.test".length());
        FunctionHarness.Response done = fn.request("GET", path).send();
        assertEquals(200, done.status(), done.toString());
        assertTrue(done.body().contains("actgate"), "the callback page reports to its opener");
        assertEquals("READY", fn.request("GET", "/connections/crm-alice").bearer(alice).send().json().path("state").asText());

        FunctionHarness.Response replay = fn.request("GET", path).send();
        assertEquals(400, replay.status(), "the state is single-use");
        assertTrue(replay.body().contains("already used"), replay.body());
    }

    @Test
    void aDeniedAuthorizationEndsInAClearPageAndState() {
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", alice, "integrationKey", "crm", "connectionKey", "crm-denied"))).send();
        FunctionHarness.Response start = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(session(screen.body()), StandardCharsets.UTF_8)).send();
        String state = queryOf(start.headers().get("location")).get("state");
        FunctionHarness.Response denied = fn.request("GET", "/oauth/callback?error=access_denied&state="
            + URLEncoder.encode(state, StandardCharsets.UTF_8)).send();
        assertEquals(400, denied.status());
        assertTrue(denied.body().contains("denied"), denied.body());
        JsonNode c = fn.request("GET", "/connections/crm-denied").bearer(alice).send().json();
        assertEquals("CLIENT_ACTION_REQUIRED", c.path("state").asText());
        assertTrue(c.path("error").asText().contains("denied"), c.toString());
        FunctionHarness.Response forged = fn.request("GET", "/oauth/callback?code=x&state=forged").send();
        assertEquals(401, forged.status());
    }
}
