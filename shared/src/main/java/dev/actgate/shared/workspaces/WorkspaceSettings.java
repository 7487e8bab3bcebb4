package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.actgate.shared.agents.AgentAccess;

import java.util.List;

/**
 * Per-workspace behaviour switches.
 *
 * @param captureBodies           when false, run logs keep request/response metadata only, never bodies
 * @param runLogRetentionDays     how long run logs live before DynamoDB TTL removes them; 0 means the deployment's
 *                                default ({@code actgate.run-logs.retention-days}, the template's RunLogRetentionDays)
 * @param approverClaim           a token claim that, when {@code true}, lets a non-manager token decide approvals of its
 *                                own tenant (docs/approvals.md); null: only manager tokens decide
 * @param agents                  what AI agents may see as tools (docs/mcp.md); absent means {@link AgentAccess#defaults()}
 * @param maxTokenLifetimeSeconds the longest a token may be valid, {@code exp - iat}; 0 means 24 hours (docs/auth.md)
 * @param allowedOrigins          origins that may embed the connect screen ({@code frame-ancestors}) and receive its
 *                                {@code redirectUri}, besides the API's own origin (docs/connections.md)
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, String approverClaim, AgentAccess agents,
                                long maxTokenLifetimeSeconds, List<String> allowedOrigins) {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final long DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

    public WorkspaceSettings {
        agents = agents == null ? AgentAccess.defaults() : agents;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
        this(captureBodies, runLogRetentionDays, null, AgentAccess.defaults(), 0, List.of());
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, String approverClaim) {
        this(captureBodies, runLogRetentionDays, approverClaim, AgentAccess.defaults(), 0, List.of());
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays, long maxTokenLifetimeSeconds, List<String> allowedOrigins) {
        this(captureBodies, runLogRetentionDays, null, AgentAccess.defaults(), maxTokenLifetimeSeconds, allowedOrigins);
    }

    public WorkspaceSettings withAgents(AgentAccess next) {
        return new WorkspaceSettings(captureBodies, runLogRetentionDays, approverClaim, next, maxTokenLifetimeSeconds, allowedOrigins);
    }

    public WorkspaceSettings withApproverClaim(String claim) {
        return new WorkspaceSettings(captureBodies, runLogRetentionDays, claim, agents, maxTokenLifetimeSeconds, allowedOrigins);
    }

    /** Settings stored without a field mean its default (bodies captured, deployment retention), never false/0 by accident. */
    @JsonCreator
    static WorkspaceSettings read(@JsonProperty("captureBodies") Boolean captureBodies,
                                  @JsonProperty("runLogRetentionDays") Integer runLogRetentionDays,
                                  @JsonProperty("approverClaim") String approverClaim,
                                  @JsonProperty("agents") AgentAccess agents,
                                  @JsonProperty("maxTokenLifetimeSeconds") Long maxTokenLifetimeSeconds,
                                  @JsonProperty("allowedOrigins") List<String> allowedOrigins) {
        return new WorkspaceSettings(captureBodies == null || captureBodies, runLogRetentionDays == null ? 0 : runLogRetentionDays,
            approverClaim, agents, maxTokenLifetimeSeconds == null ? 0 : maxTokenLifetimeSeconds, allowedOrigins);
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, 0);
    }

    /** The effective maximum token lifetime in seconds. */
    public long tokenLifetimeLimitSeconds() {
        return maxTokenLifetimeSeconds > 0 ? maxTokenLifetimeSeconds : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    }
}
