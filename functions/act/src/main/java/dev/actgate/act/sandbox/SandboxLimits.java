package dev.actgate.act.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-run limits. Any of them ending a run is {@code CUSTOM_CODE_TIMEOUT} (the output limit is
 * {@code OUTPUT_TOO_LARGE}).
 *
 * @param timeout            wall-clock time for the whole run, host calls included
 * @param statementLimit     JavaScript statements the run may execute (bounds CPU independently of host speed)
 * @param maxOutputBytes     size of the output's JSON (UTF-8)
 * @param maxHeapGrowthBytes how far JVM heap use may grow during the run before it is cancelled
 */
public record SandboxLimits(Duration timeout, long statementLimit, int maxOutputBytes, long maxHeapGrowthBytes) {

    public SandboxLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (statementLimit <= 0 || maxOutputBytes <= 0 || maxHeapGrowthBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 10 s leaves most of API Gateway's 30 s integration timeout to the rest of the request. */
    public static SandboxLimits defaults() {
        return new SandboxLimits(Duration.ofSeconds(10), 50_000_000L, 1024 * 1024, 256L * 1024 * 1024);
    }
}
