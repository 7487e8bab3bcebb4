package dev.actgate.shared.runs;

import dev.actgate.shared.errors.ErrorBody;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunStatsTest {
    private static RunLog run(String integration, String status, long duration, String attribution, String code) {
        ErrorBody error = status.equals(RunLog.ERROR) ? new ErrorBody("action_run", null, code, "m", attribution, null, null) : null;
        return new RunLog("run_x", "ws", "t", status, "act", null, null, null, null, null, integration, null, null, error, null,
            Instant.EPOCH, Instant.EPOCH, duration, 1, null, null, null, null, 0);
    }

    @Test
    void percentilesAreNearestRank() {
        assertEquals(0, RunStats.percentile(List.of(), 50));
        assertEquals(5, RunStats.percentile(List.of(5L), 95));
        List<Long> hundred = new java.util.ArrayList<>();
        for (long i = 100; i >= 1; i--) {
            hundred.add(i);
        }
        assertEquals(50, RunStats.percentile(hundred, 50));
        assertEquals(95, RunStats.percentile(hundred, 95));
        assertEquals(3, RunStats.percentile(List.of(1L, 2L, 3L, 4L), 75));
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsCallsErrorsByAttributionAndDurationsPerIntegration() {
        RunStats stats = new RunStats();
        stats.add(run("github", RunLog.SUCCESS, 10, null, null));
        stats.add(run("github", RunLog.SUCCESS, 30, null, null));
        stats.add(run("github", RunLog.ERROR, 200, "external_app", "UPSTREAM_ERROR"));
        stats.add(run("slack", RunLog.ERROR, 5, "caller", "VALIDATION_ERROR"));
        stats.add(run(null, RunLog.ERROR, 1, "caller", "CONNECTION_REQUIRED"));
        Map<String, Object> v = stats.toView("1h", Instant.EPOCH, Instant.EPOCH, false);
        assertEquals(5, v.get("calls"));
        assertEquals(3, v.get("errors"));
        assertEquals(0.6, v.get("errorRate"));
        assertEquals(Map.of("caller", 2, "actgate", 0, "external_app", 1), v.get("errorsByAttribution"));
        List<Map<String, Object>> integrations = (List<Map<String, Object>>) v.get("integrations");
        assertEquals(List.of("(none)", "github", "slack"), integrations.stream().map(i -> i.get("integrationKey")).toList());
        Map<String, Object> github = integrations.get(1);
        assertEquals(3, github.get("calls"));
        assertEquals(1, github.get("errors"));
        assertEquals(30L, github.get("p50Ms"));
        assertEquals(200L, github.get("p95Ms"));
        assertEquals(1, ((Map<String, Integer>) v.get("errorsByCode")).get("UPSTREAM_ERROR"));
    }

    @Test
    void anEmptyWindowHasZeroRate() {
        Map<String, Object> v = new RunStats().toView("24h", Instant.EPOCH, Instant.EPOCH, false);
        assertEquals(0, v.get("calls"));
        assertEquals(0.0, v.get("errorRate"));
    }
}
