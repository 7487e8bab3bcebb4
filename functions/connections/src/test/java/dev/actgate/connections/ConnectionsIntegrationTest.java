package dev.actgate.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.credentials.CredentialsUnavailableException;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.testing.WithFunctionHarness;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections and integrations through the real connections handler on DynamoDB Local. */
class ConnectionsIntegrationTest extends WithFunctionHarness {
    static String manager;
    static String alice;
    static String bob;

    @BeforeAll
    static void start() {
        manager = TestWorkspaces.managerToken(ws);
        alice = TestWorkspaces.tenantToken(ws, "alice");
        bob = TestWorkspaces.tenantToken(ws, "bob");
        FunctionHarness.Response r = fn.request("POST", "/integrations").bearer(manager).json(Map.of(
            "key", "todos", "name", "Todo API", "baseUrl", "https://todo.example.com/v1",
            "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key"))).send();
        assertEquals(201, r.status(), r.toString());
    }

    private FunctionHarness.Response create(String token, Object body) {
        return fn.request("POST", "/connections").bearer(token).json(body).send();
    }

    @Test
    void badConnectionAndIntegrationBodiesAreRefusedWithEveryProblemAndItsPointer() {
        FunctionHarness.Response r = create(alice, Map.of("integrationKey", "todos", "key", "bad key!", "isDefault", "yes"));
        assertEquals(400, r.status(), r.toString());
        assertEquals("VALIDATION_ERROR", r.json().path("code").asText());
        assertEquals("isDefault must be true or false", r.json().path("message").asText(), r.toString());
        assertEquals("/isDefault", r.json().path("data").path("violations").path(0).path("pointer").asText());

        r = create(alice, Map.of("integrationKey", "todos", "key", "bad key!", "name", ""));
        assertEquals(400, r.status(), r.toString());
        assertEquals("/key", r.json().path("data").path("violations").path(0).path("pointer").asText(), r.toString());
        assertEquals("/name", r.json().path("data").path("violations").path(1).path("pointer").asText(), r.toString());

        r = create(alice, Map.of("integrationKey", "todos", "credentials", Map.of("apiKey", List.of("x")), "meta", "m"));
        assertEquals(400, r.status(), r.toString());
        assertEquals("meta must be a JSON object", r.json().path("message").asText(), r.toString());
        r = create(alice, Map.of("integrationKey", "todos", "credentials", Map.of("apiKey", List.of("x"))));
        assertEquals("credentials.apiKey must be a string", r.json().path("message").asText(), r.toString());
        assertEquals("/credentials/apiKey", r.json().path("data").path("violations").path(0).path("pointer").asText(), r.toString());

        r = create(alice, Map.of("integrationKey", "todos", "owner", "x"));
        assertEquals("Unknown field(s): owner", r.json().path("message").asText(), r.toString());
        assertEquals("owner", r.json().path("data").path("unknownFields").path(0).asText(), r.toString());

        for (String[] route : new String[][] {{"POST", "/connections", alice}, {"PATCH", "/connections/anything", alice},
            {"POST", "/integrations", manager}, {"PUT", "/integrations/todos", manager}, {"PATCH", "/integrations/todos/parameters", manager}}) {
            r = fn.request(route[0], route[1]).bearer(route[2]).send();
            assertEquals(400, r.status(), route[1] + " " + r);
            assertEquals("A JSON object body is required", r.json().path("message").asText(), route[1] + " " + r);
            assertEquals("caller", r.json().path("attribution").asText(), route[1] + " " + r);
        }

        r = fn.request("PATCH", "/integrations/todos").bearer(manager).json(Map.of("connectTimeoutMs", 5, "readTimeoutMs", "9", "name", "")).send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("readTimeoutMs must be a whole number", r.json().path("message").asText(), r.toString());
        r = fn.request("PATCH", "/integrations/todos").bearer(manager).json(Map.of("connectTimeoutMs", 5, "name", "")).send();
        assertEquals("connectTimeoutMs must be a whole number from 100 to 10000; name must be 1-256 characters",
            r.json().path("message").asText(), r.toString());
        r = fn.request("PATCH", "/integrations/todos").bearer(manager).json(Map.of("parameters", Map.of("a", Map.of()), "auth", 1)).send();
        assertEquals("auth must be a JSON object; parameters.a must be a string", r.json().path("message").asText(), r.toString());
        r = fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "x", "surprise", 1)).send();
        assertEquals("Unknown field(s): surprise", r.json().path("message").asText(), r.toString());
        r = fn.request("PATCH", "/integrations/todos/parameters").bearer(manager).body("application/json", "[1]").send();
        assertEquals(400, r.status(), r.toString());
        assertEquals("The body must be a JSON object", r.json().path("message").asText(), r.toString());
    }

    @Test
    void createReadListAndChangeAConnection() {
        FunctionHarness.Response created = create(alice, Map.of("integrationKey", "todos", "key", "todo-main",
            "name", "Main", "credentials", Map.of("apiKey", "sk_live_abcdefgh12345678")));
        assertEquals(201, created.status(), created.toString());
        JsonNode c = created.json();
        assertEquals("READY", c.path("state").asText());
        assertEquals("todo-main", c.path("key").asText());
        assertFalse(created.body().contains("sk_live_abcdefgh12345678"), "no secret in the response");
        String id = c.path("id").asText();

        assertEquals(id, fn.request("GET", "/connections/todo-main").bearer(alice).send().json().path("id").asText());
        assertEquals("todo-main", fn.request("GET", "/connections/" + id + "?includeSecrets=false").bearer(alice).send().json().path("key").asText());
        JsonNode list = fn.request("GET", "/connections?integrationKey=todos").bearer(alice).send().json();
        assertTrue(list.path("items").size() >= 1);

        JsonNode patched = fn.request("PATCH", "/connections/" + id).bearer(alice).json(Map.of("name", "Renamed", "meta", Map.of("team", "x")))
            .send().json();
        assertEquals("Renamed", patched.path("name").asText());
        assertEquals("x", patched.path("meta").path("team").asText());

        FunctionHarness.Response archived = fn.request("DELETE", "/connections/" + id).bearer(alice).send();
        assertEquals(200, archived.status());
        assertTrue(archived.json().hasNonNull("archivedAt"));
        boolean listed = fn.request("GET", "/connections").bearer(alice).send().json().path("items").findValuesAsText("id").contains(id);
        assertFalse(listed, "archived connections vanish from lists");
        assertEquals(200, fn.request("POST", "/connections/" + id + "/restore").bearer(alice).send().status());
        assertTrue(fn.request("GET", "/connections").bearer(alice).send().json().path("items").findValuesAsText("id").contains(id));
    }

    @Test
    void badInputIs400AndChangesNothing() {
        assertEquals(400, create(alice, Map.of("integrationKey", "todos")).status(), "missing apiKey");
        FunctionHarness.Response unknown = create(alice, Map.of("integrationKey", "todos", "credentials", Map.of("apiKey", "k", "pin", "1")));
        assertEquals(400, unknown.status());
        assertEquals("VALIDATION_ERROR", unknown.json().path("code").asText());
        assertEquals(400, create(alice, Map.of("integrationKey", "todos", "surprise", 1)).status());
        assertEquals(400, create(alice, "[1,2]").status());
        assertEquals(400, create(alice, "{not json").status());
        assertEquals(400, create(alice, Map.of("integrationKey", 42)).status());
        assertEquals(404, create(alice, Map.of("integrationKey", "nope", "credentials", Map.of("apiKey", "k"))).status());
        assertEquals(400, create(alice, Map.of("integrationKey", "todos", "key", "bad key!", "credentials", Map.of("apiKey", "k"))).status());
        FunctionHarness.Response first = create(alice, Map.of("integrationKey", "todos", "key", "dup", "credentials", Map.of("apiKey", "k1")));
        assertEquals(201, first.status());
        FunctionHarness.Response second = create(alice, Map.of("integrationKey", "todos", "key", "dup", "credentials", Map.of("apiKey", "k2")));
        assertEquals(409, second.status());
        assertEquals("ALREADY_EXISTS", second.json().path("code").asText());
    }

    @Test
    void tenantsCannotReachEachOthersConnections() {
        String id = create(alice, Map.of("integrationKey", "todos", "key", "alice-only", "credentials", Map.of("apiKey", "alice-secret-1234")))
            .json().path("id").asText();
        for (String sel : List.of(id, "alice-only")) {
            assertEquals(404, fn.request("GET", "/connections/" + sel).bearer(bob).send().status());
            assertEquals(404, fn.request("PATCH", "/connections/" + sel).bearer(bob).json(Map.of("name", "x")).send().status());
            assertEquals(404, fn.request("PUT", "/connections/" + sel).bearer(bob).json(Map.of("name", "x")).send().status());
            assertEquals(404, fn.request("DELETE", "/connections/" + sel).bearer(bob).send().status());
            assertEquals(404, fn.request("POST", "/connections/" + sel + "/restore").bearer(bob).send().status());
            assertEquals(404, fn.request("POST", "/connections/" + sel + "/refresh").bearer(bob).send().status());
            assertEquals(404, fn.request("POST", "/connections/" + sel + "/refresh-credentials").bearer(bob).send().status());
        }
        assertFalse(fn.request("GET", "/connections").bearer(bob).send().json().path("items").findValuesAsText("id").contains(id));
        assertEquals("alice-only", fn.request("GET", "/connections/" + id).bearer(alice).send().json().path("key").asText());
    }

    @Test
    void tenantTokensCannotWriteIntegrations() {
        assertEquals(403, fn.request("POST", "/integrations").bearer(alice).json(Map.of("key", "x", "connectorKey", "github")).send().status());
        assertEquals(403, fn.request("PATCH", "/integrations/todos").bearer(alice).json(Map.of("name", "x")).send().status());
        assertEquals(403, fn.request("PUT", "/integrations/todos").bearer(alice).json(Map.of("name", "x")).send().status());
        assertEquals(403, fn.request("DELETE", "/integrations/todos").bearer(alice).send().status());
        assertEquals(403, fn.request("POST", "/integrations/todos/restore").bearer(alice).send().status());
        FunctionHarness.Response params = fn.request("PATCH", "/integrations/todos/parameters").bearer(alice).json(Map.of("clientId", "x")).send();
        assertEquals(403, params.status());
        assertEquals("FORBIDDEN", params.json().path("code").asText());
        assertEquals(200, fn.request("GET", "/integrations/todos").bearer(alice).send().status(), "tenants may read");
    }

    @Test
    void integrationsFromConnectorsArchiveAndParameters() {
        FunctionHarness.Response gh = fn.request("POST", "/integrations").bearer(manager).json(Map.of("connectorKey", "github")).send();
        assertEquals(201, gh.status(), gh.toString());
        assertEquals("github", gh.json().path("key").asText());
        assertEquals("https://api.github.com", gh.json().path("baseUrl").asText());
        JsonNode params = fn.request("PATCH", "/integrations/github/parameters").bearer(manager)
            .json(Map.of("clientId", "Iv1.abc", "clientSecret", "gh-client-secret-value")).send().json();
        assertEquals("Iv1.abc", params.path("clientId").asText());
        assertFalse(params.toString().contains("gh-client-secret-value"), "secret parameters are write-only");
        assertTrue(params.path("secretParameters").toString().contains("clientSecret"));
        String read = fn.request("GET", "/integrations/github/parameters").bearer(manager).send().body();
        assertFalse(read.contains("gh-client-secret-value"));

        assertEquals(200, fn.request("DELETE", "/integrations/github").bearer(manager).send().status());
        assertFalse(fn.request("GET", "/integrations").bearer(manager).send().json().path("items").findValuesAsText("key").contains("github"));
        assertTrue(fn.request("GET", "/integrations?includeArchived=1").bearer(manager).send().json().path("items").findValuesAsText("key")
            .contains("github"));
        assertEquals(200, fn.request("POST", "/integrations/github/restore").bearer(manager).send().status());
        JsonNode withConnectors = fn.request("GET", "/integrations?connectors=1").bearer(alice).send().json();
        assertTrue(withConnectors.path("items").findValuesAsText("key").contains("slack"), "catalog connectors are offered");
        assertEquals(400, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "bad", "baseUrl", "ftp://x",
            "auth", Map.of("type", "bearer"))).send().status());
        assertEquals(400, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "bad2", "baseUrl", "https://x.example",
            "auth", Map.of("type", "telepathy"))).send().status());
    }

    @Test
    void connectingWithAConnectorKeyCreatesTheIntegrationOnDemand() {
        Workspace fresh = TestWorkspaces.create();
        FunctionHarness.Response r = create(TestWorkspaces.tenantToken(fresh, "carol"), Map.of("connectorKey", "stripe",
            "credentials", Map.of("token", "sk_test_0123456789abcdef")));
        assertEquals(201, r.status(), r.toString());
        assertEquals("stripe", r.json().path("integrationKey").asText());
        assertEquals(200, fn.request("GET", "/integrations/stripe").bearer(TestWorkspaces.managerToken(fresh)).send().status());
    }

    @Test
    void storedItemHoldsNoPlaintextAndCiphertextCannotMove() {
        String secret = "plaintext-canary-" + System.nanoTime();
        String a = create(alice, Map.of("integrationKey", "todos", "key", "canary-a", "credentials", Map.of("apiKey", secret)))
            .json().path("id").asText();
        String b = create(alice, Map.of("integrationKey", "todos", "key", "canary-b", "credentials", Map.of("apiKey", "other-secret-xyz")))
            .json().path("id").asText();
        var items = TestStorage.client().scan(s -> s.tableName(TestStorage.tableNames().connections())).items();
        for (Map<String, AttributeValue> item : items) {
            assertFalse(item.toString().contains(secret), "no stored attribute contains the plaintext secret");
        }
        String pk = ws.id() + "#alice";
        Map<String, AttributeValue> itemA = TestStorage.client().getItem(g -> g.tableName(TestStorage.tableNames().connections())
            .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("C#" + a)))).item();
        TestStorage.client().updateItem(u -> u.tableName(TestStorage.tableNames().connections())
            .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("C#" + b)))
            .updateExpression("SET credentials = :c").expressionAttributeValues(Map.of(":c", itemA.get("credentials"))));
        ConnectionService service = fn.context().getBean(ConnectionService.class);
        var repository = fn.context().getBean(dev.actgate.shared.connections.ConnectionRepository.class);
        var moved = repository.findById(pk, b).orElseThrow();
        assertThrows(CredentialsUnavailableException.class, () -> service.credentials(moved),
            "a ciphertext copied onto another connection must not decrypt");
        var original = repository.findById(pk, a).orElseThrow();
        assertEquals(secret, service.credentials(original).fields().get("apiKey"));
    }

    @Test
    void aConnectionRecordsWhichExternalAccountItBelongsTo() {
        try (dev.actgate.shared.testing.TestUpstream gh = dev.actgate.shared.testing.TestUpstream.start()) {
            gh.on("/user", r -> dev.actgate.shared.testing.TestUpstream.Reply.json(200,
                "{\"id\":583231,\"login\":\"octocat\",\"email\":\"octocat@github.com\",\"name\":\"The Octocat\"}"));
            Workspace w = TestWorkspaces.create();
            assertEquals(201, fn.request("POST", "/integrations").bearer(TestWorkspaces.managerToken(w))
                .json(Map.of("connectorKey", "github", "baseUrl", gh.baseUrl())).send().status());
            JsonNode c = fn.request("POST", "/connections").bearer(TestWorkspaces.tenantToken(w, "olive"))
                .json(Map.of("integrationKey", "github", "key", "gh", "credentials", Map.of("accessToken", "gho_abcdef123456"))).send().json();
            assertEquals("octocat", c.path("externalIdentity").path("login").asText(), c.toString());
            assertEquals("octocat@github.com", c.path("externalIdentity").path("email").asText());
            assertEquals("Bearer gho_abcdef123456", gh.received("/user").get(0).header("authorization"));
        }
    }

    @Test
    void integrationParameterSecrecyIsWideExplicitAndTenantsSeeNoValues() {
        assertEquals(201, fn.request("POST", "/integrations").bearer(manager).json(Map.of("key", "params-app",
            "baseUrl", "https://params.example.test", "auth", Map.of("type", "bearer"))).send().status());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("api-key", "P-apikey-111");
        body.put("signingKey", "P-signing-222");
        body.put("passphrase", "P-pass-333");
        body.put("clientKey", "P-client-444");
        body.put("accessKey", "P-access-555");
        body.put("webhookUrlToken2", "P-token-666");
        body.put("region", "eu-west-1");
        body.put("tenantHint", Map.of("value", "P-explicit-777", "secret", true));
        JsonNode params = fn.request("PATCH", "/integrations/params-app/parameters").bearer(manager).json(body).send().json();
        String shown = params.toString();
        for (String v : List.of("P-apikey-111", "P-signing-222", "P-pass-333", "P-client-444", "P-access-555", "P-token-666", "P-explicit-777")) {
            assertFalse(shown.contains(v), v + " is write-only: " + shown);
        }
        assertEquals("eu-west-1", params.path("region").asText(), "a plain parameter is shown to the manager");
        assertTrue(params.path("secretParameters").toString().contains("tenantHint"), "secret: true makes it secret");
        // stored sealed, not in the clear
        String raw = dev.actgate.shared.testing.TestStorage.client().scan(b -> b.tableName(
            dev.actgate.shared.testing.TestStorage.tableNames().integrations())).items().toString();
        for (String v : List.of("P-apikey-111", "P-signing-222", "P-pass-333", "P-client-444", "P-access-555", "P-explicit-777")) {
            assertFalse(raw.contains(v), v + " is sealed at rest");
        }
        // a tenant token sees no parameter value at all
        String tenantView = fn.request("GET", "/integrations/params-app").bearer(alice).send().body();
        String tenantParams = fn.request("GET", "/integrations/params-app/parameters").bearer(alice).send().body();
        String tenantList = fn.request("GET", "/integrations").bearer(alice).send().body();
        for (String text : List.of(tenantView, tenantParams, tenantList)) {
            assertFalse(text.contains("eu-west-1"), "no value for a tenant: " + text);
        }
        assertTrue(tenantParams.contains("region"), "but the names: " + tenantParams);
    }
}
