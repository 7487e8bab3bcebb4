package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.local.LocalPaths;
import dev.actgate.local.LocalRuntime;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepository;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One local runtime for the whole adversarial suite (started by the first test class, closed when the test run
 * ends): the real Lambda handlers of every function behind the emulated API Gateway, on DynamoDB Local in a temporary
 * folder, plus two recording HTTP servers: {@code canary}, the base URL of the suite's integrations, and
 * {@code target}, the host hostile URLs point at. Neither must ever see a request an attack tried to smuggle.
 */
@SuppressWarnings("deprecation")
final class Suite implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long SEED = Long.getLong("adversarial.seed", 20_250_607L);
    static final Set<String> ATTRIBUTIONS = Set.of("caller", "actgate", "external_app");

    private static volatile Suite current;

    final Path root;
    final Path state;
    final LocalRuntime runtime;
    final int port;
    final WorkspaceService workspaces;
    final DynamoDbClient dynamo;
    final Workspace defaultWorkspace;
    final TestUpstream canary;
    final TestUpstream target;
    final Tally tally = new Tally();
    final String demoApiKey;

    /** Registers the suite in the root store of the test run, so it is closed after the last test class. */
    static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Path root = findRoot();
            assumeTrue(Files.isDirectory(root.resolve("functions/act/target/lambda/lib")),
                "the function archives are not built: run scripts/adversarial (or mvn -DskipTests package) first");
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Suite.class.getName(), k -> {
                    try {
                        Suite s = new Suite(root);
                        current = s;
                        return s;
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start the local runtime", e);
                    }
                }, Suite.class);
        }
    }

    static Suite get() {
        Suite s = current;
        if (s == null) {
            throw new IllegalStateException("Suite not started: annotate the class with @ExtendWith(Suite.Extension.class)");
        }
        return s;
    }

    private Suite(Path root) throws Exception {
        this.root = root;
        this.state = Files.createTempDirectory("actgate-adversarial");
        String sandboxTimeout = System.getProperty("adversarial.sandbox-timeout-ms");
        if (sandboxTimeout != null) {
            System.setProperty("actgate.sandbox.timeout-ms", sandboxTimeout);
        }
        long t0 = System.nanoTime();
        // The canary is the suite's allowlisted "external app"; the target is not allowlisted (it stands for an
        // internal service), so both the path rules and the egress policy must keep requests away from it.
        this.canary = TestUpstream.start();
        this.target = TestUpstream.start();
        this.runtime = LocalRuntime.start(LocalPaths.of(root, state), "127.0.0.1", 0, 0, null,
            List.of("127.0.0.1:" + URI.create(canary.baseUrl()).getPort()));
        if (sandboxTimeout != null) {
            System.clearProperty("actgate.sandbox.timeout-ms");
        }
        this.port = runtime.port();
        // The runtime's DynamoDB, read now: later runtimes in the same JVM (other test classes) overwrite the property.
        URI endpoint = URI.create(System.getProperty("aws.services.dynamodb.endpoint-override"));
        this.dynamo = LocalDynamoDb.client(endpoint);
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        ObjectMapper storageJson = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        TableNames names = new TableNames("actgate-workspaces", "actgate-integrations", "actgate-connections",
            "actgate-actions", "actgate-run-logs", "actgate-idempotency");
        this.workspaces = new WorkspaceService(new DynamoWorkspaceRepository(enhanced, names, storageJson,
            new dev.actgate.shared.credentials.CredentialCipher(new dev.actgate.shared.credentials.LocalMasterKeyProvider(
                state.resolve("master.key")))));
        this.defaultWorkspace = runtime.workspace();
        Properties demo = new Properties();
        try (InputStream in = Files.newInputStream(state.resolve("demo.properties"))) {
            demo.load(in);
        }
        this.demoApiKey = demo.getProperty("apiKey");
        System.out.printf("[adversarial] local runtime on 127.0.0.1:%d started in %d ms (seed %d)%n", port,
            (System.nanoTime() - t0) / 1_000_000, SEED);
    }

    static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the actgate repository");
        }
        return dir;
    }

    // ------------------------------------------------------------------ tokens

    static String secret(Workspace w) {
        return w.secrets().get(w.secrets().size() - 1).value();
    }

    /** HS256 with the workspace's newest secret; claims as given, plus exp when ttl is not null. */
    static String sign(Workspace w, Map<String, Object> claims, Duration ttl) {
        return signWith(secret(w), claims, ttl);
    }

    static String signWith(String secret, Map<String, Object> claims, Duration ttl) {
        com.nimbusds.jwt.JWTClaimsSet.Builder b = new com.nimbusds.jwt.JWTClaimsSet.Builder();
        claims.forEach(b::claim);
        if (ttl != null) {
            b.expirationTime(new Date(System.currentTimeMillis() + ttl.toMillis()));
        }
        return WorkspaceTokenVerifier.signHs256(secret, b.build());
    }

    static String tenantToken(Workspace w, String tenant) {
        return sign(w, Map.of("workspaceKey", w.key(), "tenantKey", tenant), Duration.ofHours(1));
    }

    static String managerToken(Workspace w) {
        return sign(w, Map.of("workspaceKey", w.key(), "isAdmin", true), Duration.ofHours(1));
    }

    static String managerToken(Workspace w, String tenant) {
        return sign(w, Map.of("workspaceKey", w.key(), "isAdmin", true, "tenantKey", tenant), Duration.ofHours(1));
    }

    String tenant(String tenant) {
        return tenantToken(defaultWorkspace, tenant);
    }

    String manager() {
        return managerToken(defaultWorkspace);
    }

    Workspace createWorkspace(String prefix) {
        String key = prefix + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        return workspaces.create(key, prefix);
    }

    // ------------------------------------------------------------------ calls

    RawHttp.Response send(RawHttp.Request request) {
        return RawHttp.send(port, request, 60_000);
    }

    RawHttp.Response call(String method, String path, String token, Object jsonBody) {
        RawHttp.Request r = RawHttp.Request.of(method, path).bearer(token);
        if (jsonBody != null) {
            r = jsonBody instanceof String s ? r.json(s) : r.json(jsonBody);
        }
        return send(r);
    }

    /** Creates (or reuses) an inline api-key integration with a manager token; fails the setup on anything else. */
    JsonNode ensureIntegration(String managerToken, String key, String baseUrl) {
        RawHttp.Response existing = call("GET", "/integrations/" + key, managerToken, null);
        if (existing.status() == 200) {
            return existing.json();
        }
        RawHttp.Response r = call("POST", "/integrations", managerToken, Map.of("key", key, "name", key, "baseUrl", baseUrl,
            "auth", Map.of("type", "api-key", "in", "header", "name", "X-Api-Key")));
        if (r.status() != 201) {
            throw new IllegalStateException("setup: creating integration " + key + " failed: " + r.describe(500));
        }
        return r.json();
    }

    JsonNode createConnection(String tenantToken, String integrationKey, String key, String apiKey) {
        RawHttp.Response r = call("POST", "/connections", tenantToken, Map.of("integrationKey", integrationKey, "key", key,
            "name", key, "credentials", Map.of("apiKey", apiKey)));
        if (r.status() != 201) {
            throw new IllegalStateException("setup: creating connection " + key + " failed: " + r.describe(500));
        }
        return r.json();
    }

    // ------------------------------------------------------------------ checks

    /** null when the response is the documented error body {type, code, message, attribution}; else what is wrong. */
    static String errorShapeProblem(RawHttp.Response r) {
        if (r.failure() != null) {
            return "no HTTP response: " + r.failure();
        }
        JsonNode body = r.json();
        if (!body.isObject()) {
            return "error body is not a JSON object";
        }
        for (String field : new String[] {"type", "code", "message", "attribution"}) {
            JsonNode v = body.get(field);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                return "error body lacks a non-empty string '" + field + "'";
            }
        }
        if (!ATTRIBUTIONS.contains(body.get("attribution").asText())) {
            return "attribution '" + body.get("attribution").asText() + "' is not caller/actgate/external_app";
        }
        String contentType = r.header("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return "error Content-Type is " + contentType + ", not application/json";
        }
        return null;
    }

    /** null when the status is the expected one and, for 4xx/5xx, the body has the documented shape. */
    static String expectStatus(RawHttp.Response r, int... allowed) {
        if (r.failure() != null) {
            return "no HTTP response: " + r.failure();
        }
        boolean ok = false;
        for (int a : allowed) {
            ok |= r.status() == a;
        }
        if (!ok) {
            return "expected " + java.util.Arrays.toString(allowed) + ", got " + r.status();
        }
        return r.status() >= 400 ? errorShapeProblem(r) : null;
    }

    static String code(RawHttp.Response r) {
        return r.json().path("code").asText("");
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String summary = tally.summary(SEED);
        System.out.println(summary);
        try {
            Path out = root.resolve("local/target/adversarial-summary.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, summary.getBytes(StandardCharsets.UTF_8));  // lenient: a stray surrogate becomes '?'
            System.out.println("[adversarial] summary written to " + out);
        } catch (IOException e) {
            System.err.println("[adversarial] could not write the summary file: " + e);
        }
        canary.close();
        target.close();
        dynamo.close();
        runtime.close();
        current = null;
    }
}
