package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Code written for the official Membrane JavaScript SDK (@membranehq/sdk 0.28.3) works against actgate unchanged:
 * the SDK's connection, integration and action calls of compatibility.md, run by Node against the local runtime, with the
 * token the SDK mints itself from the workspace credentials. Each test is reported skipped, with the reason, without node or the npm packages.
 */
class SdkCompatibilityEndToEndTest {
    static final Path NODE_DIR = Path.of("src/test/browser");
    static LocalRuntime runtime;

    static String missing;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        missing = Prerequisites.firstMissing(Prerequisites.functionArchives(root), Prerequisites.node(),
            Prerequisites.npmPackage(NODE_DIR, "@membranehq/sdk"));
        if (missing == null) {
            runtime = LocalRuntime.start(LocalPaths.of(root, Files.createTempDirectory("actgate-sdk")), "127.0.0.1", 0, 0, null);
        }
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
    }

    @Test
    void theSdksConnectionAndIntegrationCallsWork() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "sdk-calls.mjs").directory(NODE_DIR.toFile());
        var w = runtime.workspace();
        pb.environment().put("API_URL", "http://localhost:" + runtime.port());
        pb.environment().put("WORKSPACE_KEY", w.key());
        pb.environment().put("WORKSPACE_SECRET", w.secrets().get(w.secrets().size() - 1).value());
        pb.environment().put("MANAGER_TOKEN", runtime.token(null, true));
        pb.environment().put("DEMO_BASE_URL", LocalDemo.baseUrl());
        pb.environment().put("DEMO_API_KEY", LocalDemo.apiKey(runtime.paths()));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sdk run timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        List<String> failed = new ArrayList<>();
        int checks = 0;
        for (String line : out.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode r = json.readTree(line);
            checks++;
            if (!r.path("ok").asBoolean()) {
                failed.add(r.path("check").asText() + ": " + r.path("detail").asText());
            }
        }
        assertEquals(19, checks, "every SDK check ran:\n" + out + err);
        assertTrue(failed.isEmpty(), "SDK calls that failed:\n" + String.join("\n", failed));
    }
}
