package dev.actgate.shared.connections;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.ReadCacheSettings;
import dev.actgate.shared.storage.RecordCache;

import java.time.Instant;
import java.util.Optional;

/**
 * A per-instance cache in front of another {@link ConnectionRepository} for the two reads the act hot path makes
 * (by id, by key), so that a warm {@code /act} reads no connection from DynamoDB.
 * <ul>
 *   <li><b>Bounded staleness.</b> Entries expire {@link ReadCacheSettings#ttl()} after they were read, so a change
 *   written by another instance is seen at the latest that long after.</li>
 *   <li><b>Scoped keys.</b> Every entry is keyed by the tenant scope ({@code workspaceId#tenantKey}) the caller passed,
 *   which is also the partition it was read from: an entry of one tenant can never answer another tenant's lookup.</li>
 *   <li><b>Write-through invalidation.</b> Every write this instance makes through this repository (including the
 *   refresh lease and refreshed credentials) drops the entries of that connection, whether the write succeeded or
 *   lost a condition: a lost condition means our copy is stale, so the next read goes to the table.</li>
 *   <li>Only found records are cached: a connection created elsewhere is visible at once.</li>
 * </ul>
 * Listing and the OAuth2 connect state always go to the table.
 */
public final class CachingConnectionRepository implements ConnectionRepository {
    private final ConnectionRepository table;
    private final RecordCache<Connection> cache;

    public CachingConnectionRepository(ConnectionRepository table, ReadCacheSettings settings) {
        this.table = table;
        this.cache = new RecordCache<>(settings, Connection::id);
    }

    @Override
    public Optional<Connection> findById(String tenantScope, String id) {
        return cache.byId(tenantScope, id, () -> table.findById(tenantScope, id));
    }

    @Override
    public Optional<Connection> findByKey(String tenantScope, String key) {
        return cache.byKey(tenantScope, key, () -> table.findByKey(tenantScope, key));
    }

    @Override
    public Page<Connection> list(String tenantScope, String integrationId, String search, boolean includeArchived, PageRequest page) {
        return table.list(tenantScope, integrationId, search, includeArchived, page);
    }

    @Override
    public void create(String tenantScope, Connection connection) {
        try {
            table.create(tenantScope, connection);
        } finally {
            cache.forget(tenantScope, connection.id(), connection.key());
        }
    }

    @Override
    public void update(String tenantScope, Connection previous, Connection next) {
        try {
            table.update(tenantScope, previous, next);
        } finally {
            cache.forget(tenantScope, previous.id(), previous.key());
            cache.forget(tenantScope, next.id(), next.key());
        }
    }

    @Override
    public boolean acquireRefreshLease(String tenantScope, String id, long credentialsVersion, Instant leaseUntil) {
        try {
            return table.acquireRefreshLease(tenantScope, id, credentialsVersion, leaseUntil);
        } finally {
            cache.forget(tenantScope, id, null);
        }
    }

    @Override
    public boolean storeRefreshed(String tenantScope, Connection next, long expectedCredentialsVersion) {
        try {
            return table.storeRefreshed(tenantScope, next, expectedCredentialsVersion);
        } finally {
            cache.forget(tenantScope, next.id(), next.key());
        }
    }

    @Override
    public void putConnectState(String tenantScope, String nonce, String data, Instant expiresAt) {
        table.putConnectState(tenantScope, nonce, data, expiresAt);
    }

    @Override
    public Optional<String> takeConnectState(String tenantScope, String nonce) {
        return table.takeConnectState(tenantScope, nonce);
    }
}
