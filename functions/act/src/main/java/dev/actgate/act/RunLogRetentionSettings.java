package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.run-logs.retention-days}: how long a run log is kept when its workspace names no retention of its
 * own (the template parameter RunLogRetentionDays); written as the item's expiry by the act function.
 */
@ConfigurationProperties("actgate.run-logs")
public class RunLogRetentionSettings {
    private int retentionDays = 30;

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }
}
