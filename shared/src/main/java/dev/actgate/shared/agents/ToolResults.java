package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ToolOutcome} as an MCP {@code CallToolResult} ({@code content}, {@code structuredContent},
 * {@code isError}, {@code _meta}). Failures of the action itself (the app's error, arguments that break the schema,
 * a disconnected connection, an approval still pending) are results with {@code isError: true} and text a model can
 * act on, never protocol errors: that is how the LLM gets to correct itself or tell the user what to do.
 */
public final class ToolResults {
    public static final String META_RUN_ID = "dev.actgate/actionRunId";
    public static final String META_ERROR = "dev.actgate/error";
    public static final String META_APPROVAL = "dev.actgate/approval";
    static final int MAX_TEXT_CHARS = 200_000;

    private ToolResults() {
    }

    public static ObjectNode render(AgentTool tool, ToolOutcome outcome) {
        if (outcome instanceof ToolOutcome.Done d) {
            return done(tool, d);
        }
        if (outcome instanceof ToolOutcome.Failed f) {
            return failed(tool, f);
        }
        return approval((ToolOutcome.ApprovalRequired) outcome);
    }

    public static ObjectNode text(String text, boolean isError) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putArray("content").addObject().put("type", "text").put("text", text);
        r.put("isError", isError);
        return r;
    }

    /** A successful meta-tool answer: the JSON as text and as structuredContent. */
    public static ObjectNode structured(ObjectNode value) {
        ObjectNode r = text(value.toString(), false);
        r.set("structuredContent", value);
        return r;
    }

    private static ObjectNode done(AgentTool tool, ToolOutcome.Done d) {
        JsonNode output = d.output() == null ? JsonNodeFactory.instance.nullNode() : d.output();
        String json = output.toString();
        if (d.outputProblem() != null) {
            ObjectNode r = text("The action ran (run " + d.actionRunId() + ") but its output does not match the tool's outputSchema: "
                + d.outputProblem() + "\nOutput: " + cut(json), true);
            r.putObject("_meta").put(META_RUN_ID, d.actionRunId());
            return r;
        }
        ObjectNode r = text(cut(json), false);
        if (tool.outputSchema() != null && output.isObject()) {
            r.set("structuredContent", output);
        }
        r.putObject("_meta").put(META_RUN_ID, d.actionRunId());
        return r;
    }

    private static ObjectNode failed(AgentTool tool, ToolOutcome.Failed f) {
        StringBuilder text = new StringBuilder();
        JsonNode data = f.data() == null ? JsonNodeFactory.instance.missingNode() : f.data();
        switch (f.code()) {
            case "VALIDATION_ERROR" -> {
                JsonNode violations = data.path("violations");
                if (violations.isArray() && !violations.isEmpty()) {
                    text.append("The arguments do not match the tool's inputSchema (").append(violations.size())
                        .append(violations.size() == 1 ? " problem" : " problems").append("):");
                    for (JsonNode v : violations) {
                        String pointer = v.path("pointer").asText("/");
                        if (tool.wrapsInput() && !pointer.startsWith("/input")) {
                            pointer = "/input" + (pointer.equals("/") ? "" : pointer);
                        }
                        text.append("\n- ").append(pointer).append(": ").append(v.path("message").asText());
                    }
                    text.append("\nFix the arguments and call the tool again.");
                } else {
                    text.append("Invalid request: ").append(f.message());
                }
            }
            case "CONNECTION_DISCONNECTED" -> text.append("The connection")
                .append(tool.target() == null ? "" : " '" + tool.target().connectionKey() + "' to "
                    + tool.target().integrationName())
                .append(" is disconnected, so nothing was sent. ").append(f.message())
                .append("\nThe user must reconnect it (in the application's connect screen, or POST /screens/connect with ")
                .append("this connectionId) before this tool can work; then call it again.");
            case "CONNECTION_NOT_READY" -> text.append(f.message())
                .append("\nThe user must finish connecting this account before this tool can work.");
            case "UPSTREAM_ERROR", "UPSTREAM_RATE_LIMITED" -> {
                text.append(tool.target() == null ? "The external app" : tool.target().integrationName()).append(" refused the request: ")
                    .append(f.message());
                JsonNode body = data.path("body");
                if (!body.isMissingNode() && !body.isNull()) {
                    text.append("\nIts answer: ").append(cut(body.isTextual() ? body.asText() : body.toString()));
                }
            }
            default -> text.append(f.code()).append(": ").append(f.message());
        }
        if (f.actionRunId() != null) {
            text.append("\n(actionRunId ").append(f.actionRunId()).append(")");
        }
        ObjectNode r = text(cut(text.toString()), true);
        ObjectNode meta = r.putObject("_meta");
        ObjectNode err = meta.putObject(META_ERROR).put("code", f.code()).put("message", f.message());
        if (f.attribution() != null) {
            err.put("attribution", f.attribution());
        }
        if (f.data() != null && !f.data().isNull()) {
            err.set("data", f.data());
        }
        if (f.actionRunId() != null) {
            meta.put(META_RUN_ID, f.actionRunId());
        }
        return r;
    }

    private static ObjectNode approval(ToolOutcome.ApprovalRequired a) {
        JsonNode ap = a.approval() == null ? JsonNodeFactory.instance.objectNode() : a.approval();
        String url = ap.path("approvalUrl").asText("(no approval URL)");
        String key = ap.path("retry").path("idempotencyKey").asText(null);
        StringBuilder text = new StringBuilder("Not run yet: a person must approve this action first at ").append(url);
        if (ap.hasNonNull("expiresAt")) {
            text.append(" (before ").append(ap.get("expiresAt").asText()).append(")");
        }
        text.append(". Nothing was sent to the external app. After it is approved, call this tool again with the same arguments");
        if (key != null) {
            text.append(" and _meta {\"idempotencyKey\": \"").append(key).append("\"}");
        }
        text.append(".");
        ObjectNode r = text(text.toString(), true);
        r.putObject("_meta").set(META_APPROVAL, ap);
        return r;
    }

    static String cut(String s) {
        return s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS) + "… (cut at " + MAX_TEXT_CHARS + " characters)";
    }
}
