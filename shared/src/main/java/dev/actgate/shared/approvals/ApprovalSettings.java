package dev.actgate.shared.approvals;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code actgate.approvals.*}: deployment-wide approval settings (workspaces choose their rules and webhook). */
@ConfigurationProperties("actgate.approvals")
public class ApprovalSettings {
    /** How long a person has to decide when the rule names no expiresInMinutes. */
    private int defaultExpiresMinutes = 24 * 60;
    /** Decided and expired approvals stay readable this long after expiresAt, then DynamoDB TTL removes them. */
    private int retentionDays = 7;
    /** A warm function re-reads a workspace's rules at most this often (writes through this function apply at once). */
    private long policyCacheMs = 2000;
    /** Webhook delivery: attempts per event, first backoff, and the total time one event may take. */
    private int webhookAttempts = 4;
    private long webhookBackoffMs = 500;
    private long webhookBudgetMs = 20_000;
    private long webhookTimeoutMs = 5000;

    public int getDefaultExpiresMinutes() { return defaultExpiresMinutes; }
    public void setDefaultExpiresMinutes(int v) { this.defaultExpiresMinutes = v; }
    public int getRetentionDays() { return retentionDays; }
    public void setRetentionDays(int v) { this.retentionDays = v; }
    public long getPolicyCacheMs() { return policyCacheMs; }
    public void setPolicyCacheMs(long v) { this.policyCacheMs = v; }
    public int getWebhookAttempts() { return webhookAttempts; }
    public void setWebhookAttempts(int v) { this.webhookAttempts = v; }
    public long getWebhookBackoffMs() { return webhookBackoffMs; }
    public void setWebhookBackoffMs(long v) { this.webhookBackoffMs = v; }
    public long getWebhookBudgetMs() { return webhookBudgetMs; }
    public void setWebhookBudgetMs(long v) { this.webhookBudgetMs = v; }
    public long getWebhookTimeoutMs() { return webhookTimeoutMs; }
    public void setWebhookTimeoutMs(long v) { this.webhookTimeoutMs = v; }
}
