package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.upstream.*}: how {@link RetryPolicy} retries an external app: at most {@code max-attempts} attempts,
 * full-jitter backoff from {@code backoff-base-ms} doubling up to {@code backoff-cap-ms} (docs/retries.md).
 */
@ConfigurationProperties("actgate.upstream")
public class RetrySettings {
    private int maxAttempts = 4;
    private long backoffBaseMs = 200;
    private long backoffCapMs = 5_000;

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getBackoffBaseMs() {
        return backoffBaseMs;
    }

    public void setBackoffBaseMs(long backoffBaseMs) {
        this.backoffBaseMs = backoffBaseMs;
    }

    public long getBackoffCapMs() {
        return backoffCapMs;
    }

    public void setBackoffCapMs(long backoffCapMs) {
        this.backoffCapMs = backoffCapMs;
    }
}
