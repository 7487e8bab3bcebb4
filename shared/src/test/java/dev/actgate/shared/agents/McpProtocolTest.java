package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McpProtocolTest {
    final List<String> calls = new ArrayList<>();
    String scope = "scope-a";
    List<AgentTool> tools = IntStream.range(0, 7).mapToObj(i -> ToolNamesTest.tool("t" + i, "id" + i)).toList();

    final McpProtocol.Backend backend = new McpProtocol.Backend() {
        @Override
        public List<AgentTool> listed() {
            return tools;
        }

        @Override
        public Optional<AgentTool> find(String name) {
            return tools.stream().filter(t -> t.name().equals(name)).findFirst();
        }

        @Override
        public ObjectNode call(AgentTool tool, ObjectNode arguments, String idempotencyKey) {
            calls.add(tool.name() + " " + arguments + " " + idempotencyKey);
            return ToolResults.text("ok", false);
        }

        @Override
        public String listScope() {
            return scope;
        }
    };
    final McpProtocol protocol = new McpProtocol("1.2.3", 3, 1_000_000);

    McpProtocol.Reply send(String body) {
        return protocol.handle(body, backend);
    }

    @Test
    void messageKinds() {
        assertEquals(400, send("{bad").status());
        assertEquals(-32700, send("{bad").body().at("/error/code").asInt());
        assertEquals(400, send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").status(), "no batches");
        assertEquals(400, send("{\"id\":1,\"method\":\"ping\"}").status(), "jsonrpc 2.0 required");
        assertEquals(400, send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}").status(), "id never null");
        assertEquals(400, send("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}").status());
        McpProtocol.Reply n = send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, n.status());
        assertNull(n.body());
        assertEquals(202, send("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{}}").status());
        McpProtocol.Reply ping = send("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\"}");
        assertEquals(200, ping.status());
        assertEquals("abc", ping.body().path("id").asText(), "string ids are echoed");
        JsonNode unknown = send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}").body();
        assertEquals(-32601, unknown.at("/error/code").asInt());
        assertEquals(2, unknown.path("id").asInt());
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":[1]}").body().at("/error/code").asInt());
    }

    @Test
    void initializeNegotiatesTheVersion() {
        JsonNode r = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}").body();
        assertEquals("2025-06-18", r.at("/result/protocolVersion").asText());
        assertEquals("1.2.3", r.at("/result/serverInfo/version").asText());
        assertFalse(r.at("/result/capabilities/tools/listChanged").asBoolean(true));
        assertEquals(McpProtocol.LATEST, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2030-01-01\"}}")
            .body().at("/result/protocolVersion").asText());
    }

    @Test
    void pagingIsKeysetOverSortedNames() {
        JsonNode p1 = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").body().get("result");
        assertEquals(List.of("t0", "t1", "t2"), names(p1));
        JsonNode p2 = page(p1.get("nextCursor").asText());
        assertEquals(List.of("t3", "t4", "t5"), names(p2));
        // a tool removed and one added between pages: the next page still starts after the last name seen
        tools = new ArrayList<>(tools);
        ((List<AgentTool>) tools).remove(0);
        ((List<AgentTool>) tools).add(ToolNamesTest.tool("t55", "x"));
        ((List<AgentTool>) tools).sort(java.util.Comparator.comparing(AgentTool::name));
        JsonNode p3 = page(p2.get("nextCursor").asText());
        assertEquals(List.of("t55", "t6"), names(p3));
        assertFalse(p3.has("nextCursor"));
        scope = "scope-b";
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\""
            + p1.get("nextCursor").asText() + "\"}}").body().at("/error/code").asInt(), "a cursor is bound to its filters");
    }

    @Test
    void pagesAreBoundedByBytesToo() {
        McpProtocol small = new McpProtocol("1", 100, 10_000);
        ObjectNode big = JsonNodeFactory.instance.objectNode().put("type", "object").put("description", "x".repeat(4_000));
        tools = IntStream.range(0, 5).mapToObj(i -> new AgentTool("b" + i, "b" + i, null, "d", big, null, AgentTool.Annotations.META_READ,
            AgentTool.Kind.ACTION, null, false)).toList();
        JsonNode p = small.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", backend).body().get("result");
        assertEquals(2, p.get("tools").size());
        assertTrue(p.has("nextCursor"));
    }

    @Test
    void toolsCallChecksParamsAndPassesTheIdempotencyKey() {
        JsonNode ok = send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t1\",\"arguments\":{\"a\":1},"
            + "\"_meta\":{\"idempotencyKey\":\"k-1\"}}}").body();
        assertEquals("ok", ok.at("/result/content/0/text").asText());
        assertEquals(List.of("t1 {\"a\":1} k-1"), calls);
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"zz\"}}").body().at("/error/code").asInt());
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t1\",\"arguments\":[]}}").body().at("/error/code").asInt());
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}").body().at("/error/code").asInt());
        assertEquals(-32602, send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t1\",\"_meta\":{\"idempotencyKey\":5}}}")
            .body().at("/error/code").asInt());
        assertEquals(1, calls.size(), "nothing ran for the bad ones");
    }

    JsonNode page(String cursor) {
        return send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"" + cursor + "\"}}").body().get("result");
    }

    static List<String> names(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("tools").forEach(t -> out.add(t.get("name").asText()));
        return out;
    }
}
