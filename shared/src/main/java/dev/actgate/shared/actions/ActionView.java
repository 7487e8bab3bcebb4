package dev.actgate.shared.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * An action as the API shows it: a saved action (universal, integration- or connection-level) or a connector's
 * catalog action ({@code layer: catalog}, no key: run it by id). {@code score} is present only when the list was
 * ranked by {@code intent}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionView(
    String id,
    String key,
    String name,
    String description,
    String type,
    String state,
    String layer,
    String integrationId,
    String integrationKey,
    String connectionId,
    String connectionKey,
    String tenantKey,
    String externalAppId,
    String connectorKey,
    ObjectNode config,
    JsonNode inputSchema,
    JsonNode outputSchema,
    Boolean idempotent,
    Boolean readOnly,
    Integer revision,
    Instant createdAt,
    Instant updatedAt,
    Instant archivedAt,
    Double score) {

    public static ActionView of(SavedAction a) {
        return at(a, a.content(), a.revision());
    }

    /** The saved action as it was at one revision. */
    public static ActionView at(SavedAction a, ActionContent c, int revision) {
        return new ActionView(a.id(), c.key(), c.name(), c.description(), c.type(), "READY", a.layer(), a.integrationId(),
            a.integrationKey(), a.connectionId(), a.connectionKey(), a.tenantKey(), a.connectorKey(), a.connectorKey(),
            c.config(), c.inputSchema(), c.outputSchema(), c.idempotent() ? Boolean.TRUE : null, null, revision, a.createdAt(),
            a.updatedAt(), a.archivedAt(), null);
    }

    public static ActionView catalog(ActionDefinition d) {
        return new ActionView(d.id(), d.key(), d.name(), d.description(), d.type(), "READY", d.level(), null, d.integrationKey(),
            null, null, null, d.connectorKey(), d.connectorKey(), d.config(), d.inputSchema(), d.outputSchema(),
            d.idempotent() ? Boolean.TRUE : null, d.readOnly(), d.revision(), null, null, null, null);
    }

    public ActionView withScore(double s) {
        return new ActionView(id, key, name, description, type, state, layer, integrationId, integrationKey, connectionId,
            connectionKey, tenantKey, externalAppId, connectorKey, config, inputSchema, outputSchema, idempotent, readOnly, revision,
            createdAt, updatedAt, archivedAt, s);
    }
}
