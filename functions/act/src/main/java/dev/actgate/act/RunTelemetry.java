package dev.actgate.act;

import dev.actgate.shared.observability.OperationalMetrics;
import dev.actgate.shared.observability.RunSummary;
import dev.actgate.shared.runs.RunExchange;
import dev.actgate.shared.runs.RunLog;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * What a finished run tells operators: its metrics (EMF) and the summary the request's log line carries. Never the
 * input, output or any body: only names, ids, counts, statuses and durations.
 */
@Singleton
class RunTelemetry {
    private final OperationalMetrics metrics;

    RunTelemetry(OperationalMetrics metrics) {
        this.metrics = metrics;
    }

    void recorded(RunLog log) {
        metrics.run(log);
        List<RunExchange> exchanges = log.exchanges() == null ? List.of() : log.exchanges();
        Integer upstreamStatus = exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1).status();
        new RunSummary(log.id(), actionName(log), log.integrationKey(), upstreamStatus, log.attempts(), log.outcome(), traceId(log))
            .attachToCurrentRequest();
    }

    private static String actionName(RunLog log) {
        if (log.resolvedAction() != null) {
            return log.resolvedAction().key() != null ? log.resolvedAction().key() : log.resolvedAction().id();
        }
        if (log.action() == null) {
            return log.door();
        }
        return log.action().has("api") ? "api" : log.action().has("code") ? "code" : log.door();
    }

    private static String traceId(RunLog log) {
        return log.traceId();
    }
}
