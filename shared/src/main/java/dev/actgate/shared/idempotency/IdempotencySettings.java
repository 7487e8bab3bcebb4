package dev.actgate.shared.idempotency;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code actgate.idempotency.*}: how long a finished request's answer is kept for replay ({@code retention-hours}),
 * and how long a key stays claimed by a request that has not finished ({@code in-progress-seconds}: after that a
 * retry may run, for the first attempt is presumed dead).
 */
@ConfigurationProperties("actgate.idempotency")
public record IdempotencySettings(@Bindable(defaultValue = "24") long retentionHours,
                                  @Bindable(defaultValue = "60") long inProgressSeconds) {
    Duration retention() {
        return Duration.ofHours(retentionHours);
    }

    Duration inProgressTtl() {
        return Duration.ofSeconds(inProgressSeconds);
    }
}
