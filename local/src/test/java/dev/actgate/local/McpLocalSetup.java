package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.testing.TestUpstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local runtime with what the MCP end-to-end tests call, set up through actgate's own HTTP API as a user would:
 * a Stripe integration (catalog actions) and a custom CRM integration with a saved action that has an outputSchema,
 * both pointed at a local upstream; tenant alice connected to both, tenant bob to the CRM only.
 */
final class McpLocalSetup implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path NODE_DIR = Path.of("src/test/mcp");

    final LocalRuntime runtime;
    final TestUpstream upstream;
    final String alice;
    final String bob;
    private final HttpClient http = HttpClient.newHttpClient();

    private McpLocalSetup(LocalRuntime runtime, TestUpstream upstream) throws Exception {
        this.runtime = runtime;
        this.upstream = upstream;
        this.alice = runtime.token("alice", false);
        this.bob = runtime.token("bob", false);
        String manager = runtime.token(null, true);
        String base = upstream.baseUrl();
        post(manager, "/integrations", Map.of("connectorKey", "stripe", "baseUrl", base + "/stripe"));
        post(manager, "/integrations", Map.of("key", "crm", "name", "Acme CRM", "baseUrl", base + "/crm",
            "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")));
        post(manager, "/actions", Map.of("integrationKey", "crm", "key", "create-contact", "name", "Create contact",
            "description", "Creates a contact in the CRM.", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "POST", "path", "/contacts", "body", Map.of("name", Map.of("$var", "$.input.name")))),
            "inputSchema", Map.of("type", "object", "required", List.of("name"), "properties", Map.of("name", Map.of("type", "string"))),
            "outputSchema", Map.of("type", "object", "required", List.of("id"), "properties", Map.of("id", Map.of("type", "string")))));
        post(alice, "/connections", Map.of("integrationKey", "stripe", "key", "alice-stripe", "credentials", Map.of("token", "sk_test_alice")));
        post(alice, "/connections", Map.of("integrationKey", "crm", "key", "alice-crm", "credentials", Map.of("apiKey", "crm-alice")));
        post(bob, "/connections", Map.of("integrationKey", "crm", "key", "bob-crm", "credentials", Map.of("apiKey", "crm-bob")));
        upstream.on("/stripe/customers/missing", r -> TestUpstream.Reply.json(404, "{\"error\":{\"message\":\"No such customer\"}}"));
        upstream.on("/crm/contacts", r -> TestUpstream.Reply.json(201, "{\"id\":\"c_1\",\"name\":\"Ada\"}"));
    }

    static McpLocalSetup start(String dataPrefix) throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        assumeTrue(Files.isDirectory(root.resolve("functions/act/target/lambda/lib")), "function archives not built (mvn -DskipTests package)");
        TestUpstream upstream = TestUpstream.start();
        // The test app is on this machine: the egress policy lets exactly its port through (docs/ssrf-and-redaction.md).
        LocalRuntime runtime = LocalRuntime.start(LocalPaths.of(root, Files.createTempDirectory(dataPrefix)), "127.0.0.1", 0, 0, null,
            java.util.List.of("127.0.0.1:" + java.net.URI.create(upstream.baseUrl()).getPort()));
        return new McpLocalSetup(runtime, upstream);
    }

    String url() {
        return "http://localhost:" + runtime.port() + "/mcp";
    }

    JsonNode post(String token, String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static boolean hasNodeModule(String module) {
        return Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(module));
    }

    @Override
    public void close() {
        runtime.close();
        upstream.close();
    }
}
