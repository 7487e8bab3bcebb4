package dev.actgate.runlogs;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.runs.RunLogService;
import dev.actgate.shared.storage.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.LinkedHashMap;
import java.util.Map;

/** Action run logs: where a user finds out why an action failed. */
@Controller("/action-run-logs")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record RunLogsController(RunLogService runLogs) {
    @Get
    public Page<Map<String, Object>> list(Authentication authentication, HttpRequest<?> request) {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? null : v.get(0)));
        return runLogs.list(Caller.of(authentication), query);
    }

    /** The console's overview: calls, errors by attribution, p50/p95 per integration over a window. */
    @Get("/stats")
    public Map<String, Object> stats(Authentication authentication, @Nullable @QueryValue String window,
                                     @Nullable @QueryValue String tenantKey) {
        return runLogs.stats(Caller.of(authentication), window, tenantKey);
    }

    @Get("/{id}")
    public Map<String, Object> get(Authentication authentication, @PathVariable String id,
                                   @Nullable @QueryValue String includeDetails) {
        return runLogs.get(Caller.of(authentication), id, "true".equalsIgnoreCase(includeDetails) || "1".equals(includeDetails));
    }

    @Get("/{id}/details")
    public Map<String, Object> details(Authentication authentication, @PathVariable String id) {
        return runLogs.details(Caller.of(authentication), id);
    }
}
