package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Per-workspace behaviour switches.
 *
 * @param captureBodies           when false, run logs keep request/response metadata only, never bodies
 * @param runLogRetentionDays     how long run logs live before DynamoDB TTL removes them; 0 means the deployment's
 *                                default ({@code actgate.run-logs.retention-days}, the template's RunLogRetentionDays)
 * @param maxTokenLifetimeSeconds (security) the longest a token may be valid, {@code exp - iat}; 0 means 24 hours
 * @param allowedOrigins          (security) origins that may embed the connect screen ({@code frame-ancestors}) and
 *                                receive its {@code redirectUri}, besides the API's own origin
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays,
                                // ---- security settings (issue 11) ----
                                long maxTokenLifetimeSeconds, List<String> allowedOrigins) {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final long DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

    public WorkspaceSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
        this(captureBodies, runLogRetentionDays, 0, List.of());
    }

    /** Settings stored without a field mean its default (bodies captured, deployment retention), never false/0 by accident. */
    @JsonCreator
    static WorkspaceSettings read(@JsonProperty("captureBodies") Boolean captureBodies,
                                  @JsonProperty("runLogRetentionDays") Integer runLogRetentionDays,
                                  @JsonProperty("maxTokenLifetimeSeconds") Long maxTokenLifetimeSeconds,
                                  @JsonProperty("allowedOrigins") List<String> allowedOrigins) {
        return new WorkspaceSettings(captureBodies == null || captureBodies, runLogRetentionDays == null ? 0 : runLogRetentionDays,
            maxTokenLifetimeSeconds == null ? 0 : maxTokenLifetimeSeconds, allowedOrigins);
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, 0);
    }

    /** The effective maximum token lifetime in seconds. */
    public long tokenLifetimeLimitSeconds() {
        return maxTokenLifetimeSeconds > 0 ? maxTokenLifetimeSeconds : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    }
}
