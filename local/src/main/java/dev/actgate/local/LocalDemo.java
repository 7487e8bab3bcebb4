package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.workspaces.Workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts the demo to-do API and, through actgate's own public API (so the real handlers do it), makes sure the
 * default workspace has an integration {@code demo-todos} and tenant {@code default} a connection to it.
 */
final class LocalDemo {
    static final String INTEGRATION = "demo-todos";
    static final String CONNECTION = "demo-todos";
    private static DemoTodoApi api;

    record Seeded(String curl) {
    }

    private LocalDemo() {
    }

    static DemoTodoApi startApi(LocalPaths paths) throws IOException {
        Path file = paths.state.resolve("demo.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        String key = p.getProperty("apiKey");
        if (key == null) {
            key = "demo_" + Ids.randomToken(18);
            p.setProperty("apiKey", key);
            paths.ensureState();
            try (OutputStream out = LocalPaths.ownerOnly(file)) {
                p.store(out, "demo to-do API key (local only)");
            }
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("ACTGATE_DEMO_PORT", "4010"));
        try {
            api = new DemoTodoApi(port, key);
        } catch (java.net.BindException e) {
            api = new DemoTodoApi(0, key);
        }
        return api;
    }

    /** The demo API's base URL (the port it actually got). */
    static String baseUrl() {
        return "http://127.0.0.1:" + api.port() + "/v1";
    }

    static String apiKey(LocalPaths paths) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(paths.state.resolve("demo.properties"))) {
            p.load(in);
        }
        return p.getProperty("apiKey");
    }

    /** Creates (or points at the current port) the demo integration and connection, via HTTP like any client. */
    static List<Seeded> seed(LocalPaths paths, String apiUrl, Workspace workspace) throws Exception {
        String manager = Tokens.mint(workspace, null, true, Duration.ofMinutes(5));
        String tenant = Tokens.mint(workspace, DevServer.DEFAULT_TENANT, false, Duration.ofMinutes(5));
        String baseUrl = "http://127.0.0.1:" + api.port() + "/v1";
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode existing = call(http, json, apiUrl, "GET", "/integrations/" + INTEGRATION, manager, null);
        if (existing.path("id").isMissingNode()) {
            call(http, json, apiUrl, "POST", "/integrations", manager, Map.of("key", INTEGRATION, "name", "Demo to-do API",
                "baseUrl", baseUrl, "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")));
        } else if (!baseUrl.equals(existing.path("baseUrl").asText())) {
            call(http, json, apiUrl, "PATCH", "/integrations/" + INTEGRATION, manager, Map.of("baseUrl", baseUrl));
        }
        JsonNode connection = call(http, json, apiUrl, "GET", "/connections/" + CONNECTION, tenant, null);
        if (connection.path("id").isMissingNode()) {
            call(http, json, apiUrl, "POST", "/connections", tenant, Map.of("integrationKey", INTEGRATION, "key", CONNECTION,
                "name", "Demo to-dos", "credentials", Map.of("apiKey", apiKey(paths))));
        }
        return List.of(new Seeded("curl -s -X POST " + apiUrl + "/act -H \"Authorization: Bearer $(scripts/actgate token)\" "
            + "-H 'Content-Type: application/json' -d '{\"connectionKey\":\"" + CONNECTION
            + "\",\"api\":{\"method\":\"POST\",\"path\":\"/todos\",\"body\":{\"title\":\"Hello from actgate\"}}}'"));
    }

    private static JsonNode call(HttpClient http, ObjectMapper json, String apiUrl, String method, String path, String token,
                                 Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl + path)).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 500) {
            throw new IllegalStateException(method + " " + path + " failed: " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
    }

    static void stop() {
        if (api != null) {
            api.close();
        }
    }
}
