package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Code written for Pipedream Connect and Composio runs against actgate by changing only a base URL and a key: the
 * vendors' official SDKs, unchanged ({@code @pipedream/sdk} 3.1.6, {@code composio-core} 0.5.39,
 * {@code @composio/core} 0.21.0), driven by Node against the local runtime, with the server credentials the CLI
 * creates ({@code scripts/actgate api-key create}, {@code client create}). Also the Membrane SDK's proxy of the
 * app's root path. Skipped, and said so, without the function archives or the npm packages.
 *
 * <p>Both Composio SDKs phone home by default: telemetry and version checks are switched off as dialects.md says
 * ({@code TELEMETRY_DISABLED}, {@code allowTracking: false}, {@code disableVersionCheck: true}); composio-core's npm
 * version check cannot be switched off, so its HTTPS goes to a closed local port (the SDK ignores the failure).
 */
class DialectSdkEndToEndTest {
    static final Path NODE_DIR = Path.of("src/test/dialects");
    static LocalRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        assumeTrue(Files.isDirectory(root.resolve("functions/act/target/lambda/lib")), "function archives not built (run scripts/test)");
        for (String pkg : List.of("@pipedream/sdk", "composio-core", "@composio/core", "@membranehq/sdk")) {
            assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/" + pkg)),
                "no " + pkg + ": run npm ci --prefix local/src/test/dialects");
        }
        runtime = LocalRuntime.start(LocalPaths.of(root, Files.createTempDirectory("actgate-dialects")), "127.0.0.1", 0, 0, null);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static List<String> cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            runtime.paths());
        assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theVendorsOfficialSdksWorkAgainstActgateUnchanged() throws Exception {
        var w = runtime.workspace();
        List<String> key = cli("api-key", "create", "--workspace", w.key(), "--name", "sdk-test");
        assertEquals(1, key.size(), "api-key create prints only the key: " + key);
        assertTrue(key.get(0).startsWith("agk_"));
        List<String> client = cli("client", "create", "--workspace", w.key());
        assertEquals(2, client.size(), "client create prints client_id and client_secret: " + client);
        assertTrue(client.get(0).startsWith("client_id=") && client.get(1).startsWith("client_secret="));
        assertTrue(cli("api-key", "list", "--workspace", w.key()).stream().anyMatch(l -> l.contains("sdk-test") && l.contains("active")));

        ProcessBuilder pb = new ProcessBuilder("node", "sdk-calls.mjs").directory(NODE_DIR.toFile());
        Map<String, String> env = pb.environment();
        env.put("API_URL", "http://127.0.0.1:" + runtime.port());
        env.put("WORKSPACE_KEY", w.key());
        env.put("WORKSPACE_SECRET", w.secrets().get(w.secrets().size() - 1).value());
        env.put("MANAGER_TOKEN", runtime.token(null, true));
        env.put("TENANT", LocalRuntime.DEFAULT_TENANT);
        env.put("TENANT_TOKEN", runtime.token(LocalRuntime.DEFAULT_TENANT, false));
        env.put("API_KEY", key.get(0));
        env.put("CLIENT_ID", client.get(0).substring("client_id=".length()));
        env.put("CLIENT_SECRET", client.get(1).substring("client_secret=".length()));
        env.put("DEMO_BASE_URL", LocalDemo.baseUrl());
        // Composio SDKs: no telemetry, no version checks, nothing leaves 127.0.0.1.
        env.put("TELEMETRY_DISABLED", "true");
        env.put("NODE_ENV", "test");
        env.put("CI", "true");
        env.put("COMPOSIO_LOGGING_LEVEL", "silent");
        env.put("https_proxy", "http://127.0.0.1:9");
        env.put("HTTPS_PROXY", "http://127.0.0.1:9");
        env.remove("http_proxy");
        env.remove("HTTP_PROXY");
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        Process p = pb.start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "sdk run timed out:\n" + out + err);
        ObjectMapper json = new ObjectMapper();
        List<String> failed = new ArrayList<>();
        int checks = 0;
        for (String line : out.split("\n")) {
            if (!line.startsWith("{\"check\"")) {
                continue;
            }
            JsonNode r = json.readTree(line);
            checks++;
            if (!r.path("ok").asBoolean()) {
                failed.add(r.path("check").asText() + ": " + r.path("detail").asText());
            }
        }
        assertEquals(14, checks, "every SDK check ran:\n" + out + err);
        assertTrue(failed.isEmpty(), "SDK calls that failed:\n" + String.join("\n", failed) + "\n--- stderr:\n" + err);
    }
}
