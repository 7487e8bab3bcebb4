package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.credentials.SealedSecret;

import java.time.Instant;
import java.util.Map;

/**
 * A tenant's authenticated link to one external app through one integration. Secrets live only in
 * {@link #credentials}, sealed (encrypted, bound to this record); everything else is safe to show.
 *
 * @param fields              non-secret connection fields (a subdomain, an instance URL, a cloud id)
 * @param credentialsExpireAt when the access token expires (OAuth2), else null
 * @param credentialsVersion  bumped on every credential change; the refresh lease is a conditional write on it
 * @param isDefault           the tenant's default connection for its integration
 * @param isTenantDefault     the tenant's default connection when a call names no connection or integration
 */
public record Connection(
    String id,
    String key,
    String name,
    String workspaceId,
    String tenantKey,
    String integrationId,
    String integrationKey,
    String connectorKey,
    ConnectionState state,
    String error,
    boolean isDefault,
    boolean isTenantDefault,
    ObjectNode meta,
    Map<String, String> fields,
    ExternalIdentity identity,
    SealedSecret credentials,
    Instant credentialsExpireAt,
    long credentialsVersion,
    Instant refreshLeaseUntil,
    Instant createdAt,
    Instant updatedAt,
    Instant lastActiveAt,
    Instant archivedAt,
    long version) {

    public Connection {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** The partition this connection is stored in: its workspace and tenant. */
    public String tenantScope() {
        return dev.actgate.shared.storage.Keys.tenantScope(workspaceId, tenantKey);
    }

    public boolean disconnected() {
        return state == ConnectionState.DISCONNECTED;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with-changes for an immutable record with many fields. */
    public static final class Builder {
        private String id, key, name, workspaceId, tenantKey, integrationId, integrationKey, connectorKey, error;
        private ConnectionState state;
        private boolean isDefault, isTenantDefault;
        private ObjectNode meta;
        private Map<String, String> fields;
        private ExternalIdentity identity;
        private SealedSecret credentials;
        private Instant credentialsExpireAt, refreshLeaseUntil, createdAt, updatedAt, lastActiveAt, archivedAt;
        private long credentialsVersion, version;

        public Builder() {
        }

        Builder(Connection c) {
            id = c.id; key = c.key; name = c.name; workspaceId = c.workspaceId; tenantKey = c.tenantKey;
            integrationId = c.integrationId; integrationKey = c.integrationKey; connectorKey = c.connectorKey;
            state = c.state; error = c.error; isDefault = c.isDefault; isTenantDefault = c.isTenantDefault; meta = c.meta;
            fields = c.fields; identity = c.identity; credentials = c.credentials;
            credentialsExpireAt = c.credentialsExpireAt; credentialsVersion = c.credentialsVersion;
            refreshLeaseUntil = c.refreshLeaseUntil; createdAt = c.createdAt; updatedAt = c.updatedAt;
            lastActiveAt = c.lastActiveAt; archivedAt = c.archivedAt; version = c.version;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder key(String v) { key = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder workspaceId(String v) { workspaceId = v; return this; }
        public Builder tenantKey(String v) { tenantKey = v; return this; }
        public Builder integrationId(String v) { integrationId = v; return this; }
        public Builder integrationKey(String v) { integrationKey = v; return this; }
        public Builder connectorKey(String v) { connectorKey = v; return this; }
        public Builder state(ConnectionState v) { state = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder isDefault(boolean v) { isDefault = v; return this; }
        public Builder isTenantDefault(boolean v) { isTenantDefault = v; return this; }
        public Builder meta(ObjectNode v) { meta = v; return this; }
        public Builder fields(Map<String, String> v) { fields = v; return this; }
        public Builder identity(ExternalIdentity v) { identity = v; return this; }
        public Builder credentials(SealedSecret v) { credentials = v; return this; }
        public Builder credentialsExpireAt(Instant v) { credentialsExpireAt = v; return this; }
        public Builder credentialsVersion(long v) { credentialsVersion = v; return this; }
        public Builder refreshLeaseUntil(Instant v) { refreshLeaseUntil = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder lastActiveAt(Instant v) { lastActiveAt = v; return this; }
        public Builder archivedAt(Instant v) { archivedAt = v; return this; }
        public Builder version(long v) { version = v; return this; }

        public Connection build() {
            return new Connection(id, key, name, workspaceId, tenantKey, integrationId, integrationKey, connectorKey,
                state, error, isDefault, isTenantDefault, meta, fields, identity, credentials, credentialsExpireAt,
                credentialsVersion, refreshLeaseUntil, createdAt, updatedAt, lastActiveAt, archivedAt, version);
        }
    }
}
