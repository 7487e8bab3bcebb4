package dev.actgate.shared.agents;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McpTransportRulesTest {
    final McpTransportRules rules = new McpTransportRules(Set.of("api.example.com"), Set.of("https://app.example.com"), false);

    @Test
    void hosts() {
        assertTrue(rules.hostProblem("localhost:8080").isEmpty());
        assertTrue(rules.hostProblem("127.0.0.1").isEmpty());
        assertTrue(rules.hostProblem("[::1]:9000").isEmpty());
        assertTrue(rules.hostProblem("api.example.com").isEmpty());
        assertTrue(rules.hostProblem("x1y2.execute-api.us-east-1.amazonaws.com").isEmpty());
        assertTrue(rules.hostProblem(null).isEmpty());
        assertFalse(rules.hostProblem("evil.example.com").isEmpty());
        assertFalse(rules.hostProblem("localhost.evil.example.com").isEmpty());
        assertFalse(rules.hostProblem("s3.amazonaws.com").isEmpty());
        assertTrue(new McpTransportRules(Set.of(), Set.of(), true).hostProblem("anything").isEmpty(), "inside Lambda");
    }

    @Test
    void origins() {
        assertTrue(rules.originProblem(null, "localhost").isEmpty(), "no Origin: not a browser");
        assertTrue(rules.originProblem("http://localhost:3000", "localhost:8080").isEmpty());
        assertTrue(rules.originProblem("https://app.example.com", "api.example.com").isEmpty(), "configured");
        assertTrue(rules.originProblem("https://api.example.com", "api.example.com").isEmpty(), "same host");
        assertFalse(rules.originProblem("http://evil.example.com", "localhost:8080").isEmpty());
        assertFalse(rules.originProblem("http://localhost:3000", "api.example.com").isEmpty(), "a local page calling a public host");
        assertFalse(rules.originProblem("null", "localhost").isEmpty());
        assertFalse(rules.originProblem("file:///x", "localhost").isEmpty());
        assertTrue(new McpTransportRules(Set.of(), Set.of("*"), false).originProblem("https://any.where", "h").isEmpty());
    }

    @Test
    void headers() {
        assertTrue(McpTransportRules.versionProblem(null).isEmpty());
        assertTrue(McpTransportRules.versionProblem("2025-06-18").isEmpty());
        assertFalse(McpTransportRules.versionProblem("2024-11-05").isEmpty());
        assertTrue(McpTransportRules.acceptsJson("application/json, text/event-stream"));
        assertTrue(McpTransportRules.acceptsJson("*/*"));
        assertTrue(McpTransportRules.acceptsJson(null));
        assertFalse(McpTransportRules.acceptsJson("text/event-stream"));
        assertTrue(McpTransportRules.isJson("application/json; charset=utf-8"));
        assertFalse(McpTransportRules.isJson("text/plain"));
        assertFalse(McpTransportRules.isJson(null));
    }
}
