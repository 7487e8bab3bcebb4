package dev.actgate.shared.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Ids;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Which connection a selector names, and the states in which one is refused. A connection is only ever looked up
 * inside the caller's own tenant partition, so another tenant's id or key is simply "not found" (404, not 403: ids
 * do not leak). Which connection a dispatch runs against when none is named is
 * {@link dev.actgate.shared.dispatch.DispatchResolver}'s job.
 */
@Singleton
public class ConnectionLookup {
    private final ConnectionRepository connections;

    public ConnectionLookup(ConnectionRepository connections) {
        this.connections = connections;
    }

    /** By id or key in the caller's tenant, archived included (so it can be restored). */
    public Connection get(Caller caller, String selector) {
        return find(caller, selector).orElseThrow(() -> notFound(selector));
    }

    /** By id or key in the caller's tenant, refused (404) when archived. */
    public Connection usable(Caller caller, String selector) {
        Connection c = find(caller, selector).orElseThrow(() -> notFound(selector));
        if (c.archived()) {
            throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "Connection '" + selector + "' is archived");
        }
        return c;
    }

    /** By key in the caller's tenant, archived included. */
    public Optional<Connection> findByKey(Caller caller, String key) {
        return connections.findByKey(caller.tenantScope(), key);
    }

    /** The stored state of {@code c}, or {@code c} itself if it is gone. */
    Connection current(Connection c) {
        return connections.findById(c.tenantScope(), c.id()).orElse(c);
    }

    private Optional<Connection> find(Caller caller, String selector) {
        if (selector == null || selector.isBlank() || selector.length() > 256) {
            return Optional.empty();
        }
        String scope = caller.tenantScope();
        if (Ids.looksLikeId(selector, "conn")) {
            Optional<Connection> byId = connections.findById(scope, selector);
            if (byId.isPresent()) {
                return byId;
            }
        }
        return connections.findByKey(scope, selector);
    }

    private static ApiException notFound(String selector) {
        return ApiException.notFound(ErrorCode.CONNECTION_NOT_FOUND, "Connection", selector);
    }

    /** The error every door returns for a disconnected connection: the guide's {@code CONNECTION_DISCONNECTED}. */
    public static ApiException disconnectedError(Connection c) {
        return new ApiException(ErrorCode.CONNECTION_DISCONNECTED, "Connection '" + c.key() + "' is disconnected"
            + (c.error() == null ? "" : ": " + c.error()) + ". The user must reconnect it (ui.connect({ connectionId }))",
            Map.of("connectionId", c.id(), "connectionKey", c.key()));
    }
}
