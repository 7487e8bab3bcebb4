package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;
import dev.actgate.shared.json.TypedBodyReader;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connection use cases: create with credentials, read, change, archive/restore, state changes. Which connection a
 * selector names (and when one is refused) is {@link ConnectionLookup}; sealing and opening credentials is
 * {@link ConnectionSecrets}; how a body's fields sort into shown fields and sealed credentials is
 * {@link ConnectionCredentialInput}. This class keeps the calls other code makes (the dispatch path, the connect
 * flow, the controllers) so they need only this one service.
 */
@Singleton
public class ConnectionService {
    private final ConnectionRepository connections;
    private final ConnectionLookup lookup;
    private final ConnectionSecrets secrets;
    private final IntegrationService integrations;
    private final BeanProvider<CredentialRefresher> refreshers;
    private final TypedBodyReader bodies;

    public ConnectionService(ConnectionRepository connections, ConnectionLookup lookup, ConnectionSecrets secrets,
                             IntegrationService integrations, BeanProvider<CredentialRefresher> refreshers,
                             TypedBodyReader bodies) {
        this.bodies = bodies;
        this.connections = connections;
        this.lookup = lookup;
        this.secrets = secrets;
        this.integrations = integrations;
        this.refreshers = refreshers;
    }

    // ------------------------------------------------------------------ reads

    public Page<ConnectionView> list(Caller caller, String integrationSelector, String search, boolean includeArchived,
                                     PageRequest page) {
        String integrationId = null;
        if (integrationSelector != null) {
            Optional<Integration> i = integrations.find(caller.workspaceId(), integrationSelector);
            if (i.isEmpty()) {
                return new Page<>(List.of(), null);
            }
            integrationId = i.get().id();
        }
        return connections.list(caller.tenantScope(), integrationId, search, includeArchived, page).map(this::view);
    }

    /** By id or key in the caller's tenant, archived included (so it can be restored). */
    public Connection get(Caller caller, String selector) {
        return lookup.get(caller, selector);
    }

    public ConnectionView view(Caller caller, String selector) {
        return view(get(caller, selector));
    }

    public ConnectionView view(Connection c) {
        boolean oauth = c.credentialsExpireAt() != null || c.state() == ConnectionState.CLIENT_ACTION_REQUIRED;
        return ConnectionView.of(c, oauth && c.credentialsExpireAt() != null, null);
    }

    /** By key in the caller's tenant, archived included. */
    public Optional<Connection> findByKey(Caller caller, String key) {
        return lookup.findByKey(caller, key);
    }

    // ------------------------------------------------------------------ credentials (ConnectionSecrets)

    public ConnectionCredentials credentials(Connection c) {
        return secrets.open(c);
    }

    public SealedSecret seal(String workspaceId, String tenantKey, String connectionId, ConnectionCredentials credentials) {
        return secrets.seal(workspaceId, tenantKey, connectionId, credentials);
    }

    // ------------------------------------------------------------------ writes

    /** For code that builds the body itself (the connect flow): bound and checked exactly as the route's body. */
    public ConnectionView create(Caller caller, JsonNode body) {
        return create(caller, bodies.read(body, ConnectionRequest.class));
    }

    public ConnectionView create(Caller caller, ConnectionRequest body) {
        BodyErrors.required(body);
        ObjectNode meta = meta(body);
        String tenant = caller.requireTenant();
        Integration integration = integrationFor(caller, body);
        EffectiveIntegration effective = integrations.effective(integration);
        String id = Ids.newId("conn");
        String key = body.key();
        if (key == null) {
            key = integration.key() + "-" + id.substring(id.length() - 8);
        }
        Instant now = Instant.now();
        ConnectionCredentialInput.Split split = ConnectionCredentialInput.split(effective.auth(), body, null, null, true);
        ConnectionState state = split.credentials() == null ? ConnectionState.CLIENT_ACTION_REQUIRED : ConnectionState.READY;
        Connection c = new Connection.Builder().id(id).key(key)
            .name(Optional.ofNullable(body.name()).orElse(integration.name()))
            .workspaceId(caller.workspaceId()).tenantKey(tenant).integrationId(integration.id())
            .integrationKey(integration.key()).connectorKey(integration.connectorKey()).state(state)
            .isDefault(Boolean.TRUE.equals(body.isDefault()))
            .isTenantDefault(Boolean.TRUE.equals(body.isTenantDefault()))
            .meta(meta).fields(split.fields())
            .credentials(split.credentials() == null ? null : seal(caller.workspaceId(), tenant, id, split.credentials()))
            .credentialsExpireAt(split.credentials() == null ? null : split.credentials().expiresAt())
            .credentialsVersion(1).createdAt(now).updatedAt(now).version(1).build();
        connections.create(caller.tenantScope(), c);
        clearOtherDefaults(caller, c);
        return view(c);
    }

