package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.sandbox.*}: the limits of a {@code code} run in the JavaScript sandbox (docs/javascript-sandbox.md):
 * wall time, statements executed, and the size of the returned output.
 */
@ConfigurationProperties("actgate.sandbox")
public class SandboxSettings {
    private long timeoutMs = 10_000;
    private long statementLimit = 50_000_000;
    private int maxOutputBytes = 1_048_576;

    public long getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public long getStatementLimit() {
        return statementLimit;
    }

    public void setStatementLimit(long statementLimit) {
        this.statementLimit = statementLimit;
    }

    public int getMaxOutputBytes() {
        return maxOutputBytes;
    }

    public void setMaxOutputBytes(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
    }
}
