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
 * </ul>
 * ({@code actgate.run-logs.retention-days} is read by the act engine.)
 */
@ConfigurationProperties("actgate.run-logs")
public class RunLogSettings {
    public static final int DEFAULT_WORKSPACE_SHARDS = 8;
    public static final int MAX_WORKSPACE_SHARDS = 64;

    private int workspaceShards = DEFAULT_WORKSPACE_SHARDS;

    public int getWorkspaceShards() {
        return workspaceShards;
    }

    public void setWorkspaceShards(int workspaceShards) {
        this.workspaceShards = Math.max(1, Math.min(MAX_WORKSPACE_SHARDS, workspaceShards));
    }
}
