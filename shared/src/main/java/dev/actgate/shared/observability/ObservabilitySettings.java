package dev.actgate.shared.observability;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * What the functions write for operators: one JSON line per request ({@code actgate.observability.request-log}) and
 * CloudWatch Embedded Metric Format lines ({@code actgate.observability.metrics}). Both are on in the deployed
 * template and off by default, so tests and the local runtime are quiet unless they ask (ACTGATE_TRACE=1).
 */
@ConfigurationProperties("actgate.observability")
public record ObservabilitySettings(@Bindable(defaultValue = "false") boolean requestLog,
                                    @Bindable(defaultValue = "false") boolean metrics,
                                    @Bindable(defaultValue = "actgate") String metricsNamespace) {
}
