package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    @RegisterExtension
    static final OAuthProvider oauth = new OAuthProvider();
    static Workspace ws;
    static String alice;

    @BeforeAll
    static void start() {
        fn = FunctionHarness.start(Map.of("actgate.public-url", "https://connect.example.test"));
        ws = TestWorkspaces.create();
        alice = TestWorkspaces.tenantToken(ws, "alice");
        String manager = TestWorkspaces.managerToken(ws);
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "keyed", "name", "Keyed API",
            "baseUrl", "https://keyed.example.test", "auth", Map.of("type", "api-key", "in", "header", "name", "X-Key"))).send().status());
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "crm", "name", "CRM",
            "baseUrl", "https://crm.example.test", "auth", Map.of("type", "oauth2-authorization-code",
                "authorizeUrl", oauth.server().authorizationEndpointUrl("crm").toString(),
                "tokenUrl", oauth.server().tokenEndpointUrl("crm").toString(),
                "scopes", List.of("openid", "offline_access"), "pkce", true))).send().status());
        fn.request("PATCH", "/integrations/crm/parameters").bearer(manager)
            .json(Map.of("clientId", "actgate-client", "clientSecret", "crm-client-secret")).send();
    }

    @AfterAll
    static void stop() {
        fn.close();
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
        String connectUrl = fn.request("POST", "/connect-sessions").bearer(alice).json(Map.of("integrationKey", "keyed"))
            .send().json().path("connectUrl").asText();
        FunctionHarness.Response link = fn.request("GET", connectUrl.substring(connectUrl.indexOf("/screens/"))).send();
        assertEquals(200, link.status());
        FunctionHarness.Response bad = fn.request("GET", "/screens/connect?connectToken=nonsense").send();
        assertEquals(401, bad.status());
        assertTrue(bad.body().contains("invalid or has expired"), bad.body());
        FunctionHarness.Response badSdk = fn.request("POST", "/screens/connect")
            .body("application/x-www-form-urlencoded", form(Map.of("token", "nonsense", "integrationKey", "keyed"))).send();
        assertEquals(401, badSdk.status());
        assertTrue(badSdk.body().contains("Malformed"), badSdk.body());
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
        FunctionHarness.Response done = fn.request("GET", path).header("Cookie", cookieOf(start)).send();
        assertEquals(200, done.status(), done.toString());
        assertTrue(done.body().contains("actgate"), "the callback page reports to its opener");
        assertEquals("READY", fn.request("GET", "/connections/crm-alice").bearer(alice).send().json().path("state").asText());

        FunctionHarness.Response replay = fn.request("GET", path).header("Cookie", cookieOf(start)).send();
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
            + URLEncoder.encode(state, StandardCharsets.UTF_8)).header("Cookie", cookieOf(start)).send();
        assertEquals(400, denied.status());
        assertTrue(denied.body().contains("denied"), denied.body());
        JsonNode c = fn.request("GET", "/connections/crm-denied").bearer(alice).send().json();
        assertEquals("CLIENT_ACTION_REQUIRED", c.path("state").asText());
        assertTrue(c.path("error").asText().contains("denied"), c.toString());
        FunctionHarness.Response forged = fn.request("GET", "/oauth/callback?code=x&state=forged").send();
        assertEquals(401, forged.status());
    }

    // ---- the flow is bound to the browser, the page to the allowed embedding origins (issue 11) ----

    /** The {@code name=value} of the flow's cookie, as the browser would send it back. */
    static String cookieOf(FunctionHarness.Response start) {
        String setCookie = start.headers().get("set-cookie");
        assertNotNull(setCookie, "oauth/start sets the browser-binding cookie: " + start.headers());
        return setCookie.split(";", 2)[0].trim();
    }

    FunctionHarness.Response startOAuth(String connectionKey) {
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", alice, "integrationKey", "crm", "connectionKey", connectionKey))).send();
        assertEquals(200, screen.status(), screen.toString());
        FunctionHarness.Response start = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(session(screen.body()), StandardCharsets.UTF_8)).send();
        assertEquals(302, start.status(), start.toString());
        return start;
    }

    String providerCallbackPath(FunctionHarness.Response start) throws Exception {
        HttpResponse<String> provider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            .send(HttpRequest.newBuilder(URI.create(start.headers().get("location"))).build(), HttpResponse.BodyHandlers.ofString());
        return provider.headers().firstValue("location").orElseThrow().substring("https://connect.example.test".length());
    }

    @Test
    void theBrowserBindingCookieIsHostPrefixedSecureHttpOnlyAndLax() {
        String setCookie = startOAuth("crm-cookie").headers().get("set-cookie");
        assertTrue(setCookie.startsWith("__Host-actgate-oauth-"), setCookie);
        for (String attribute : List.of("Path=/", "Secure", "HttpOnly", "SameSite=Lax")) {
            assertTrue(setCookie.contains(attribute), attribute + " in " + setCookie);
        }
        assertFalse(setCookie.toLowerCase().contains("domain="), "a __Host- cookie has no Domain: " + setCookie);
    }

    @Test
    void aCallbackFromAnotherBrowserIsRefused() throws Exception {
        // The attacker starts the flow in their browser and sends the victim the authorize link; the victim's
        // browser comes back to the callback without the attacker's cookie.
        FunctionHarness.Response start = startOAuth("crm-csrf");
        String path = providerCallbackPath(start);
        FunctionHarness.Response noCookie = fn.request("GET", path).send();
        assertEquals(400, noCookie.status(), noCookie.toString());
        assertTrue(noCookie.body().contains("another browser"), noCookie.body());
        assertEquals("CLIENT_ACTION_REQUIRED", fn.request("GET", "/connections/crm-csrf").bearer(alice).send().json().path("state").asText(),
            "no account was linked");

        FunctionHarness.Response other = startOAuth("crm-csrf-2");
        String otherPath = providerCallbackPath(other);
        String wrong = cookieOf(other).replaceAll("=.*", "=") + "not-the-nonce-of-this-browser";
        FunctionHarness.Response wrongCookie = fn.request("GET", otherPath).header("Cookie", wrong).send();
        assertEquals(400, wrongCookie.status(), wrongCookie.toString());
        assertFalse("READY".equals(fn.request("GET", "/connections/crm-csrf-2").bearer(alice).send().json().path("state").asText()));
    }

    static String frameAncestors(FunctionHarness.Response r) {
        String csp = r.headers().get("content-security-policy");
        assertNotNull(csp, r.headers().toString());
        for (String directive : csp.split(";")) {
            if (directive.trim().startsWith("frame-ancestors")) {
                return directive.trim();
            }
        }
        throw new AssertionError("no frame-ancestors in " + csp);
    }

    Workspace workspaceAllowing(List<String> origins) {
        Workspace w = TestWorkspaces.create();
        var service = fn.context().getBean(dev.actgate.shared.workspaces.WorkspaceService.class);
        Workspace saved = service.save(new Workspace(w.id(), w.key(), w.name(), w.secrets(), w.publicKeys(),
            new dev.actgate.shared.workspaces.WorkspaceSettings(true, 0, 0, origins), w.createdAt(), w.version() + 1));
        assertEquals(201, fn.request("POST", "/integrations").bearer(TestWorkspaces.managerToken(saved))
            .json(Map.of("key", "app", "baseUrl", "https://app.example.test/api", "auth", Map.of("type", "bearer"))).send().status());
        return saved;
    }

    @Test
    void theScreenRefusesToBeFramedByOriginsTheWorkspaceDoesNotAllow() {
        FunctionHarness.Response plain = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", alice, "integrationKey", "crm"))).send();
        assertEquals(200, plain.status(), plain.toString());
        assertEquals("frame-ancestors 'self'", frameAncestors(plain), "default: only the API's own origin");

        Workspace w = workspaceAllowing(List.of("https://customer.example", "http://127.0.0.1:5173"));
        FunctionHarness.Response listed = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", TestWorkspaces.tenantToken(w, "t1"), "integrationKey", "app"))).send();
        assertEquals(200, listed.status(), listed.toString());
        String fa = frameAncestors(listed);
        assertEquals("frame-ancestors 'self' https://customer.example http://127.0.0.1:5173", fa);
        assertFalse(fa.contains("*"));
        assertFalse(fa.contains("evil"), fa);
    }

    @Test
    void redirectUriOnAForeignOriginIs400() {
        Workspace w = workspaceAllowing(List.of("https://customer.example"));
        String token = TestWorkspaces.tenantToken(w, "t2");
        FunctionHarness.Response foreign = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", token, "integrationKey", "app", "redirectUri", "https://evil.example/steal"))).send();
        assertEquals(400, foreign.status(), foreign.toString());
        assertTrue(foreign.body().contains("not an origin this workspace allows"), foreign.body());
        for (String ok : List.of("https://customer.example/done?x=1", "https://connect.example.test/after")) {
            FunctionHarness.Response allowed = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
                form(Map.of("token", token, "integrationKey", "app", "redirectUri", ok))).send();
            assertEquals(200, allowed.status(), ok + " -> " + allowed);
        }
        FunctionHarness.Response lookalike = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", token, "integrationKey", "app", "redirectUri", "https://customer.example.evil.example/"))).send();
        assertEquals(400, lookalike.status(), lookalike.toString());
    }

    @Test
    void internalTokensUsePurposeDerivedKeysSoTheWorkspaceSecretCannotForgeThem() {
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            form(Map.of("token", alice, "integrationKey", "crm"))).send();
        String real = session(screen.body());
        // the same claims, signed with the raw workspace secret (what a customer's backend holds)
        com.nimbusds.jwt.JWTClaimsSet claims;
        try {
            claims = com.nimbusds.jwt.SignedJWT.parse(real).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        String forged = dev.actgate.shared.auth.WorkspaceTokenVerifier.signHs256(ws.secrets().get(ws.secrets().size() - 1).value(), claims);
        FunctionHarness.Response withForged = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(forged, StandardCharsets.UTF_8)).send();
        assertEquals(401, withForged.status(), "a purpose token signed with the raw secret is refused: " + withForged);
        FunctionHarness.Response withReal = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(real, StandardCharsets.UTF_8)).send();
        assertEquals(302, withReal.status(), withReal.toString());
        assertEquals(401, fn.request("GET", "/connections").bearer(real).send().status(), "and it is no API token");
    }
}
