package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in Debian's headless Chromium against the local runtime (real handlers, DynamoDB Local, the demo
 * app): sign in, find a failing run by filter, its timeline and the app's error, replay, a DISCONNECTED connection
 * and its reconnect, tenant isolation, the manager's overview. Screenshots land in local/target/console-screenshots.
 */
class ConsoleBrowserEndToEndTest {
    static final Path NODE_DIR = Path.of("src/test/console");
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final BrowserRuntime browser = new BrowserRuntime(NODE_DIR, "actgate-console");

    @Test
    void anOperatorFindsAFailingRunReplaysItAndSeesABrokenConnection() throws Exception {
        String tenant = browser.runtime().token(LocalRuntime.DEFAULT_TENANT, false);
        String bob = browser.runtime().token("bob", false);
        assertEquals(200, call("POST", "/act", tenant, Map.of("connectionKey", "demo-todos",
            "api", Map.of("method", "POST", "path", "/todos", "body", Map.of("title", "from the console test")))).status);
        assertEquals(424, call("POST", "/act", tenant, Map.of("connectionKey", "demo-todos",
            "api", Map.of("method", "GET", "path", "/todos/999999"))).status);
        // Another tenant, with a run of its own the first tenant must never see.
        assertEquals(201, call("POST", "/connections", bob, Map.of("integrationKey", "demo-todos", "key", "bob-todos",
            "credentials", Map.of("apiKey", LocalDemo.apiKey(browser.runtime().paths())))).status);
        Reply bobRun = call("POST", "/act", bob, Map.of("connectionKey", "bob-todos", "api", Map.of("method", "GET", "path", "/todos")));
        assertEquals(200, bobRun.status);
        // A connection whose app revoked access: the state an OAuth refresh failure leaves (set directly, as a fixture).
        Reply broken = call("POST", "/connections", tenant, Map.of("integrationKey", "demo-todos", "key", "revoked-todos",
            "credentials", Map.of("apiKey", "revoked-key-0000")));
        assertEquals(201, broken.status);
        String brokenId = broken.json.path("id").asText();
        markDisconnected(brokenId);
        assertEquals("DISCONNECTED", call("GET", "/connections/" + brokenId, tenant, null).json.path("state").asText());

        // A saved action on the demo integration, which the tenant's agents are offered as a tool.
        Reply saved = call("POST", "/integrations/demo-todos/actions", browser.runtime().token(null, true), Map.of("key", "list-todos",
            "name", "List to-dos", "type", "api-request-to-external-app",
            "config", Map.of("request", Map.of("method", "GET", "path", "/todos"))));
        assertTrue(saved.status == 201 || saved.status == 200, saved.json.toString());
        // A policy that holds new to-dos, and one held call: the approval the manager decides in the console.
        String manager = browser.runtime().token(null, true);
        assertEquals(201, call("POST", "/approval-policies", manager, Map.of("name", "New to-dos need a person",
            "match", Map.of("method", "POST", "path", "/todos"), "decision", "require_approval")).status);
        Reply held = call("POST", "/act", tenant, Map.of("connectionKey", "demo-todos",
            "api", Map.of("method", "POST", "path", "/todos", "body", Map.of("title", "needs a person"))));
        assertEquals(202, held.status, held.json.toString());
        String approvalId = held.json.path("approval").path("id").asText();

        Path shots = Path.of("target/console-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        BrowserScript.Output run = BrowserScript.run(NODE_DIR, "console.mjs", Map.of("API_URL", "http://localhost:" + browser.runtime().port(),
            "TENANT_TOKEN", tenant, "MANAGER_TOKEN", manager, "APPROVAL_ID", approvalId,
            "OTHER_TENANT_RUN", bobRun.json.path("actionRunId").asText(), "DISCONNECTED_ID", brokenId, "SHOTS", shots.toString()), 180);
        String out = run.out();
        String err = run.err();
        List<String> failed = new ArrayList<>();
        int checks = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            JsonNode r = JSON.readTree(line);
            checks++;
            if (!r.path("ok").asBoolean()) {
                failed.add(r.path("check").asText() + ": " + r.path("detail").asText());
            }
        }
        assertTrue(checks >= 22, "expected the whole walk-through, got " + checks + " checks:\n" + out + "\n" + err);
        assertEquals(List.of(), failed, "console checks that failed (stderr: " + err + ")");
        assertTrue(Files.size(shots.resolve("console-run.png")) > 10_000, "screenshot of the run page");
        assertTrue(Files.size(shots.resolve("console-overview.png")) > 10_000, "screenshot of the overview");
    }

    /** Flips the stored connection to DISCONNECTED in DynamoDB Local, as a refused refresh would. */
    static void markDisconnected(String connectionId) {
        String port = LocalStorage.readDevState(browser.runtime().paths()).getProperty("dynamodb.port");
        try (DynamoDbClient db = dev.actgate.testing.LocalDynamoDb.client(URI.create("http://localhost:" + port))) {
            var items = db.scan(b -> b.tableName("actgate-connections").filterExpression("id = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(connectionId)))).items();
            var item = items.stream().filter(i -> i.get("sk").s().startsWith("C#")).findFirst().orElseThrow();
            db.updateItem(b -> b.tableName("actgate-connections").key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                .updateExpression("SET #s = :s, #e = :e").expressionAttributeNames(Map.of("#s", "state", "#e", "error"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("DISCONNECTED"),
                    ":e", AttributeValue.fromS("The app refused the credentials (401) after a refresh"))));
        }
    }

    record Reply(int status, JsonNode json) {
    }

    static Reply call(String method, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + browser.runtime().port() + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }
}
