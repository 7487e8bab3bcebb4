package dev.actgate.shared.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.runs.RunExchange;
import dev.actgate.shared.runs.RunLog;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics as Embedded Metric Format log lines (no API call, no SDK: CloudWatch extracts them from the
 * log). Dimensions are the integration key and the door only — bounded by configuration, never a tenant or a run id
 * (those stay plain properties of the line, searchable in Logs Insights but not metric dimensions).
 */
@Singleton
public class OperationalMetrics {
    private final ObservabilitySettings settings;
    private final LogSink sink;
    private final ObjectMapper json = new ObjectMapper();

    public OperationalMetrics(ObservabilitySettings settings, LogSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    /** The figures of one dispatch. */
    public void run(RunLog run) {
        if (!settings.metrics()) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Dispatches", 1);
        boolean error = RunLog.ERROR.equals(run.status());
        values.put("Errors", error ? 1 : 0);
        String attribution = error && run.error() != null && run.error().attribution() != null ? run.error().attribution() : null;
        values.put("ErrorsCaller", "caller".equals(attribution) ? 1 : 0);
        values.put("ErrorsActgate", error && (attribution == null || "actgate".equals(attribution)) ? 1 : 0);
        values.put("ErrorsExternalApp", "external_app".equals(attribution) ? 1 : 0);
        values.put("Retries", Math.max(0, run.attempts() - 1));
        values.put("InDoubt", "in_doubt".equals(run.outcome()) ? 1 : 0);
        values.put("Duration", run.duration());
        long upstream = 0;
        for (RunExchange x : run.exchanges() == null ? List.<RunExchange>of() : run.exchanges()) {
            upstream += x.durationMillis() == null ? 0 : x.durationMillis();
        }
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(k -> units.put(k, "Count"));
        units.put("Duration", "Milliseconds");
        if (run.attempts() > 0) {
            values.put("UpstreamLatency", upstream);
            units.put("UpstreamLatency", "Milliseconds");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("integration", run.integrationKey() == null ? "(none)" : run.integrationKey());
        properties.put("door", run.door() == null ? "act" : run.door());
        properties.put("runId", run.id());
        emit(List.of(List.of("integration"), List.of("door")), values, units, properties);
    }

    /** One OAuth2 token refresh (success or not) of an integration. */
    public void refresh(String integrationKey, boolean succeeded) {
        if (!settings.metrics()) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Refreshes", 1);
        values.put("RefreshFailures", succeeded ? 0 : 1);
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(k -> units.put(k, "Count"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("integration", integrationKey == null ? "(none)" : integrationKey);
        emit(List.of(List.of("integration")), values, units, properties);
    }

    private void emit(List<List<String>> dimensions, Map<String, Object> values, Map<String, String> units, Map<String, Object> properties) {
        List<Map<String, String>> metrics = new ArrayList<>();
        units.forEach((name, unit) -> metrics.add(Map.of("Name", name, "Unit", unit)));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", settings.metricsNamespace());
        directive.put("Dimensions", dimensions);
        directive.put("Metrics", metrics);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", System.currentTimeMillis());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.putAll(properties);
        line.putAll(values);
        try {
            sink.line(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            // numbers and strings only
        }
    }
}
