package dev.actgate.shared.observability;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

/**
 * What the engine tells the request log about the run a request made (never inputs, outputs or bodies): attached
 * to the current request so the one log line of that request can name the action, the run and the upstream result.
 */
public record RunSummary(String runId, String action, String integrationKey, Integer upstreamStatus, int attempts,
                         String outcome, String traceId) {
    static final String ATTRIBUTE = "actgate.run";

    /** Attaches the summary to the request being served, if there is one (a nested run does not replace its parent). */
    public void attachToCurrentRequest() {
        ServerRequestContext.currentRequest().ifPresent(r -> {
            if (r.getAttribute(ATTRIBUTE).isEmpty()) {
                r.setAttribute(ATTRIBUTE, this);
            }
        });
    }

    static RunSummary of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, RunSummary.class).orElse(null);
    }
}
