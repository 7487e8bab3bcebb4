package dev.actgate.shared.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's overview, computed from run-log summaries (no second store): calls, error rate by attribution, and
 * p50/p95 duration per integration. Pure: the service feeds it the runs of a window, newest first.
 */
public final class RunStats {
    /** Runs without an integration (e.g. a failed resolution) are grouped under this name. */
    public static final String NO_INTEGRATION = "(none)";

    private final Map<String, List<Long>> durations = new TreeMap<>();
    private final Map<String, int[]> perIntegration = new TreeMap<>();
    private final Map<String, Integer> byAttribution = new LinkedHashMap<>();
    private final Map<String, Integer> byCode = new TreeMap<>();
    private int calls;
    private int errors;

    public RunStats() {
        byAttribution.put("caller", 0);
        byAttribution.put("actgate", 0);
        byAttribution.put("external_app", 0);
    }

    public void add(RunLog run) {
        calls++;
        String integration = run.integrationKey() != null ? run.integrationKey() : NO_INTEGRATION;
        durations.computeIfAbsent(integration, k -> new ArrayList<>()).add(run.duration());
        int[] counts = perIntegration.computeIfAbsent(integration, k -> new int[2]);
        counts[0]++;
        if (RunLog.ERROR.equals(run.status())) {
            errors++;
            counts[1]++;
            String attribution = run.error() == null || run.error().attribution() == null ? "actgate" : run.error().attribution();
            byAttribution.merge(attribution, 1, Integer::sum);
            if (run.error() != null && run.error().code() != null) {
                byCode.merge(run.error().code(), 1, Integer::sum);
            }
        }
    }

    /** Nearest-rank percentile (p in 0..100) of the values; 0 for none. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public Map<String, Object> toView(String window, Instant from, Instant to, boolean sampled) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("window", window);
        v.put("from", from);
        v.put("to", to);
        v.put("calls", calls);
        v.put("errors", errors);
        v.put("errorRate", calls == 0 ? 0.0 : Math.round(10000.0 * errors / calls) / 10000.0);
        v.put("errorsByAttribution", byAttribution);
        v.put("errorsByCode", byCode);
        List<Map<String, Object>> integrations = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : durations.entrySet()) {
            int[] counts = perIntegration.get(e.getKey());
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("integrationKey", e.getKey());
            i.put("calls", counts[0]);
            i.put("errors", counts[1]);
            i.put("p50Ms", percentile(e.getValue(), 50));
            i.put("p95Ms", percentile(e.getValue(), 95));
            integrations.add(i);
        }
        v.put("integrations", integrations);
        // When the window holds more runs than one overview reads, the figures describe the newest ones.
        v.put("sampled", sampled);
        return v;
    }
}
