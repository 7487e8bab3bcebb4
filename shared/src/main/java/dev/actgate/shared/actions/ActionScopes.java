package dev.actgate.shared.actions;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Integration;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The scope rules of a saved action: which level (universal, integration, connection) and owner a write body names,
 * who a request acts as, and that a change never moves an action. The rules hold no state and do no I/O: the
 * integration and connection look-ups they need are passed in ({@link Lookups}), so they are unit-tested alone.
 */
public final class ActionScopes {
    private ActionScopes() {
    }

    /** Where an action lives: its level and the owner at that level. */
    record Scope(String layer, String tenantKey, String integrationId, String integrationKey, String connectorKey,
                 String connectionId, String connectionKey) {
        boolean sameAs(SavedAction a) {
            return layer.equals(a.layer()) && Objects.equals(tenantKey, a.tenantKey())
                && Objects.equals(integrationId, a.integrationId()) && Objects.equals(connectionId, a.connectionId());
        }
    }

    /** The look-ups the scope rules need, answered by the integration and connection services. */
    interface Lookups {
        /** An integration by id or key that is not archived, else the service's 404. */
        Integration activeIntegration(Caller caller, String selector);

        /** An integration by id or key, archived included. */
        Optional<Integration> integration(String workspaceId, String selector);

        /** A connection of the caller's tenant by id and/or key (both given: they must agree). */
        Connection connection(Caller caller, String id, String key);
    }

    /**
     * The caller a request acts as. Connection-level actions live in their tenant's partition: a manager token without
     * a tenant may name one with {@code tenantKey}; a tenant token may only name itself.
     */
    public static Caller actingAs(Caller caller, String tenantKey) {
        if (tenantKey == null || tenantKey.isBlank() || tenantKey.equals(caller.tenantKey())) {
            return caller;
        }
        if (!caller.manager()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "tenantKey names another tenant: only a manager token may act for a tenant");
        }
        if (caller.tenantKey() != null) {
            throw ApiException.validation("tenantKey '" + tenantKey + "' differs from the tenant of the token ('" + caller.tenantKey() + "')");
        }
        if (tenantKey.length() > 256) {
            throw ApiException.validation("tenantKey is too long");
        }
        return new Caller(caller.workspaceId(), caller.workspaceKey(), tenantKey, true);
    }

    /** The scope a create body names ({@code integrationSelector}: the integration of the path, if any). */
    static Scope scope(Caller caller, ActionRequest body, String integrationSelector, Lookups lookups) {
        String integrationId = body.integrationId();
        String integrationKey = body.integrationKey();
        String app = body.externalAppId();
        String connectorKey = body.connectorKey();
        if (app != null && connectorKey != null && !app.equals(connectorKey)) {
            throw ApiException.validation("externalAppId and connectorKey name different connectors");
        }
        app = app != null ? app : connectorKey;
        String connectionId = body.connectionId();
        String connectionKey = body.connectionKey();

        Integration integration = integrationSelector == null ? null : lookups.activeIntegration(caller, integrationSelector);
        for (String named : new String[] {integrationId, integrationKey}) {
            if (named != null) {
                Integration i = lookups.activeIntegration(caller, named);
                if (integration != null && !integration.id().equals(i.id())) {
                    throw ApiException.validation("The body names integration '" + named + "', another integration than "
                        + (integrationSelector != null ? "the path" : "integrationId"));
                }
                integration = i;
            }
        }
        if (app != null) {
            if (integration != null) {
                if (!app.equals(integration.connectorKey())) {
                    throw ApiException.validation("Integration '" + integration.key() + "' is not an integration of external app '" + app + "'");
                }
            } else {
                String appKey = app;
                integration = lookups.integration(caller.workspaceId(), app).filter(i -> appKey.equals(i.connectorKey()))
                    .orElseThrow(() -> ApiException.validation("No integration in this workspace uses external app '" + appKey
                        + "': create one first (POST /integrations {\"connectorKey\": \"" + appKey + "\"}) or name an integration"));
                if (integration.archived()) {
                    throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "Integration '" + integration.key() + "' is archived");
                }
            }
        }
        if (connectionId != null || connectionKey != null) {
            Connection c = lookups.connection(caller, connectionId, connectionKey);
            if (c.archived()) {
                throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "Connection '" + c.key() + "' is archived");
            }
            if (integration != null && !integration.id().equals(c.integrationId())) {
                throw ApiException.validation("Connection '" + c.key() + "' is not a connection of integration '" + integration.key() + "'");
            }
            return new Scope(SavedAction.CONNECTION, caller.tenantKey(), c.integrationId(), c.integrationKey(), c.connectorKey(),
                c.id(), c.key());
        }
        if (integration != null) {
            return new Scope(SavedAction.INTEGRATION, null, integration.id(), integration.key(), integration.connectorKey(), null, null);
        }
        return new Scope(SavedAction.UNIVERSAL, null, null, null, null, null, null);
    }

    /** {@code tenantKey} in a create body only says whose connection a connection-level action belongs to. */
    static void requireTenantKeyFits(ActionRequest body, Scope scope) {
        if (body.tenantKey() != null && !SavedAction.CONNECTION.equals(scope.layer())) {
            throw ApiException.validation("tenantKey only applies to connection-level actions (with connectionId or connectionKey)");
        }
    }

    /** PATCH/PUT may repeat the scope fields (SDKs send records back whole) but cannot move an action. */
    static void requireSameScope(Caller caller, ActionRequest body, SavedAction current, Lookups lookups) {
        if (body.scopeNamed().isEmpty()) {
            return;
        }
        Scope scope;
        try {
            scope = scope(caller, body, null, lookups);
        } catch (ApiException e) {
            throw ApiException.validation("An action cannot move to another level or owner (" + e.getMessage()
                + "); create a new action instead");
        }
        if (!scope.sameAs(current)) {
            throw ApiException.validation("An action cannot move to another level or owner (it is " + current.describeScope()
                + "); create a new action instead");
        }
    }
}
