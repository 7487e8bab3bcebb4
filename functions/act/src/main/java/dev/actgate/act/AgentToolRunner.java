package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.agents.AgentTool;
import dev.actgate.shared.agents.ToolOutcome;
import dev.actgate.shared.agents.ToolRunner;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.idempotency.IdempotencyService;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Runs agent tool calls through {@link ActEngine#act} (door {@code mcp} or {@code tools}), with the same
 * idempotency as {@code POST /act} (same route scope and fingerprint of the {@code /act} body, so a retry with
 * the same key replays the stored answer, whichever door it comes through). Then checks the output against the
 * tool's outputSchema: MCP clients reject {@code structuredContent} that does not conform, so a mismatch becomes
 * an error result that still carries the output as text.
 */
@Singleton
public class AgentToolRunner {
    private final ActEngine engine;
    private final IdempotencyService idempotency;
    private final InputValidator validator;
    private final ObjectMapper json;

    public AgentToolRunner(ActEngine engine, IdempotencyService idempotency, InputValidator validator, ObjectMapper json) {
        this.engine = engine;
        this.idempotency = idempotency;
        this.validator = validator;
        this.json = json;
    }

    public ToolRunner door(String door) {
        return (caller, tool, body, key) -> run(door, caller, tool, body, key);
    }

    ToolOutcome run(String door, Caller caller, AgentTool tool, ObjectNode body, String key) {
        try {
            if (key == null) {
                ActEngine.ActResult r = engine.act(caller, body, door, null);
                return done(tool, r.output(), r.actionRunId());
            }
            MutableHttpResponse<?> response = idempotency.run(caller, "POST /act", key, idempotency.fingerprint("POST", "/act", null, body),
                () -> new IdempotencyService.Outcome(200, engine.act(caller, body, door, key)));
            JsonNode answer = read(response.getBody().orElse(null));
            if (response.code() == 200) {
                return done(tool, answer.get("output"), answer.path("actionRunId").asText(null));
            }
            if (ErrorCode.APPROVAL_REQUIRED.name().equals(answer.path("code").asText())) {
                return new ToolOutcome.ApprovalRequired(answer.path("message").asText(), answer.get("data"));
            }
            return new ToolOutcome.Failed(answer.path("code").asText("INTERNAL_ERROR"), answer.path("message").asText(),
                answer.path("attribution").asText(null), answer.get("data"), answer.path("actionRunId").asText(null));
        } catch (ApprovalRequiredException e) {
            return new ToolOutcome.ApprovalRequired(e.getMessage(), json.valueToTree(e.approval()));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.APPROVAL_REQUIRED) {
                return new ToolOutcome.ApprovalRequired(e.getMessage(), json.valueToTree(e.data()));
            }
            return new ToolOutcome.Failed(e.code().name(), e.getMessage(), e.code().attribution().wire(),
                e.data() == null ? null : json.valueToTree(e.data()), e.actionRunId());
        }
    }

    private ToolOutcome done(AgentTool tool, JsonNode output, String runId) {
        String problem = null;
        if (tool.outputSchema() != null) {
            try {
                validator.validate(tool.outputSchema(), output, "output");
            } catch (ApiException e) {
                problem = e.getMessage().replace("the action's inputSchema", "the outputSchema");
            }
        }
        return new ToolOutcome.Done(output, runId, problem);
    }

    private JsonNode read(Object body) {
        try {
            if (body instanceof String s) {
                return json.readTree(s);
            }
            return json.valueToTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Stored idempotent answer is not JSON", e);
        }
    }
}
