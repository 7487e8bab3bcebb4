package dev.actgate.shared.approvals;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.approvals.*}: deployment-wide approval settings (workspaces choose their rules and webhook).
 *
 * @param defaultExpiresMinutes how long a person has to decide when the rule names no expiresInMinutes
 * @param retentionDays         decided and expired approvals stay readable this long after expiresAt, then DynamoDB
 *                              TTL removes them
 * @param policyCacheMs         a warm function re-reads a workspace's rules at most this often (writes through this
 *                              function apply at once)
 * @param webhookAttempts       webhook delivery: attempts per event
 * @param webhookBackoffMs      the first backoff between attempts
 * @param webhookBudgetMs       the total time one event may take
 * @param webhookTimeoutMs      the timeout of one attempt
 */
@ConfigurationProperties("actgate.approvals")
public record ApprovalSettings(@Bindable(defaultValue = "1440") int defaultExpiresMinutes,
                               @Bindable(defaultValue = "7") int retentionDays,
                               @Bindable(defaultValue = "2000") long policyCacheMs,
                               @Bindable(defaultValue = "4") int webhookAttempts,
                               @Bindable(defaultValue = "500") long webhookBackoffMs,
                               @Bindable(defaultValue = "20000") long webhookBudgetMs,
                               @Bindable(defaultValue = "5000") long webhookTimeoutMs) {
}
