package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;

/** What running a tool through the engine came to, before it is rendered as a tool result. */
public sealed interface ToolOutcome {
    /**
     * The action ran.
     *
     * @param outputProblem why the output does not match the tool's outputSchema, or null
     */
    record Done(JsonNode output, String actionRunId, String outputProblem) implements ToolOutcome {
    }

    /** The engine refused or the run failed: the error in actgate's one shape. */
    record Failed(String code, String message, String attribution, JsonNode data, String actionRunId) implements ToolOutcome {
    }

    /** An approval policy holds the run: nothing reached the external app yet. */
    record ApprovalRequired(String message, JsonNode approval) implements ToolOutcome {
    }
}
