package dev.actgate.shared.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ErrorBody;

import java.time.Instant;
import java.util.List;

/**
 * The record of one dispatch, written before the response returns. {@code action} is the complete /act body that
 * was used: posting it back to /act unchanged re-runs the same dispatch (for the other doors it is the equivalent
 * /act body). Everything in it is already redacted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLog(
    String id,
    String workspaceId,
    String tenantKey,
    String status,
    String door,
    ObjectNode action,
    ResolvedAction resolvedAction,
    String connectionId,
    String connectionKey,
    String integrationId,
    String integrationKey,
    JsonNode input,
    JsonNode output,
    ErrorBody error,
    JsonNode meta,
    Instant createdAt,
    Instant completedAt,
    long duration,
    int attempts,
    String outcome,
    List<RunExchange> exchanges,
    List<ConsoleEntry> console,
    Boolean detailsTruncated,
    long expiresAt,
    /** The W3C trace id the run's calls to the app carried (the caller's, when it sent a traceparent). */
    String traceId) {

    /** A run without a recorded trace (written before traces were kept, or built by a test). */
    public RunLog(String id, String workspaceId, String tenantKey, String status, String door, ObjectNode action,
                  ResolvedAction resolvedAction, String connectionId, String connectionKey, String integrationId,
                  String integrationKey, JsonNode input, JsonNode output, ErrorBody error, JsonNode meta, Instant createdAt,
                  Instant completedAt, long duration, int attempts, String outcome, List<RunExchange> exchanges,
                  List<ConsoleEntry> console, Boolean detailsTruncated, long expiresAt) {
        this(id, workspaceId, tenantKey, status, door, action, resolvedAction, connectionId, connectionKey, integrationId,
            integrationKey, input, output, error, meta, createdAt, completedAt, duration, attempts, outcome, exchanges, console,
            detailsTruncated, expiresAt, null);
    }

    public static final String SUCCESS = "success";
    public static final String ERROR = "error";
    /** Held by an approval policy: nothing was sent (docs/approvals.md). */
    public static final String WAITING_FOR_APPROVAL = "waiting_for_approval";

    /** Which saved or catalog action ran, at which revision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResolvedAction(String id, String key, String name, String type, String level, Integer revision) {
    }

    /** A console line of a code run. */
    public record ConsoleEntry(String level, String message, Instant at) {
    }
}
