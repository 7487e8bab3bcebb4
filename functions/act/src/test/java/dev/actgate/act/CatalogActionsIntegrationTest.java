package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.Connector;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.integrations.SchemaSamples;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestStorage;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.testing.TestUpstream.Reply;
import dev.actgate.shared.testing.TestWorkspaces;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every catalog action of every shipped connector, run through the real act handler by id: a valid input is made
 * from the action's inputSchema ({@link SchemaSamples}), {@code POST /act} sends it, and the request that reaches a
 * recording upstream must be the one the action's mapping describes (method, path, query, headers, body), worked
 * out here independently of the engine. The upstream answers with a sample of the action's outputSchema, which must
 * come back as the output. New connector files are covered as soon as they are in index.json.
 */
@ActFixtureSettings("actgate.upstream.backoff-base-ms=10")
class CatalogActionsIntegrationTest extends ActFixtureBase {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\$\\.[A-Za-z0-9_.\\-]+)\\s*}}");
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final AtomicInteger RUN = new AtomicInteger();

    static MockOAuth2Server oauth;
    static String tenant;

    @BeforeAll
    static void start() {
        oauth = new MockOAuth2Server();
        oauth.start();
        // The mock provider's token endpoint is on this machine: the egress policy allows exactly its port (docs/ssrf-and-redaction.md).
        dev.actgate.shared.testing.TestEgress.allow(oauth.url("/").port());
        tenant = TestWorkspaces.tenantToken(ws, "carol");
    }

    @AfterAll
    static void stop() {
        System.out.println("CATALOG ACTIONS: " + RUN.get() + " catalog actions built and checked against the recording upstream");
        oauth.shutdown();
    }

    @TestFactory
    Stream<DynamicNode> everyCatalogActionBuildsTheRequestItsMappingDescribes() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Connector c : act.context().getBean(ConnectorCatalog.class).list()) {
            if (c.actionCount() == 0) {
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            Map<String, String> connectionValues = new LinkedHashMap<>();
            tests.add(DynamicTest.dynamicTest(c.key() + " › connect", () -> connect(c, connectionValues)));
            c.actions().forEach(a -> tests.add(DynamicTest.dynamicTest(c.key() + " › " + a.path("id").asText(),
                () -> runAction(c, a, connectionValues))));
            if (AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(c.auth().type())) {
                tests.add(DynamicTest.dynamicTest(c.key() + " › client-credentials token grant as the connector declares it",
                    () -> checkTokenGrant(c)));
            }
            nodes.add(DynamicContainer.dynamicContainer(c.key(), tests));
        }
        return nodes.stream();
    }

    /** An integration of the connector whose base URL is the recording upstream, and one connection with made-up credentials. */
    static void connect(Connector c, Map<String, String> values) {
        Map<String, String> credentials = new LinkedHashMap<>();
        // Every field the connect form asks for gets a value; the non-secret ones are what mappings may read. A
        // client-credentials app's own client id and secret come from the integration's parameters (set below).
        boolean clientCredentials = AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(c.auth().type());
        for (AuthSpec.Field f : c.auth().effectiveFields()) {
            if (clientCredentials && (f.key().equals("clientId") || f.key().equals("clientSecret"))) {
                continue;
            }
            String v = f.key().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-value";
            credentials.put(f.key(), v);
            if (!f.secret()) {
                values.put(f.key(), v);
            }
        }
        if (AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(c.auth().type())) {
            // The engine gets the token itself, from mock-oauth2-server standing in for the vendor's token endpoint.
            ObjectNode auth = TestStorage.JSON.valueToTree(c.auth());
            auth.put("tokenUrl", oauth.tokenEndpointUrl(c.key()).toString());
            ActTestSetup.integration(ws, c.key(), upstream.baseUrl() + "/" + c.key(), TestStorage.JSON.convertValue(auth, Map.class),
                Map.of("connectorKey", c.key(), "parameters", Map.of("clientId", "client-" + c.key(), "clientSecret", "secret-" + c.key())));
            drainTokenRequests();
            ActTestSetup.connection(ws, "carol", c.key(), "conn-" + c.key(), credentials, false);
            return;
        }
        ActTestSetup.integrationFromConnector(ws, c.key(), upstream.baseUrl() + "/" + c.key());
        if (c.auth().isOAuth2()) {
            credentials.put("accessToken", "access-token-" + c.key());
        }
        ActTestSetup.connection(ws, "carol", c.key(), "conn-" + c.key(), credentials, false);
    }

    static void runAction(Connector c, JsonNode action, Map<String, String> connectionValues) throws Exception {
        String id = action.path("id").asText();
        upstream.reset();
        SchemaSamples.Sample sample = SchemaSamples.validInput(action.get("inputSchema"));
        assertTrue(sample.valid(), id + ": no valid input could be made from the inputSchema: " + sample.problems());
        JsonNode outputSchema = action.get("outputSchema");
        JsonNode reply = outputSchema == null || outputSchema.isEmpty() ? NODES.objectNode().put("ok", true)
            : SchemaSamples.sample(outputSchema, true);
        String replyText = TestStorage.JSON.writeValueAsString(reply);
        upstream.on("/" + c.key(), r -> Reply.json(200, replyText));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("connectionKey", "conn-" + c.key());
        body.put("input", sample.input());
        FunctionHarness.Response r = act.request("POST", "/act").bearer(tenant).json(body).send();
        assertEquals(200, r.status(), id + " with input " + sample.input() + ": " + r);
        assertEquals(TestStorage.JSON.readTree(replyText), r.json().path("output"), id + ": the upstream's answer is the output");

        List<TestUpstream.Received> got = upstream.received();
        assertEquals(1, got.size(), id + ": one request reaches the app");
        TestUpstream.Received sent = got.get(0);
        JsonNode request = action.path("config").path("request");
        ObjectNode root = NODES.objectNode();
        root.set("input", sample.input());
        ObjectNode connection = root.putObject("connection");
        connectionValues.forEach(connection::put);

        assertEquals(request.path("method").asText(), sent.method(), id + ": method");
        assertEquals("/" + c.key() + expectedPath(request.path("path").asText(), root), sent.path(), id + ": path");

        Map<String, List<String>> query = parseQuery(sent.rawQuery());
        if (AuthSpec.API_KEY.equals(c.auth().type()) && "query".equals(c.auth().in())) {
            query.remove(c.auth().name());
        }
        assertEquals(expectedQuery(map(request.get("query"), root)), query, id + ": query");

        JsonNode headers = map(request.get("headers"), root);
        Map<String, String> wanted = new LinkedHashMap<>(c.defaultHeaders());
        if (headers != null) {
            headers.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        }
        wanted.forEach((k, v) -> assertEquals(v, sent.header(k), id + ": header " + k));

        JsonNode expectedBody = request.has("body") ? map(request.get("body"), root) : null;
        String method = request.path("method").asText();
        if (expectedBody == null || method.equals("GET") || method.equals("HEAD")) {
            assertEquals("", sent.body(), id + ": no body");
        } else if (String.valueOf(sent.header("content-type")).startsWith("application/x-www-form-urlencoded")) {
            List<String> pairs = new ArrayList<>();
            form("", expectedBody, pairs);
            List<String> received = sent.body().isEmpty() ? List.of() : List.of(sent.body().split("&"));
            assertEquals(pairs.stream().map(CatalogActionsIntegrationTest::decode).sorted().toList(),
                received.stream().map(CatalogActionsIntegrationTest::decode).sorted().toList(), id + ": form body");
        } else {
            // re-read, so numbers compare by value whatever node type the mapping produced
            assertEquals(TestStorage.JSON.readTree(expectedBody.toString()), TestStorage.JSON.readTree(sent.body()), id + ": JSON body");
        }
        if (c.auth().isOAuth2()) {
            String authorization = String.valueOf(sent.header("authorization"));
            assertTrue(authorization.startsWith("Bearer ") && authorization.length() > 20, id + ": sent with the OAuth2 access token");
        }
        RUN.incrementAndGet();
    }

    static List<RecordedRequest> drainTokenRequests() {
        List<RecordedRequest> out = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = oauth.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                r = null;
            }
            if (r == null) {
                return out;
            }
            out.add(r);
        }
    }

    /** The engine fetched its token with grant_type=client_credentials, the connector's scopes and client auth method. */
    static void checkTokenGrant(Connector c) {
        List<RecordedRequest> calls = drainTokenRequests().stream()
            .filter(r -> r.getPath() != null && r.getPath().startsWith("/" + c.key() + "/token")).toList();
        assertTrue(!calls.isEmpty(), c.key() + ": the engine asked the token endpoint for a token");
        RecordedRequest first = calls.get(0);
        String form = first.getBody().readUtf8();
        assertTrue(form.contains("grant_type=client_credentials"), form);
        if (!c.auth().scopes().isEmpty()) {
            assertTrue(decode(form).contains("scope=" + c.auth().scopeString(null)), c.key() + ": scopes in " + decode(form));
        }
        if ("client_secret_basic".equals(c.auth().tokenAuthMethod())) {
            assertTrue(String.valueOf(first.getHeader("Authorization")).startsWith("Basic "), c.key() + ": client_secret_basic");
            assertTrue(!form.contains("client_secret="), "the secret is not also in the body");
        } else {
            assertTrue(form.contains("client_id=client-" + c.key()) && form.contains("client_secret=secret-" + c.key()), form);
        }
        assertTrue(calls.size() <= 1 + c.actionCount() / 2, c.key() + ": the token is reused, not fetched per call (" + calls.size() + ")");
    }

    // ------------------------------------------------------------------ the mapping, worked out independently

    /** {@code $var} objects become the value at their path (dropped when missing); strings get their placeholders filled. */
    static JsonNode map(JsonNode template, JsonNode root) {
        if (template == null) {
            return null;
        }
        if (template.isObject()) {
            if (template.size() == 1 && template.has("$var")) {
                JsonNode v = at(root, template.get("$var").asText());
                return v == null || v.isMissingNode() ? null : v;
            }
            ObjectNode out = NODES.objectNode();
            template.fields().forEachRemaining(e -> {
                JsonNode v = map(e.getValue(), root);
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            });
            return out;
        }
        if (template.isArray()) {
            var out = NODES.arrayNode();
            template.forEach(t -> {
                JsonNode v = map(t, root);
                if (v != null) {
                    out.add(v);
                }
            });
            return out;
        }
        if (template.isTextual()) {
            return NODES.textNode(fill(template.asText(), root, false));
        }
        return template;
    }

    static String expectedPath(String template, JsonNode root) {
        return fill(template, root, true);
    }

    static String fill(String template, JsonNode root, boolean segment) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = at(root, m.group(1));
            String text = v == null || v.isNull() || v.isMissingNode() ? "" : v.isValueNode() ? v.asText() : v.toString();
            m.appendReplacement(sb, Matcher.quoteReplacement(segment ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20") : text));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode cur = root;
        for (String part : path.substring(2).split("\\.")) {
            if (cur == null) {
                return null;
            }
            cur = cur.isArray() && part.matches("[0-9]+") ? cur.get(Integer.parseInt(part)) : cur.get(part);
        }
        return cur;
    }

    static Map<String, List<String>> expectedQuery(JsonNode query) {
        Map<String, List<String>> out = new HashMap<>();
        if (query == null) {
            return out;
        }
        query.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else if (!e.getValue().isNull()) {
                values.add(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
            if (!values.isEmpty()) {
                out.put(e.getKey(), values);
            }
        });
        return out;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = decode(eq < 0 ? p : p.substring(0, eq));
            String v = eq < 0 ? "" : decode(p.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static void form(String prefix, JsonNode node, List<String> pairs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> form(prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]", e.getValue(), pairs));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                form(prefix + "[" + i + "]", node.get(i), pairs);
            }
        } else if (!node.isNull()) {
            pairs.add(prefix + "=" + node.asText());
        }
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
