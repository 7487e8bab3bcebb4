package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.UnaryOperator;

/**
 * Everything the approval gate sees of one dispatch, after the engine resolved the action and the connection and
 * validated the input, before anything was sent. {@code actionType} is the saved/catalog action's type, or
 * {@code api} / {@code code} for inline dispatches; {@code method}/{@code path} come from an inline {@code api}
 * spec (the proxy is one). {@code redactor} removes the connection's secrets from what the approval stores.
 */
public record GatedRequest(
    String workspaceId,
    String workspaceKey,
    String tenantKey,
    String door,
    String runId,
    String idempotencyKey,
    String actionId,
    String actionKey,
    String actionName,
    String actionType,
    Integer actionRevision,
    String integrationId,
    String integrationKey,
    String connectorKey,
    String connectionId,
    String connectionKey,
    JsonNode input,
    JsonNode api,
    String code,
    UnaryOperator<JsonNode> redactor) {

    /**
     * The gate's view of a resolved dispatch, from the engine's own objects ({@code action} null for inline api/code).
     */
    public static GatedRequest of(dev.actgate.shared.auth.Caller caller, String door, String runId, String idempotencyKey,
                                  dev.actgate.shared.actions.ActionDefinition action, dev.actgate.shared.connections.Connection connection,
                                  dev.actgate.shared.integrations.Integration integration, JsonNode input, JsonNode api, String code,
                                  UnaryOperator<JsonNode> redactor) {
        String type = action != null ? action.type() : api != null ? "api" : "code";
        return new GatedRequest(caller.workspaceId(), caller.workspaceKey(), caller.tenantKey(), door, runId, idempotencyKey,
            action == null ? null : action.id(), action == null ? null : action.key(), action == null ? null : action.name(), type,
            action == null ? null : action.revision(), integration == null ? null : integration.id(),
            integration == null ? null : integration.key(), integration == null ? null : integration.connectorKey(),
            connection == null ? null : connection.id(), connection == null ? null : connection.key(),
            action == null && api != null ? null : input, api, action == null ? code : null, redactor);
    }

    /** The HTTP method of an inline api call, upper case, or null. */
    public String method() {
        return api == null || !api.path("method").isTextual() ? null : api.get("method").asText().toUpperCase(java.util.Locale.ROOT);
    }

    /** The path of an inline api call without its query, or null. */
    public String path() {
        if (api == null || !api.path("path").isTextual()) {
            return null;
        }
        String p = api.get("path").asText();
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    /** What input predicates look at: the action's input, or the body of an inline api call. */
    public JsonNode subject() {
        if (input != null && !input.isNull() && !input.isMissingNode()) {
            return input;
        }
        return api == null ? null : api.get("body");
    }
}
