package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.act.*}: limits of one {@code /act} run. {@code budget-ms} is the time a run may take in total (kept
 * under the function's 29 s API Gateway limit); {@code max-upstream-calls} is how many upstream requests one run,
 * with its nested runs, may make — attempts and redirect hops count (issue 11).
 */
@ConfigurationProperties("actgate.act")
public record ActSettings(@Bindable(defaultValue = "27000") long budgetMs,
                          @Bindable(defaultValue = "100") int maxUpstreamCalls) {
}
