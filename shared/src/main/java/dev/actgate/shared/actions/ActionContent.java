package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * What one revision of a saved action says: everything a caller can change about it. The level (universal,
 * integration, connection) and the owner are not content: they are fixed when the action is created.
 *
 * @param key may be null: an action without a key can only be run and addressed by id
 */
public record ActionContent(
    String key,
    String name,
    String description,
    String type,
    ObjectNode config,
    JsonNode inputSchema,
    JsonNode outputSchema,
    boolean idempotent) {

    /** Same content, compared as JSON values (so a no-op PATCH makes no new revision). */
    public boolean sameAs(ActionContent other) {
        return other != null && Objects.equals(key, other.key) && Objects.equals(name, other.name)
            && Objects.equals(description, other.description) && Objects.equals(type, other.type)
            && Objects.equals(config, other.config) && Objects.equals(inputSchema, other.inputSchema)
            && Objects.equals(outputSchema, other.outputSchema) && idempotent == other.idempotent;
    }
}
