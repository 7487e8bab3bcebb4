package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;

/**
 * Runs a tool's {@code /act} body through the one engine (the act function implements it with
 * {@code ActEngine.act(caller, body, door, idempotencyKey)}), so an agent's call resolves, validates, retries,
 * redacts and logs exactly like {@code POST /act}. Never throws for a failed run: failures are outcomes.
 */
public interface ToolRunner {
    ToolOutcome run(Caller caller, AgentTool tool, ObjectNode actBody, String idempotencyKey);
}
