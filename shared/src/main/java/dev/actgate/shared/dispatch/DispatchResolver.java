package dev.actgate.shared.dispatch;

import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.ActionLookup;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionRepository;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which action, which connection: the one resolution every door into the engine uses ({@code POST /act}, the
 * saved-action run routes, the proxy, {@code membrane.act} in code, and the doors still to come). A connection is
 * only ever looked up inside the caller's own tenant partition, so another tenant's id or key is "not found".
 */
@Singleton
public record DispatchResolver(ActionLookup actions, ConnectionRepository connections, IntegrationService integrations) {

    public DispatchTarget resolve(Caller caller, DispatchSelection s) {
        ActionDefinition action = s.actionId() == null ? null : actions.byId(caller, s.actionId(), s.version());
        String integrationHint = s.integrationKey();
        if (action != null && s.integrationId() == null && integrationHint == null) {
            integrationHint = action.integrationKey() != null ? action.integrationKey() : action.connectorKey();
        }
        // A connection-level action belongs to one connection: run by id, it runs there (and only there).
        boolean instance = action != null && "connection".equals(action.level()) && action.connectionId() != null;
        String connectionId = s.connectionId();
        if (instance && s.connectionId() == null && s.connectionKey() == null) {
            connectionId = action.connectionId();
        }
        Optional<Connection> resolved = connection(caller, connectionId, connectionId == null ? s.connectionKey() : null,
            s.integrationId(), integrationHint);
        if (instance && resolved.isPresent() && !resolved.get().id().equals(action.connectionId())) {
            throw ApiException.validation("Action '" + action.id() + "' is an instance for another connection; run it without "
                + "connectionId/connectionKey, or run the integration-level action by key");
        }
        if (s.actionKey() != null) {
            Connection c = resolved.orElse(null);
            String integrationId = c != null ? c.integrationId() : s.integrationId() != null ? s.integrationId()
                : integrationHint == null ? null : integrations.find(caller.workspaceId(), integrationHint).map(Integration::id).orElse(null);
            action = actions.byKey(caller, s.actionKey(), integrationId, c == null ? null : c.id(), s.version());
        }
        return new DispatchTarget(action, resolved);
    }

    /**
     * The connection a dispatch runs against, in the spec's order: connectionId → connectionKey → the tenant's
     * connection to integrationId/integrationKey (its only one, or the one marked default) → the tenant default.
     * Returns empty when nothing was named and there is no default.
     */
    public Optional<Connection> connection(Caller caller, String connectionId, String connectionKey, String integrationId,
                                           String integrationKey) {
        String scope = caller.tenantScope();
        if (connectionId != null) {
            return Optional.of(usable(connections.findById(scope, connectionId), connectionId));
        }
        if (connectionKey != null) {
            return Optional.of(usable(connections.findByKey(scope, connectionKey), connectionKey));
        }
        if (integrationId != null || integrationKey != null) {
            Integration integration = integrations.requireActive(caller, integrationId != null ? integrationId : integrationKey);
            List<Connection> candidates = connections.list(scope, integration.id(), null, false, PageRequest.of("1000", null)).items();
            if (candidates.isEmpty()) {
                throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND,
                    "This tenant has no connection to integration '" + integration.key() + "'");
            }
            if (candidates.size() == 1) {
                return Optional.of(candidates.get(0));
            }
            List<Connection> defaults = candidates.stream().filter(Connection::isDefault).toList();
            if (defaults.size() == 1) {
                return Optional.of(defaults.get(0));
            }
            List<Map<String, String>> listed = candidates.stream().limit(20)
                .map(c -> Map.of("id", c.id(), "key", c.key(), "name", c.name() == null ? c.key() : c.name())).toList();
            throw new ApiException(ErrorCode.CONNECTION_AMBIGUOUS, "This tenant has " + candidates.size()
                + " connections to integration '" + integration.key() + "' and none is marked default: pass connectionId or "
                + "connectionKey, or mark one with PATCH /connections/{id} {\"isDefault\": true}", Map.of("connections", listed));
        }
        List<Connection> all = connections.list(scope, null, null, false, PageRequest.of("1000", null)).items();
        return all.stream().filter(Connection::isTenantDefault).findFirst();
    }

    private static Connection usable(Optional<Connection> found, String selector) {
        Connection c = found.orElseThrow(() -> ApiException.notFound(ErrorCode.CONNECTION_NOT_FOUND, "Connection", selector));
        if (c.archived()) {
            throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "Connection '" + selector + "' is archived");
        }
        return c;
    }
}
