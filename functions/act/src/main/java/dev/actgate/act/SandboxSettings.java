package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.sandbox.*}: the limits of a {@code code} run in the JavaScript sandbox (docs/javascript-sandbox.md):
 * wall time, statements executed, and the size of the returned output.
 */
@ConfigurationProperties("actgate.sandbox")
public record SandboxSettings(@Bindable(defaultValue = "10000") long timeoutMs,
                              @Bindable(defaultValue = "50000000") long statementLimit,
                              @Bindable(defaultValue = "1048576") int maxOutputBytes) {
}
