package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser (headless Chromium) loads the official SDK (@membranehq/sdk 0.28.3) in a customer page on another
 * origin, calls {@code ui.connect(...)}, fills the hosted form or completes the OAuth redirect at a real OAuth2
 * server, and the SDK's promise resolves with a READY connection. Needs Chromium and the npm packages of
 * src/test/browser (scripts/test installs both); each test is reported skipped, with the reason, where they are missing.
 */
class LocalBrowserEndToEndTest {
    static final Path BROWSER = Path.of("src/test/browser");
    static LocalRuntime runtime;
    static MockOAuth2Server oauth;
    static int appPort;
    static final ObjectMapper JSON = new ObjectMapper();

    static String missing;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        missing = BrowserScript.missing(root, BROWSER, "@membranehq/sdk", "playwright-core");
        if (missing != null) {
            return;
        }
        oauth = new MockOAuth2Server();
        oauth.start();
        runtime = LocalRuntime.start(LocalPaths.of(root, Files.createTempDirectory("actgate-browser")), "127.0.0.1", 0, 0, null,
            List.of("127.0.0.1:" + oauth.url("/").port()));
        String manager = runtime.token(null, true);
        // The customer app's origin may frame the connect screen only once the workspace lists it (issue 11).
        appPort = dev.actgate.testing.LocalDynamoDb.freePort();
        assertEquals(0, Cli.run(List.of("workspace", "set", "--workspace", runtime.workspace().key(), "--allowed-origins",
            "http://127.0.0.1:" + appPort), System.out, System.err, runtime.paths()));
        Thread.sleep(6_000);   // the functions' workspace cache (5 s) picks the setting up
        call("POST", "/integrations", manager, Map.of("key", "crm", "name", "CRM", "baseUrl", "https://crm.example.test",
            "auth", Map.of("type", "oauth2-authorization-code", "authorizeUrl", oauth.authorizationEndpointUrl("crm").toString(),
                "tokenUrl", oauth.tokenEndpointUrl("crm").toString(), "scopes", List.of("openid"), "pkce", true)));
        call("PATCH", "/integrations/crm/parameters", manager, Map.of("clientId", "actgate-client", "clientSecret", "s3cret-client"));
    }

    @BeforeEach
    void prerequisites() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (oauth != null) {
            oauth.shutdown();
        }
    }

    static JsonNode call(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api() + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(), HttpResponse.BodyHandlers.ofString());
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    static String api() {
        return "http://localhost:" + runtime.port();
    }

    static JsonNode browser(Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("API_URL", api());
        all.put("APP_PORT", Integer.toString(appPort));
        BrowserScript.Output run = BrowserScript.run(BROWSER, "connect.mjs", all, 90);
        JsonNode result = JSON.readTree(run.lastLine());
        assertTrue(result.path("ok").asBoolean(), "browser run: " + run.out() + "\n" + run.err());
        return result.path("connection");
    }

    @Test
    void sdkConnectWithTheHostedForm() throws Exception {
        String tenant = runtime.token("browser-alice", false);
        JsonNode connection = browser(Map.of("TOKEN", tenant, "SCENARIO", "form", "INTEGRATION_KEY", "demo-todos",
            "CONNECTION_KEY", "todos-from-browser", "API_KEY", LocalDemo.apiKey(LocalPaths.of(runtime.paths().root, runtime.paths().state))));
        assertEquals("READY", connection.path("state").asText());
        assertEquals("todos-from-browser", connection.path("key").asText());
        JsonNode act = call("POST", "/act", tenant, Map.of("connectionKey", "todos-from-browser",
            "api", Map.of("method", "GET", "path", "/todos")));
        assertTrue(act.path("output").has("items"), "the connection made in the browser works: " + act);
    }

    @Test
    void sdkConnectThroughAnOAuthRedirect() throws Exception {
        String tenant = runtime.token("browser-bob", false);
        JsonNode connection = browser(Map.of("TOKEN", tenant, "SCENARIO", "oauth", "INTEGRATION_KEY", "crm",
            "CONNECTION_KEY", "crm-from-browser"));
        assertEquals("READY", connection.path("state").asText());
        assertEquals("crm-from-browser", connection.path("key").asText());
        assertEquals("READY", call("GET", "/connections/crm-from-browser", tenant, null).path("state").asText());
    }
}
