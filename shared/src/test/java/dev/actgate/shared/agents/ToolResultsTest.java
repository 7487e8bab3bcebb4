package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.connections.ConnectionState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AgentTool.Target TARGET = new AgentTool.Target("conn_1", "alice-crm", "CRM", ConnectionState.READY, "crm", "Acme CRM",
        "act_1", "create", "integration");

    static AgentTool tool(ObjectNode outputSchema, boolean wraps) {
        return new AgentTool("crm_create", "i", "Acme CRM: Create", "d", JsonNodeFactory.instance.objectNode().put("type", "object"),
            outputSchema, AgentTool.Annotations.META_READ, AgentTool.Kind.ACTION, TARGET, wraps);
    }

    @Test
    void successCarriesTextStructuredContentAndTheRunId() throws Exception {
        ObjectNode out = ToolResults.render(tool(JsonNodeFactory.instance.objectNode().put("type", "object"), false),
            new ToolOutcome.Done(JSON.readTree("{\"id\":\"c1\"}"), "run_1", null));
        assertFalse(out.path("isError").asBoolean());
        assertEquals("{\"id\":\"c1\"}", out.at("/content/0/text").asText());
        assertEquals("c1", out.at("/structuredContent/id").asText());
        assertEquals("run_1", out.at("/_meta/dev.actgate~1actionRunId").asText());
        ObjectNode noSchema = ToolResults.render(tool(null, false), new ToolOutcome.Done(JSON.readTree("[1,2]"), "run_2", null));
        assertFalse(noSchema.has("structuredContent"));
        ObjectNode mismatch = ToolResults.render(tool(JsonNodeFactory.instance.objectNode().put("type", "object"), false),
            new ToolOutcome.Done(JSON.readTree("{\"id\":1}"), "run_3", "/id integer found"));
        assertTrue(mismatch.path("isError").asBoolean());
        assertFalse(mismatch.has("structuredContent"));
    }

    @Test
    void failuresAreReadable() throws Exception {
        JsonNode violations = JSON.valueToTree(Map.of("violations", java.util.List.of(
            Map.of("pointer", "/name", "message", "required property 'name' not found"),
            Map.of("pointer", "/", "message", "x"))));
        ObjectNode v = ToolResults.render(tool(null, true), new ToolOutcome.Failed("VALIDATION_ERROR", "m", "caller", violations, "run_9"));
        String text = v.at("/content/0/text").asText();
        assertTrue(v.path("isError").asBoolean());
        assertTrue(text.contains("2 problems") && text.contains("/input/name") && text.contains("run_9"), text);
        ObjectNode d = ToolResults.render(tool(null, false), new ToolOutcome.Failed("CONNECTION_DISCONNECTED",
            "Connection 'alice-crm' is disconnected: token revoked", "external_app", null, "run_8"));
        assertTrue(d.at("/content/0/text").asText().contains("reconnect"));
        assertEquals("CONNECTION_DISCONNECTED", d.at("/_meta/dev.actgate~1error/code").asText());
        ObjectNode u = ToolResults.render(tool(null, false), new ToolOutcome.Failed("UPSTREAM_ERROR", "The external app answered 404",
            "external_app", JSON.readTree("{\"status\":404,\"body\":{\"error\":\"no such contact\"}}"), "run_7"));
        assertTrue(u.at("/content/0/text").asText().contains("Acme CRM") && u.at("/content/0/text").asText().contains("no such contact"));
    }

    @Test
    void anApprovalHoldSaysWhereToApproveAndHowToRetry() throws Exception {
        JsonNode approval = JSON.readTree("{\"id\":\"apr_1\",\"status\":\"pending\",\"approvalUrl\":\"https://gw.example/approvals/apr_1\","
            + "\"expiresAt\":\"2026-12-02T00:00:00Z\",\"retry\":{\"idempotencyKey\":\"idem-42\"}}");
        ObjectNode r = ToolResults.render(tool(null, false), new ToolOutcome.ApprovalRequired("held", approval));
        String text = r.at("/content/0/text").asText();
        assertTrue(r.path("isError").asBoolean(), "not a success: the action has not run");
        assertTrue(text.contains("https://gw.example/approvals/apr_1") && text.contains("idem-42") && text.contains("same arguments"), text);
        assertEquals("apr_1", r.at("/_meta/dev.actgate~1approval/id").asText());
    }
}
