package dev.actgate.shared.approvals;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /act and the legacy doors answer a held dispatch with 202 {@code {status: "approval_required", approval,
 * actionRunId}} — not the error shape: nothing failed, the caller retries after a person approved.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public class ApprovalRequiredExceptionHandler implements ExceptionHandler<ApprovalRequiredException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApprovalRequiredException e) {
        return toResponse(e);
    }

    public static MutableHttpResponse<Map<String, Object>> toResponse(ApprovalRequiredException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "approval_required");
        body.put("approval", e.approval());
        body.put("message", e.getMessage());
        if (e.actionRunId() != null) {
            body.put("actionRunId", e.actionRunId());
        }
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
