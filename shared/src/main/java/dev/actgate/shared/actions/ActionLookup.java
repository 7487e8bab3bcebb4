package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.ConnectorCatalog;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Finds the action a dispatch names: catalog actions (shipped with the connectors, id only) and saved actions
 * (through {@link SavedActions} where the actions domain provides them).
 */
@Singleton
public class ActionLookup {
    private final ConnectorCatalog catalog;
    private final io.micronaut.context.BeanProvider<SavedActions> saved;

    public ActionLookup(ConnectorCatalog catalog, io.micronaut.context.BeanProvider<SavedActions> saved) {
        this.catalog = catalog;
        this.saved = saved;
    }

    /** Saved actions, resolved with the override order universal → integration → connection. */
    public interface SavedActions {
        Optional<ActionDefinition> byId(Caller caller, String id, Integer version);

        Optional<ActionDefinition> byKey(Caller caller, String key, String integrationId, String connectionId, Integer version);
    }

    public ActionDefinition byId(Caller caller, String id, Integer version) {
        Optional<ActionDefinition> c = catalogAction(id);
        if (c.isPresent()) {
            if (version != null && version != 1) {
                throw ApiException.validation("Catalog action '" + id + "' has only version 1");
            }
            return c.get();
        }
        if (saved.isPresent()) {
            Optional<ActionDefinition> s = saved.get().byId(caller, id, version);
            if (s.isPresent()) {
                return s.get();
            }
        }
        throw ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Action", id);
    }

    public ActionDefinition byKey(Caller caller, String key, String integrationId, String connectionId, Integer version) {
        if (saved.isPresent()) {
            Optional<ActionDefinition> s = saved.get().byKey(caller, key, integrationId, connectionId, version);
            if (s.isPresent()) {
                return s.get();
            }
        }
        throw ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Action with key", key);
    }

    /** Catalog actions, optionally of one connector and matching a search text, in catalog order. */
    public java.util.List<ActionDefinition> catalogActions(String connectorKey, String search) {
        String needle = search == null ? null : search.toLowerCase(java.util.Locale.ROOT);
        java.util.List<ActionDefinition> out = new java.util.ArrayList<>();
        // One connector named: read only its file (the catalog loads connector files lazily).
        java.util.Collection<dev.actgate.shared.integrations.Connector> connectors = connectorKey == null ? catalog.list()
            : catalog.find(connectorKey).map(java.util.List::of).orElse(java.util.List.of());
        for (var connector : connectors) {
            if (connector.actions() == null) {
                continue;
            }
            for (JsonNode a : connector.actions()) {
                ActionDefinition d = catalogAction(a.path("id").asText()).orElseThrow();
                if (needle == null || (d.id() + " " + d.name() + " " + d.description()).toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    public Optional<ActionDefinition> catalogAction(String id) {
        return catalog.findAction(id).map(ref -> {
            JsonNode a = ref.action();
            return new ActionDefinition(a.path("id").asText(), null, a.path("name").asText(null), a.path("description").asText(null),
                a.path("type").asText(ActionDefinition.API_REQUEST), (ObjectNode) a.get("config"), a.get("inputSchema"),
                a.get("outputSchema"), "catalog", ref.connector().key(), null, null, null, 1, a.path("idempotent").asBoolean(false),
                a.hasNonNull("readOnly") ? a.get("readOnly").asBoolean() : null);
        });
    }
}