    public ConnectionView patch(Caller caller, String selector, ConnectionRequest body) {
        return change(caller, selector, body, false);
    }

    public ConnectionView put(Caller caller, String selector, ConnectionRequest body) {
        return change(caller, selector, body, true);
    }

    /** For code that builds the body itself (the connect flow's reconnect): bound and checked as the route's body. */
    public ConnectionView put(Caller caller, String selector, JsonNode body) {
        return put(caller, selector, bodies.read(body, ConnectionRequest.class));
    }

    /** {@code meta}: an object, or null (which PATCH and PUT store as "no meta"). */
    private static ObjectNode meta(ConnectionRequest body) {
        List<BodyErrors.Violation> violations = new ArrayList<>();
        ObjectNode meta = OpenJson.object(body.meta(), "meta", violations);
        OpenJson.refuseIfAny(violations);
        return meta;
    }

    private ConnectionView change(Caller caller, String selector, ConnectionRequest body, boolean replace) {
        BodyErrors.required(body);
        ObjectNode meta = meta(body);
        Connection current = get(caller, selector);
        Integration integration = integrations.requireActive(caller, current.integrationId());
        if (body.namesIntegration()) {
            Integration named = integrationFor(caller, body);
            if (!named.id().equals(current.integrationId())) {
                throw ApiException.validation("A connection cannot move to another integration; create a new connection");
            }
        }
        EffectiveIntegration effective = integrations.effective(integration);
        boolean credentialsGiven = body.givesCredentials();
        ConnectionCredentials existing = credentialsGiven && !replace ? credentials(current) : null;
        ConnectionCredentialInput.Split split = credentialsGiven ? ConnectionCredentialInput.split(effective.auth(), body, replace ? null : current.fields(), existing, true) : null;
        Connection.Builder next = current.toBuilder().updatedAt(Instant.now()).version(current.version() + 1);
        if (body.key() != null || replace) {
            next.key(body.key() != null ? body.key() : current.key());
        }
        if (body.name() != null || replace) {
            next.name(body.name() != null ? body.name() : integration.name());
        }
        if (OpenJson.given(body.meta()) || replace) {
            next.meta(meta);
        }
        if (body.isDefault() != null || replace) {
            next.isDefault(Boolean.TRUE.equals(body.isDefault()));
        }
        if (body.isTenantDefault() != null || replace) {
            next.isTenantDefault(Boolean.TRUE.equals(body.isTenantDefault()));
        }
        if (split != null) {
            next.fields(split.fields());
            if (split.credentials() != null) {
                next.credentials(seal(current.workspaceId(), current.tenantKey(), current.id(), split.credentials()))
                    .credentialsExpireAt(split.credentials().expiresAt())
                    .credentialsVersion(current.credentialsVersion() + 1)
                    .state(ConnectionState.READY).error(null);
            }
        }
        Connection saved = next.build();
        connections.update(caller.tenantScope(), current, saved);
        clearOtherDefaults(caller, saved);
        return view(saved);
    }

    public ConnectionView archive(Caller caller, String selector) {
        Connection current = get(caller, selector);
        if (current.archived()) {
            return view(current);
        }
        Connection next = current.toBuilder().archivedAt(Instant.now()).isDefault(false).isTenantDefault(false)
            .updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(caller.tenantScope(), current, next);
        return view(next);
    }

    public ConnectionView restore(Caller caller, String selector) {
        Connection current = get(caller, selector);
        if (!current.archived()) {
            return view(current);
        }
        Connection next = current.toBuilder().archivedAt(null).updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(caller.tenantScope(), current, next);
        return view(next);
    }

