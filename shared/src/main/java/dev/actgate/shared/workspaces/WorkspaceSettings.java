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
 * @param approverClaim       a token claim that, when {@code true}, lets a non-manager token decide approvals of its
 *                            own tenant (docs/approvals.md); null: only manager tokens decide
 * @param agents              what AI agents may see as tools (docs/mcp.md); absent means {@link AgentAccess#defaults()}
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, String approverClaim, AgentAccess agents) {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public WorkspaceSettings {
        agents = agents == null ? AgentAccess.defaults() : agents;
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
        this(captureBodies, runLogRetentionDays, null, AgentAccess.defaults());
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, String approverClaim) {
        this(captureBodies, runLogRetentionDays, approverClaim, AgentAccess.defaults());
    }

    public WorkspaceSettings withAgents(AgentAccess next) {
        return new WorkspaceSettings(captureBodies, runLogRetentionDays, approverClaim, next);
    }

    public WorkspaceSettings withApproverClaim(String claim) {
        return new WorkspaceSettings(captureBodies, runLogRetentionDays, claim, agents);
    }

    /** Settings stored without a field mean its default (bodies captured, deployment retention), never false/0 by accident. */
    @JsonCreator
    static WorkspaceSettings read(@JsonProperty("captureBodies") Boolean captureBodies,
                                  @JsonProperty("runLogRetentionDays") Integer runLogRetentionDays,
                                  @JsonProperty("approverClaim") String approverClaim,
                                  @JsonProperty("agents") AgentAccess agents) {
        return new WorkspaceSettings(captureBodies == null || captureBodies, runLogRetentionDays == null ? 0 : runLogRetentionDays,
            approverClaim, agents);
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, 0);
    }
}
