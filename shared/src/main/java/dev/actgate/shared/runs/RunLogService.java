package dev.actgate.shared.runs;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading run logs. A tenant token sees its own runs only (another tenant's run id is 404); a manager token without
 * a tenant sees the whole workspace, optionally narrowed to one tenant.
 */
@Singleton
public class RunLogService {
    private final DynamoRunLogRepository runLogs;

    public RunLogService(DynamoRunLogRepository runLogs) {
        this.runLogs = runLogs;
    }

    static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("actionId", "actionKey", "connectionId", "connectionKey",
        "integrationKey", "status", "from", "to", "tenantKey", "limit", "cursor", "errorText");

    /** The overview reads at most this many runs of its window (newest first) and says so when there were more. */
    static final int STATS_MAX_RUNS = 5000;
    static final Map<String, java.time.Duration> STATS_WINDOWS = Map.of("1h", java.time.Duration.ofHours(1),
        "24h", java.time.Duration.ofHours(24), "7d", java.time.Duration.ofDays(7));

    public Page<Map<String, Object>> list(Caller caller, Map<String, String> query) {
        java.util.List<String> unknown = query.keySet().stream().filter(k -> !LIST_PARAMETERS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw ApiException.validation("Unknown query parameter(s): " + String.join(", ", unknown) + "; filters are "
                + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)));
        }
        String tenant = caller.tenantKey();
        if (caller.manager() && tenant == null) {
            tenant = query.get("tenantKey");
            if (tenant != null && tenant.length() > 256) {
                throw ApiException.validation("tenantKey must be at most 256 characters");
            }
        } else if (query.get("tenantKey") != null && !query.get("tenantKey").equals(tenant)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only a manager token may list another tenant's runs");
        }
        String status = query.get("status");
        if (status != null && !status.equals(RunLog.SUCCESS) && !status.equals(RunLog.ERROR)
            && !status.equals(RunLog.WAITING_FOR_APPROVAL)) {
            throw ApiException.validation("status must be 'success', 'error' or 'waiting_for_approval'");
        }
        String errorText = query.get("errorText");
        if (errorText != null && (errorText.isBlank() || errorText.length() > 200)) {
            throw ApiException.validation("errorText must be 1 to 200 characters");
        }
        if (errorText != null && status == null) {
            status = RunLog.ERROR;   // only failed runs have an error to search; DynamoDB filters the rest out
        }
        RunLogRepository.Filter filter = new RunLogRepository.Filter(query.get("actionId"), query.get("actionKey"),
            query.get("connectionId"), query.get("connectionKey"), query.get("integrationKey"), status,
            instant(query.get("from"), "from"), instant(query.get("to"), "to"), errorText);
        if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
            throw ApiException.validation("from must not be after to");
        }
        return runLogs.list(caller.workspaceId(), tenant, filter, PageRequest.of(query.get("limit"), query.get("cursor")))
            .map(l -> view(l, false));
    }

    /**
     * The overview of a window ({@code 1h}, {@code 24h} or {@code 7d}): calls, errors by attribution and durations per
     * integration, computed from the run logs themselves. A tenant token sees its own runs; a manager token the
     * workspace's, or one tenant's with {@code tenantKey}.
     */
    public Map<String, Object> stats(Caller caller, String window, String tenantKey) {
        String w = window == null || window.isBlank() ? "1h" : window;
        java.time.Duration length = STATS_WINDOWS.get(w);
        if (length == null) {
            throw ApiException.validation("window must be one of 1h, 24h, 7d");
        }
        String tenant = scopeTenant(caller, tenantKey);
        Instant to = Instant.now();
        Instant from = to.minus(length);
        RunLogRepository.Filter filter = new RunLogRepository.Filter(null, null, null, null, null, null, from, to);
        RunStats stats = new RunStats();
        int read = 0;
        String cursor = null;
        boolean sampled = false;
        do {
            Page<RunLog> page = runLogs.list(caller.workspaceId(), tenant, filter, PageRequest.of(String.valueOf(PageRequest.MAX_LIMIT), cursor));
            for (RunLog run : page.items()) {
                if (read == STATS_MAX_RUNS) {
                    sampled = true;
                    break;
                }
                stats.add(run);
                read++;
            }
            cursor = page.cursor();
        } while (cursor != null && !sampled);
        Map<String, Object> view = stats.toView(w, from, to, sampled);
        if (tenant != null) {
            view.put("tenantKey", tenant);
        }
        return view;
    }

    private static String scopeTenant(Caller caller, String requested) {
        String tenant = caller.tenantKey();
        if (caller.manager() && tenant == null) {
            if (requested != null && requested.length() > 256) {
                throw ApiException.validation("tenantKey must be at most 256 characters");
            }
            return requested == null || requested.isBlank() ? null : requested;
        }
        if (requested != null && !requested.equals(tenant)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only a manager token may read another tenant's runs");
        }
        return tenant;
    }

    public Map<String, Object> get(Caller caller, String id, boolean includeDetails) {
        Optional<RunLog> log = caller.tenantKey() != null
            ? runLogs.find(caller.workspaceId(), caller.tenantKey(), id)
            : runLogs.findInWorkspace(caller.workspaceId(), id);
        return view(log.orElseThrow(() -> ApiException.notFound(ErrorCode.RUN_LOG_NOT_FOUND, "Action run log", id)), includeDetails);
    }

    public Map<String, Object> details(Caller caller, String id) {
        Map<String, Object> full = get(caller, id, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", full.get("id"));
        out.put("status", full.get("status"));
        out.putAll(castMap(full.get("details")));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    /** The record shape the official SDK declares, plus actgate's own fields (door, attempts, outcome). */
    static Map<String, Object> view(RunLog l, boolean includeDetails) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", l.id());
        v.put("name", l.resolvedAction() != null && l.resolvedAction().name() != null ? l.resolvedAction().name()
            : l.action() == null ? l.door() : dispatch(l));
        v.put("status", l.status());
        v.put("tenantId", l.tenantKey());
        v.put("door", l.door());
        v.put("action", l.action());
        put(v, "resolvedAction", l.resolvedAction());
        if (l.resolvedAction() != null) {
            put(v, "actionId", l.resolvedAction().id());
            put(v, "actionKey", l.resolvedAction().key());
        }
        put(v, "connectionId", l.connectionId());
        put(v, "integrationId", l.integrationId());
        if (l.connectionId() != null) {
            v.put("connection", idAndKey(l.connectionId(), l.connectionKey()));
        }
        if (l.integrationId() != null) {
            v.put("integration", idAndKey(l.integrationId(), l.integrationKey()));
        }
        put(v, "input", l.input());
        put(v, "output", l.output());
        put(v, "error", l.error());
        put(v, "meta", l.meta());
        v.put("createdAt", l.createdAt());
        v.put("completedAt", l.completedAt());
        v.put("duration", l.duration());
        v.put("attempts", l.attempts());
        put(v, "outcome", l.outcome());
        put(v, "expiresAt", Instant.ofEpochSecond(l.expiresAt()));
        put(v, "detailsTruncated", l.detailsTruncated());
        put(v, "traceId", l.traceId());
        if (includeDetails) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("exchanges", l.exchanges() == null ? java.util.List.of() : l.exchanges());
            put(d, "console", l.console());
            put(d, "truncated", l.detailsTruncated());
            v.put("details", d);
        }
        return v;
    }

    /** A connection or integration may have no key: leave it out rather than fail (Map.of refuses nulls). */
    private static Map<String, Object> idAndKey(String id, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        put(m, "key", key);
        return m;
    }

    private static String dispatch(RunLog l) {
        for (String f : new String[] {"api", "code", "key", "id"}) {
            if (l.action().has(f)) {
                return f.equals("api") ? "api " + l.action().path("api").path("method").asText() + " "
                    + l.action().path("api").path("path").asText(l.action().path("api").path("url").asText())
                    : f.equals("code") ? "code" : f + " " + l.action().path(f).asText();
            }
        }
        return l.door();
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field + " must be an ISO-8601 instant, e.g. 2026-11-23T08:00:00Z");
        }
    }
}
