package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.upstream.*}: how {@link RetryPolicy} retries an external app: at most {@code max-attempts} attempts,
 * full-jitter backoff from {@code backoff-base-ms} doubling up to {@code backoff-cap-ms} (docs/retries.md).
 */
@ConfigurationProperties("actgate.upstream")
public record RetrySettings(@Bindable(defaultValue = "4") int maxAttempts,
                            @Bindable(defaultValue = "200") long backoffBaseMs,
                            @Bindable(defaultValue = "5000") long backoffCapMs) {
}
