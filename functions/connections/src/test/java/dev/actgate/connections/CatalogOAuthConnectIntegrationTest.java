package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped OAuth2 authorization-code connector goes through the whole hosted connect flow of the connections
 * handler: connect screen → /screens/connect/oauth/start → the provider's authorize endpoint → /oauth/callback →
 * token exchange → identity lookup → READY. The provider is mock-oauth2-server (the connector's authorizeUrl and
 * tokenUrl point at it, everything else is the connector's own auth spec: scopes, separator, PKCE, client auth
 * method, extra authorize parameters); the app is a recording local upstream that answers the identity request with
 * a document built from the connector's own idPath/loginPath/emailPath/namePath, which must come back as the
 * connection's external identity. Identity paths with placeholders are sent with the connection's field values;
 * identity URLs outside the base URL are sent to a second local origin (see {@link #connect(Connector)}).
 */
class CatalogOAuthConnectIntegrationTest {
    static final String PUBLIC_URL = "https://connect.example.test";
    static final AtomicInteger FLOWS = new AtomicInteger();
    static FunctionHarness fn;
    @RegisterExtension
    static final OAuthProvider oauth = new OAuthProvider();
    static TestUpstream upstream;
    /** A second app origin (another port): where identity URLs outside the base URL are sent in this test. */
    static TestUpstream identityHost;
    static Workspace ws;
    static String tenant;
    static String manager;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start();
        identityHost = TestUpstream.start();
        fn = FunctionHarness.start(Map.of("actgate.public-url", PUBLIC_URL));
        ws = TestWorkspaces.create();
        tenant = TestWorkspaces.tenantToken(ws, "dora");
        manager = TestWorkspaces.managerToken(ws);
    }

    @AfterAll
    static void stop() {
        System.out.println("OAUTH FLOWS: " + FLOWS.get() + " OAuth2 authorization-code connectors connected end to end");
        fn.close();
        upstream.close();
        identityHost.close();
    }

    @TestFactory
    Stream<DynamicTest> everyOAuth2ConnectorCompletesTheConnectFlow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Connector c : fn.context().getBean(ConnectorCatalog.class).list()) {
            if (AuthSpec.OAUTH2_CODE.equals(c.auth().type())) {
                tests.add(DynamicTest.dynamicTest(c.key() + " › authorize → callback → token → identity → READY", () -> connect(c)));
            }
        }
        assertFalse(tests.isEmpty(), "the catalog has OAuth2 connectors");
        return tests.stream();
    }

    static void connect(Connector c) throws Exception {
        // An identity URL outside the base URL (Google's, Intuit's, Xero's, Salesforce's instance) names a vendor host
        // this machine cannot reach: its origin is replaced by a second local app (another origin than the base URL),
        // keeping the vendor's path, for this test only.
        ObjectNode request = c.identity() == null ? null : (ObjectNode) c.identity().get("request");
        String vendorPath = request == null ? null : request.path("path").asText(null);
        boolean absolute = vendorPath != null && !vendorPath.startsWith("/");
        if (absolute) {
            request.put("path", identityHost.baseUrl() + "/" + c.key() + pathOf(vendorPath));
        }
        try {
            connect(c, vendorPath, absolute);
        } finally {
            if (absolute) {
                request.put("path", vendorPath);
            }
        }
    }

    /** The path (and query) of an absolute URL template, after its origin (which may be a placeholder). */
    static String pathOf(String url) {
        String rest = url.startsWith("{{") ? url.substring(url.indexOf("}}") + 2) : url.replaceFirst("^[a-z]+://[^/]+", "");
        return rest.isEmpty() ? "/" : rest;
    }

    static void connect(Connector c, String vendorPath, boolean absolute) throws Exception {
        String key = c.key();
        ObjectNode auth = TestStorage.JSON.valueToTree(c.auth());
        auth.put("authorizeUrl", oauth.server().authorizationEndpointUrl(key).toString());
        auth.put("tokenUrl", oauth.server().tokenEndpointUrl(key).toString());
        Map<String, Object> integration = new LinkedHashMap<>();
        integration.put("key", key);
        integration.put("connectorKey", key);
        integration.put("baseUrl", upstream.baseUrl() + "/" + key);
        integration.put("auth", auth);
        FunctionHarness.Response created = fn.request("POST", "/integrations").bearer(manager).json(integration).send();
        assertEquals(201, created.status(), created.toString());
        assertEquals(200, fn.request("PATCH", "/integrations/" + key + "/parameters").bearer(manager)
            .json(Map.of("clientId", "client-" + key, "clientSecret", "secret-" + key)).send().status());

        Map<String, String> identity = expectedIdentity(c);
        JsonNode identityDoc = identityDocument(c.identity(), identity);
        upstream.on("/" + key, r -> Reply.json(200, identityDoc.toString()));
        identityHost.on("/" + key, r -> Reply.json(200, identityDoc.toString()));
        drainProvider();
        // Connection fields the identity path uses ({{connection.accountId}}): the connection is made with them first
        // (the connect flow then completes that pending connection), and the request must carry their values.
        Map<String, String> fields = new LinkedHashMap<>();
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{\\{\\s*connection\\.([A-Za-z0-9_.-]+)\\s*}}")
            .matcher(absolute || vendorPath == null ? "" : vendorPath);
        while (placeholder.find()) {
            fields.put(placeholder.group(1), "acct" + Math.abs(key.hashCode() % 10_000));
        }
        if (!fields.isEmpty()) {
            FunctionHarness.Response pending = fn.request("POST", "/connections").bearer(tenant)
                .json(Map.of("integrationKey", key, "key", "oauth-" + key, "fields", fields)).send();
            assertEquals(201, pending.status(), pending.toString());
        }

        // 1. the connect screen, then the redirect to the provider
        FunctionHarness.Response screen = fn.request("POST", "/screens/connect").body("application/x-www-form-urlencoded",
            ConnectFlowIntegrationTest.form(Map.of("token", tenant, "integrationKey", key, "connectionKey", "oauth-" + key))).send();
        assertEquals(200, screen.status(), screen.toString());
        FunctionHarness.Response start = fn.request("GET", "/screens/connect/oauth/start?session="
            + URLEncoder.encode(ConnectFlowIntegrationTest.session(screen.body()), StandardCharsets.UTF_8)).send();
        assertEquals(302, start.status(), start.toString());
        String authorize = start.headers().get("location");
        assertTrue(authorize.startsWith(oauth.server().authorizationEndpointUrl(key).toString()), authorize);
        Map<String, String> q = ConnectFlowIntegrationTest.queryOf(authorize);
        assertEquals("code", q.get("response_type"));
        assertEquals("client-" + key, q.get("client_id"));
        assertEquals(PUBLIC_URL + "/oauth/callback", q.get("redirect_uri"));
        assertNotNull(q.get("state"));
        if (!c.auth().scopes().isEmpty()) {
            assertEquals(c.auth().scopeString(null), q.get("scope"), key + ": the connector's scopes, joined by its separator");
        }
        boolean pkce = !Boolean.FALSE.equals(c.auth().pkce());
        assertEquals(pkce, q.containsKey("code_challenge"), key + ": PKCE as declared");
        if (pkce) {
            assertEquals("S256", q.get("code_challenge_method"));
        }
        c.auth().authorizeParams().forEach((k, v) -> assertEquals(v, q.get(k), key + ": authorize parameter " + k));

        // 2. the provider authorizes and redirects back; the callback exchanges the code
        HttpResponse<String> provider = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            .send(HttpRequest.newBuilder(URI.create(asOpenIdRequest(authorize, q))).build(), HttpResponse.BodyHandlers.ofString());
        String callback = provider.headers().firstValue("location").orElseThrow(() -> new AssertionError(key + ": " + provider.body()));
        assertTrue(callback.startsWith(PUBLIC_URL + "/oauth/callback?"), callback);
        // The same browser comes back: it sends the cookie oauth/start set (the flow is bound to it).
        FunctionHarness.Response done = fn.request("GET", callback.substring(PUBLIC_URL.length()))
            .header("Cookie", ConnectFlowIntegrationTest.cookieOf(start)).send();
        assertEquals(200, done.status(), key + ": " + done);

        // 3. the token request used the connector's client authentication and PKCE
        List<RecordedRequest> calls = drainProvider().stream().filter(r -> "POST".equals(r.getMethod())
            && r.getPath() != null && r.getPath().startsWith("/" + key + "/token")).toList();
        assertEquals(1, calls.size(), key + ": one code exchange");
        String form = URLDecoder.decode(calls.get(0).getBody().readUtf8(), StandardCharsets.UTF_8);
        assertTrue(form.contains("grant_type=authorization_code"), form);
        assertEquals(pkce, form.contains("code_verifier="), key + ": code_verifier iff PKCE");
        if ("client_secret_basic".equals(c.auth().tokenAuthMethod())) {
            assertTrue(String.valueOf(calls.get(0).getHeader("Authorization")).startsWith("Basic "), key + ": client_secret_basic");
            assertFalse(form.contains("client_secret="), key + ": the secret only in the Authorization header");
        } else {
            assertTrue(form.contains("client_id=client-" + key) && form.contains("client_secret=secret-" + key), key + ": client_secret_post");
        }

        // 4. READY, with the identity the app reported
        JsonNode connection = fn.request("GET", "/connections/oauth-" + key).bearer(tenant).send().json();
        assertEquals("READY", connection.path("state").asText(), key + ": " + connection);
        FLOWS.incrementAndGet();
        assertNotNull(vendorPath, key + ": OAuth2 authorization-code connectors declare an identity request");
        String expectedPath = "/" + key + (absolute ? pathOf(vendorPath) : fill(vendorPath, fields)).replaceAll("\\?.*", "");
        List<TestUpstream.Received> asked = (absolute ? identityHost : upstream).received(expectedPath).stream()
            .filter(r -> r.path().equals(expectedPath)).toList();
        assertFalse(asked.isEmpty(), key + ": the identity request reached " + expectedPath
            + (absolute ? " (an absolute URL outside the base URL)" : " (under the base URL, placeholders filled)"));
        TestUpstream.Received who = asked.get(asked.size() - 1);
        assertEquals(c.identity().path("request").path("method").asText("GET"), who.method());
        assertTrue(String.valueOf(who.header("authorization")).startsWith("Bearer "), key + ": identity asked with the new token");
        c.defaultHeaders().forEach((h, v) -> assertEquals(v, who.header(h), key + ": default header " + h));
        JsonNode got = connection.path("externalIdentity");
        identity.forEach((field, value) -> assertEquals(value, got.path(field).asText(null), key + ": identity " + field + " in " + connection));
    }

    /**
     * The same authorization request with {@code openid} added to its scope: mock-oauth2-server is an OpenID provider
     * and refuses a request without it (real vendors do not need it), and {@code prompt} is dropped; everything else
     * is passed unchanged.
     */
    static String asOpenIdRequest(String authorize, Map<String, String> q) {
        Map<String, String> query = new LinkedHashMap<>(q);
        // prompt=consent/login makes the mock show its interactive login page; the parameter was checked above.
        query.remove("prompt");
        String scope = query.getOrDefault("scope", "");
        if (!List.of(scope.split(" ")).contains("openid")) {
            query.put("scope", scope.isEmpty() ? "openid" : "openid " + scope);
        }
        StringBuilder url = new StringBuilder(authorize.substring(0, authorize.indexOf('?') + 1));
        query.forEach((k, v) -> url.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")).append('&'));
        return url.substring(0, url.length() - 1);
    }

    static String fill(String path, Map<String, String> fields) {
        String out = path;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out = out.replaceAll("\\{\\{\\s*connection\\." + java.util.regex.Pattern.quote(f.getKey()) + "\\s*}}", f.getValue());
        }
        return out;
    }

    /** The identity values this test plants, one per path the connector declares. */
    static Map<String, String> expectedIdentity(Connector c) {
        Map<String, String> out = new LinkedHashMap<>();
        if (c.identity() == null) {
            return out;
        }
        Map<String, String> values = Map.of("idPath", "ext-" + c.key() + "-42", "loginPath", "login-" + c.key(),
            "emailPath", c.key() + "-user@example.com", "namePath", "Name of " + c.key());
        for (String p : List.of("idPath", "loginPath", "emailPath", "namePath")) {
            if (c.identity().hasNonNull(p)) {
                out.put(p.substring(0, p.length() - 4), values.get(p));
            }
        }
        return out;
    }

    /** A JSON document with each planted value at the connector's path ({@code $.data.viewer.id}, {@code $.0.id}). */
    static JsonNode identityDocument(JsonNode spec, Map<String, String> identity) {
        JsonNode root = null;
        for (Map.Entry<String, String> e : identity.entrySet()) {
            String path = spec.path(e.getKey() + "Path").asText();
            String[] parts = path.substring(2).split("\\.");
            root = put(root, parts, 0, e.getValue());
        }
        return root == null ? JsonNodeFactory.instance.objectNode() : root;
    }

    private static JsonNode put(JsonNode node, String[] parts, int i, String value) {
        if (i == parts.length) {
            return JsonNodeFactory.instance.textNode(value);
        }
        String part = parts[i];
        if (part.matches("[0-9]+")) {
            ArrayNode a = node instanceof ArrayNode x ? x : JsonNodeFactory.instance.arrayNode();
            int index = Integer.parseInt(part);
            while (a.size() <= index) {
                a.addNull();
            }
            a.set(index, put(a.get(index).isNull() ? null : a.get(index), parts, i + 1, value));
            return a;
        }
        ObjectNode o = node instanceof ObjectNode x ? x : JsonNodeFactory.instance.objectNode();
        o.set(part, put(o.get(part), parts, i + 1, value));
        return o;
    }

    static List<RecordedRequest> drainProvider() {
        List<RecordedRequest> out = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = oauth.server().takeRequest(150, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                r = null;
            }
            if (r == null) {
                return out;
            }
            out.add(r);
        }
    }
}
