package dev.actgate.shared.observability;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ErrorBody;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.micronaut.web.router.UriRouteMatch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per request: request id (API Gateway's), workspace, tenant, route, action, run id, status,
 * duration, upstream status and attempts. It is built from named fields only — never a header value, a query
 * string, a raw path or a body — so nothing a caller sends can carry a secret into the log. The route is the
 * template ({@code POST /connections/{selector}/proxy/{path+}}), not the path the caller sent.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "actgate.observability.request-log", value = "true")
public class RequestLogFilter {
    private static final String STARTED = "actgate.started";
    private final LogSink sink;
    private final ObjectMapper json = new ObjectMapper();

    public RequestLogFilter(LogSink sink) {
        this.sink = sink;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "request");
        line.put("time", Instant.now().toString());
        APIGatewayV2HTTPEvent event = event(request);
        line.put("requestId", event != null && event.getRequestContext() != null ? event.getRequestContext().getRequestId() : null);
        line.put("route", route(request, event));
        request.getUserPrincipal(Authentication.class).ifPresent(a -> {
            line.put("workspace", a.getAttributes().get("workspaceKey"));
            line.put("tenant", a.getAttributes().get("tenantKey"));
            line.put("manager", Boolean.TRUE.equals(a.getAttributes().get("isAdmin")) ? Boolean.TRUE : null);
        });
        RunSummary run = RunSummary.of(request);
        if (run != null) {
            line.put("action", run.action());
            line.put("runId", run.runId());
            line.put("integration", run.integrationKey());
            line.put("upstreamStatus", run.upstreamStatus());
            line.put("attempts", run.attempts());
            line.put("outcome", run.outcome());
            line.put("traceId", run.traceId());
        }
        line.put("status", response.code());
        if (response.getBody().orElse(null) instanceof ErrorBody error) {
            line.put("errorCode", error.code());
            line.put("attribution", error.attribution());
        }
        Long started = request.getAttribute(STARTED, Long.class).orElse(null);
        line.put("durationMs", started == null ? null : (System.nanoTime() - started) / 1_000_000);
        line.values().removeIf(v -> v == null);
        try {
            sink.line(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            // Only strings and numbers go in; nothing to report if that ever fails.
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent e) {
            return e;
        }
        return null;
    }

    private static String route(HttpRequest<?> request, APIGatewayV2HTTPEvent event) {
        if (event != null && event.getRouteKey() != null && !event.getRouteKey().isBlank() && !event.getRouteKey().equals("$default")) {
            return event.getRouteKey();
        }
        return request.getAttribute(HttpAttributes.ROUTE_MATCH, UriRouteMatch.class)
            .map(m -> request.getMethodName() + " " + m.getRouteInfo().getUriMatchTemplate().toPathString())
            .orElse(request.getMethodName() + " (no route)");
    }
}
