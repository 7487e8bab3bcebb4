package dev.actgate.shared.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An action as the engine runs it: a catalog action of a connector, or one revision of a saved action.
 *
 * @param level      {@code catalog}, {@code universal}, {@code integration} or {@code connection}
 * @param idempotent the action declares that repeating it is safe (upstream retries may then apply to any method)
 * @param readOnly   the action only reads (catalog actions declare it; null when unknown, as for saved actions).
 *                   With {@code idempotent} it becomes an MCP tool's readOnlyHint / idempotentHint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionDefinition(
    String id,
    String key,
    String name,
    String description,
    String type,
    ObjectNode config,
    JsonNode inputSchema,
    JsonNode outputSchema,
    String level,
    String connectorKey,
    String integrationId,
    String integrationKey,
    String connectionId,
    Integer revision,
    boolean idempotent,
    Boolean readOnly) {

    /** An action whose read-only-ness is not declared. */
    public ActionDefinition(String id, String key, String name, String description, String type, ObjectNode config,
                            JsonNode inputSchema, JsonNode outputSchema, String level, String connectorKey,
                            String integrationId, String integrationKey, String connectionId, Integer revision,
                            boolean idempotent) {
        this(id, key, name, description, type, config, inputSchema, outputSchema, level, connectorKey, integrationId,
            integrationKey, connectionId, revision, idempotent, null);
    }

    public static final String API_REQUEST = "api-request-to-external-app";
    public static final String RUN_JAVASCRIPT = "run-javascript";
}
