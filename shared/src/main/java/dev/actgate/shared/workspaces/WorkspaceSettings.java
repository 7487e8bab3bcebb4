package dev.actgate.shared.workspaces;

/**
 * Per-workspace behaviour switches.
 *
 * @param captureBodies      when false, run logs keep request/response metadata only, never bodies
 * @param runLogRetentionDays how long run logs live before DynamoDB TTL removes them
 */
public record WorkspaceSettings(boolean captureBodies, int runLogRetentionDays) {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, DEFAULT_RETENTION_DAYS);
    }
}