    /**
     * Refreshes OAuth2 credentials now (through the {@link CredentialRefresher} of functions that can call token
     * endpoints); for key, token and basic auth there is nothing to refresh and the connection is returned as is.
     */
    public Connection refreshCredentials(Caller caller, String selector) {
        Connection c = lookup.usable(caller, selector);
        Integration integration = integrations.requireActive(caller, c.integrationId());
        EffectiveIntegration effective = integrations.effective(integration);
        if (effective.auth() == null || !effective.auth().isOAuth2()) {
            return c;
        }
        CredentialRefresher refresher = refreshers.find(null).orElseThrow(() -> new ApiException(ErrorCode.CONFIGURATION_ERROR,
            "This function cannot call token endpoints"));
        return refresher.refresh(c, effective, true).connection();
    }

    /** See {@link ConnectionLookup#disconnectedError}. */
    public static ApiException disconnectedError(Connection c) {
        return ConnectionLookup.disconnectedError(c);
    }

    /** Marks a connection DISCONNECTED (an upstream refused its credentials for good), keeping why. */
    public Connection markDisconnected(Connection c, String reason) {
        Connection current = lookup.current(c);
        if (current.state() == ConnectionState.DISCONNECTED) {
            return current;
        }
        Connection next = current.toBuilder().state(ConnectionState.DISCONNECTED).error(reason).updatedAt(Instant.now())
            .version(current.version() + 1).build();
        try {
            connections.update(current.tenantScope(), current, next);
        } catch (ApiException e) {
            // Changed concurrently (e.g. reconnected meanwhile): the newer state stands.
        }
        return next;
    }

    /** Replaces a connection of the caller's tenant if the stored one is still {@code current} (optimistic). */
    public void update(Caller caller, Connection current, Connection next) {
        connections.update(caller.tenantScope(), current, next);
    }

    /** Keeps which external account a connection belongs to (the identity probe after connecting). */
    public Connection recordIdentity(Connection c, ExternalIdentity identity) {
        Connection current = lookup.current(c);
        Connection next = current.toBuilder().identity(identity).updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(c.tenantScope(), current, next);
        return next;
    }

    /** The server side of an OAuth2 authorization in progress, stored until the callback takes it (once). */
    public void putConnectState(Caller caller, String nonce, String data, Instant expiresAt) {
        connections.putConnectState(caller.tenantScope(), nonce, data, expiresAt);
    }

    public Optional<String> takeConnectState(Caller caller, String nonce) {
        return connections.takeConnectState(caller.tenantScope(), nonce);
    }

    private void clearOtherDefaults(Caller caller, Connection c) {
        if (!c.isDefault() && !c.isTenantDefault()) {
            return;
        }
        for (Connection other : connections.list(caller.tenantScope(), null, null, false, PageRequest.of("1000", null)).items()) {
            if (other.id().equals(c.id())) {
                continue;
            }
            boolean clearIntegration = c.isDefault() && other.isDefault() && other.integrationId().equals(c.integrationId());
            boolean clearTenant = c.isTenantDefault() && other.isTenantDefault();
            if (clearIntegration || clearTenant) {
                Connection.Builder b = other.toBuilder().updatedAt(Instant.now()).version(other.version() + 1);
                if (clearIntegration) {
                    b.isDefault(false);
                }
                if (clearTenant) {
                    b.isTenantDefault(false);
                }
                try {
                    connections.update(caller.tenantScope(), other, b.build());
                } catch (ApiException e) {
                    // A concurrent change wins; resolution reports ambiguity if two defaults remain.
                }
            }
        }
    }

    private Integration integrationFor(Caller caller, ConnectionRequest body) {
        String integrationId = body.integrationId();
        String integrationKey = body.integrationKey();
        String connectorKey = Optional.ofNullable(body.connectorKey()).orElse(body.connectorId());
        if (integrationId != null || integrationKey != null) {
            return integrations.requireActive(caller, integrationId != null ? integrationId : integrationKey);
        }
        if (connectorKey != null) {
            return integrations.ensureForConnector(caller, connectorKey);
        }
        throw ApiException.validation("Name what to connect: integrationKey, integrationId or connectorKey");
    }
}
