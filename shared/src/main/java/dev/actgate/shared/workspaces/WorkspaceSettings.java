package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-workspace behaviour switches.
 *
 * @param captureBodies       when false, run logs keep request/response metadata only, never bodies
 * @param runLogRetentionDays how long run logs live before DynamoDB TTL removes them; 0 means the deployment's
 *                            default ({@code actgate.run-logs.retention-days}, the template's RunLogRetentionDays)
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    /** Settings stored without a field mean its default (bodies captured, deployment retention), never false/0 by accident. */
    @JsonCreator
    static WorkspaceSettings read(@JsonProperty("captureBodies") Boolean captureBodies,
                                  @JsonProperty("runLogRetentionDays") Integer runLogRetentionDays) {
        return new WorkspaceSettings(captureBodies == null || captureBodies, runLogRetentionDays == null ? 0 : runLogRetentionDays);
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, 0);
    }
}
