package dev.actgate.shared.observability;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What the functions write for operators: one JSON line per request ({@code actgate.observability.request-log}) and
 * CloudWatch Embedded Metric Format lines ({@code actgate.observability.metrics}). Both are on in the deployed
 * template and off by default, so tests and the local runtime are quiet unless they ask (ACTGATE_TRACE=1).
 */
@ConfigurationProperties("actgate.observability")
public class ObservabilitySettings {
    private boolean requestLog;
    private boolean metrics;
    private String metricsNamespace = "actgate";

    public boolean isRequestLog() {
        return requestLog;
    }

    public void setRequestLog(boolean requestLog) {
        this.requestLog = requestLog;
    }

    public boolean isMetrics() {
        return metrics;
    }

    public void setMetrics(boolean metrics) {
        this.metrics = metrics;
    }

    public String getMetricsNamespace() {
        return metricsNamespace;
    }

    public void setMetricsNamespace(String metricsNamespace) {
        this.metricsNamespace = metricsNamespace;
    }
}
