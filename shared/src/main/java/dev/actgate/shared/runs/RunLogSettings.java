package dev.actgate.shared.runs;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.run-logs.*}: how run logs are stored.
 * <ul>
 *   <li>{@code workspace-shards} (env {@code ACTGATE_RUN_LOGS_WORKSPACE_SHARDS}, default 8, 1 to 64): how many
 *       partitions of the manager-wide index one workspace's runs are spread over. Each index partition takes about
 *       1,000 write units a second, so a workspace holds about that many run logs a second per shard
 *       (docs/storage.md). Raise it on a live table, never lower it: runs keep the shard they were written to, and
 *       a lower count would leave the higher shards out of the listing.</li>
 *   <li>{@code retention-days} (env {@code ACTGATE_RUN_LOGS_RETENTION_DAYS}, default 30): how long a run log is kept
 *       when its workspace names no retention of its own (the template parameter RunLogRetentionDays); the act
 *       engine writes it as the item's expiry.</li>
 * </ul>
 */
@ConfigurationProperties("actgate.run-logs")
public class RunLogSettings {
    public static final int DEFAULT_WORKSPACE_SHARDS = 8;
    public static final int MAX_WORKSPACE_SHARDS = 64;

    private int workspaceShards = DEFAULT_WORKSPACE_SHARDS;
    private int retentionDays = 30;

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    public int getWorkspaceShards() {
        return workspaceShards;
    }

    public void setWorkspaceShards(int workspaceShards) {
        this.workspaceShards = Math.max(1, Math.min(MAX_WORKSPACE_SHARDS, workspaceShards));
    }
}
