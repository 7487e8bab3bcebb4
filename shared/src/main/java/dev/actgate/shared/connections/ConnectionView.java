package dev.actgate.shared.connections;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/**
 * A connection as the API shows it: the field names the official SDK declares, the external identity, and never
 * a credential (there is no field that could hold one).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(
    String id,
    String key,
    String name,
    String tenantId,
    String integrationId,
    String integrationKey,
    String connectorKey,
    ConnectionState state,
    boolean connected,
    boolean disconnected,
    boolean isDefunct,
    Boolean isDefault,
    Boolean isTenantDefault,
    String error,
    ExternalIdentity externalIdentity,
    Map<String, String> fields,
    ObjectNode meta,
    Boolean canRefreshCredentials,
    Instant nextCredentialsRefreshAt,
    ClientAction clientAction,
    Instant createdAt,
    Instant updatedAt,
    Instant lastActiveAt,
    Instant archivedAt) {

    /** What the end user has to do before the connection works (the SDK's {@code clientAction}). */
    public record ClientAction(String type, String description, String uiUrl) {
    }

    public static ConnectionView of(Connection c, boolean refreshable, ClientAction clientAction) {
        return new ConnectionView(c.id(), c.key(), c.name(), c.tenantKey(), c.integrationId(), c.integrationKey(),
            c.connectorKey(), c.state(), c.state() == ConnectionState.READY, c.disconnected(), c.disconnected(),
            c.isDefault() ? Boolean.TRUE : null, c.isTenantDefault() ? Boolean.TRUE : null, c.error(), c.identity(),
            c.fields().isEmpty() ? null : c.fields(), c.meta(), refreshable ? Boolean.TRUE : null,
            refreshable ? c.credentialsExpireAt() : null, clientAction, c.createdAt(), c.updatedAt(), c.lastActiveAt(),
            c.archivedAt());
    }
}
