package dev.actgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official MCP TypeScript SDK (@modelcontextprotocol/sdk, local/src/test/mcp) against the local runtime over real
 * HTTP: connect with a Bearer header, page through tools/list (page size 2 here), call a catalog action against a
 * local upstream, output-schema checking, a failing upstream → isError, tenant isolation, no token → 401.
 */
class McpSdkEndToEndTest {
    static McpLocalSetup setup;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(McpLocalSetup.hasNodeModule("@modelcontextprotocol/sdk"), "no MCP SDK: run npm ci --prefix local/src/test/mcp");
        System.setProperty("actgate.mcp.page-size", "2");
        setup = McpLocalSetup.start("actgate-mcp-sdk");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("actgate.mcp.page-size");
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void theOfficialSdkWorksAgainstActgate() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "sdk-e2e.mjs").directory(McpLocalSetup.NODE_DIR.toFile());
        pb.environment().put("MCP_URL", setup.url());
        pb.environment().put("ALICE_TOKEN", setup.alice);
        pb.environment().put("BOB_TOKEN", setup.bob);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node run timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> failed = new ArrayList<>();
        int checks = 0;
        for (String line : out.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode r = McpLocalSetup.JSON.readTree(line);
            checks++;
            if (!r.path("ok").asBoolean()) {
                failed.add(r.path("check").asText() + ": " + r.path("detail").asText());
            }
        }
        assertEquals(8, checks, "every SDK check ran:\n" + out + err);
        assertTrue(failed.isEmpty(), "SDK checks that failed:\n" + String.join("\n", failed));
    }
}
