package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.actgate.shared.agents.AgentAccess;

/**
 * Per-workspace behaviour switches.
 *
 * @param captureBodies       when false, run logs keep request/response metadata only, never bodies
 * @param runLogRetentionDays how long run logs live before DynamoDB TTL removes them; 0 means the deployment's
 *                            default ({@code actgate.run-logs.retention-days}, the template's RunLogRetentionDays)
 * @param agents              what AI agents may see as tools (docs/mcp.md); absent means {@link AgentAccess#defaults()}
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, AgentAccess agents) {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public WorkspaceSettings {
        agents = agents == null ? AgentAccess.defaults() : agents;
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
        this(captureBodies, runLogRetentionDays, AgentAccess.defaults());
    }

    public WorkspaceSettings withAgents(AgentAccess next) {
        return new WorkspaceSettings(captureBodies, runLogRetentionDays, next);
    }

    /** Settings stored without a field mean its default (bodies captured, deployment retention), never false/0 by accident. */
    @JsonCreator
    static WorkspaceSettings read(@JsonProperty("captureBodies") Boolean captureBodies,
                                  @JsonProperty("runLogRetentionDays") Integer runLogRetentionDays,
                                  @JsonProperty("agents") AgentAccess agents) {
        return new WorkspaceSettings(captureBodies == null || captureBodies, runLogRetentionDays == null ? 0 : runLogRetentionDays,
            agents);
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, 0);
    }
}
