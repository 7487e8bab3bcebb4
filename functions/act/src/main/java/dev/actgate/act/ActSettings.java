package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.act.*}: limits of one {@code /act} run. {@code budget-ms} is the time a run may take in total (kept
 * under the function's 29 s API Gateway limit); {@code max-upstream-calls} is how many upstream requests one run,
 * with its nested runs, may make — attempts and redirect hops count (issue 11).
 */
@ConfigurationProperties("actgate.act")
public class ActSettings {
    private long budgetMs = 27_000;
    private int maxUpstreamCalls = 100;

    public long getBudgetMs() {
        return budgetMs;
    }

    public void setBudgetMs(long budgetMs) {
        this.budgetMs = budgetMs;
    }

    public int getMaxUpstreamCalls() {
        return maxUpstreamCalls;
    }

    public void setMaxUpstreamCalls(int maxUpstreamCalls) {
        this.maxUpstreamCalls = maxUpstreamCalls;
    }
}
