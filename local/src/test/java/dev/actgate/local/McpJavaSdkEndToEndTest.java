package dev.actgate.local;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Java SDK's client (io.modelcontextprotocol.sdk 2.1.0, Streamable HTTP) against the local runtime:
 * initialize with a Bearer header, page through tools/list, call a catalog action against a local upstream and read
 * its output, a failing upstream → isError, tenant B cannot call tenant A's tool.
 */
class McpJavaSdkEndToEndTest {
    static McpLocalSetup setup;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("actgate.mcp.page-size", "2");
        setup = McpLocalSetup.start("actgate-mcp-java");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("actgate.mcp.page-size");
        if (setup != null) {
            setup.close();
        }
    }

    static McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + setup.runtime.port())
            .endpoint("/mcp").requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void theOfficialJavaSdkDoesTheSameRoundTrip() {
        try (McpSyncClient alice = client(setup.alice)) {
            McpSchema.InitializeResult init = alice.initialize();
            assertEquals("actgate", init.serverInfo().name());
            assertFalse(init.capabilities().tools().listChanged());

            List<String> names = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                McpSchema.ListToolsResult page = alice.listTools(cursor); // one page (listTools() without a cursor collects all pages)
                page.tools().forEach(t -> names.add(t.name()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 100);
            assertTrue(pages > 1, "paged (page size 2): " + names);
            assertTrue(names.contains("stripe_get-customer") && names.contains("crm_create-contact"), names.toString());
            assertEquals(names.size(), new java.util.HashSet<>(names).size());

            McpSchema.CallToolResult ok = alice.callTool(new McpSchema.CallToolRequest("stripe_get-customer", Map.of("customerId", "cus_java")));
            assertFalse(Boolean.TRUE.equals(ok.isError()), text(ok));
            assertTrue(text(ok).contains("/stripe/customers/cus_java"), text(ok));

            McpSchema.CallToolResult structured = alice.callTool(new McpSchema.CallToolRequest("crm_create-contact", Map.of("name", "Ada")));
            assertFalse(Boolean.TRUE.equals(structured.isError()), text(structured));
            assertEquals("c_1", ((Map<?, ?>) structured.structuredContent()).get("id"));

            McpSchema.CallToolResult failed = alice.callTool(new McpSchema.CallToolRequest("stripe_get-customer", Map.of("customerId", "missing")));
            assertTrue(failed.isError());
            assertTrue(text(failed).contains("404"), text(failed));
        }
        try (McpSyncClient bob = client(setup.bob)) {
            bob.initialize();
            assertFalse(bob.listTools().tools().stream().anyMatch(t -> t.name().startsWith("stripe_")));
            assertThrows(RuntimeException.class, () -> bob.callTool(new McpSchema.CallToolRequest("stripe_get-customer",
                Map.of("customerId", "cus_1"))), "tenant A's tool is unknown to tenant B");
        }
    }
}
