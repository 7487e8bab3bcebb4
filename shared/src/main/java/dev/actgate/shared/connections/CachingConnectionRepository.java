package dev.actgate.shared.connections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.ReadCacheSettings;

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
    private record Key(String scope, boolean byId, String value) {
    }

    private final ConnectionRepository table;
    private final Cache<Key, Connection> cache;

    public CachingConnectionRepository(ConnectionRepository table, ReadCacheSettings settings) {
        this.table = table;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maxEntries()).build();
    }

    @Override
    public Optional<Connection> findById(String tenantScope, String id) {
        return cached(new Key(tenantScope, true, id), () -> table.findById(tenantScope, id));
    }

    @Override
    public Optional<Connection> findByKey(String tenantScope, String key) {
        return cached(new Key(tenantScope, false, key), () -> table.findByKey(tenantScope, key));
    }

    private Optional<Connection> cached(Key key, java.util.function.Supplier<Optional<Connection>> read) {
        Connection hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Connection> found = read.get();
        found.ifPresent(c -> cache.put(key, c));
        return found;
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
            forget(tenantScope, connection.id(), connection.key());
        }
    }

    @Override
    public void update(String tenantScope, Connection previous, Connection next) {
        try {
            table.update(tenantScope, previous, next);
        } finally {
            forget(tenantScope, previous.id(), previous.key());
            forget(tenantScope, next.id(), next.key());
        }
    }

    @Override
    public boolean acquireRefreshLease(String tenantScope, String id, long credentialsVersion, Instant leaseUntil) {
        try {
            return table.acquireRefreshLease(tenantScope, id, credentialsVersion, leaseUntil);
        } finally {
            forget(tenantScope, id, null);
        }
    }

    @Override
    public boolean storeRefreshed(String tenantScope, Connection next, long expectedCredentialsVersion) {
        try {
            return table.storeRefreshed(tenantScope, next, expectedCredentialsVersion);
        } finally {
            forget(tenantScope, next.id(), next.key());
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

    /** Drops every entry of this scope that names the connection (by id, by key, or holding that record). */
    private void forget(String scope, String id, String key) {
        if (id != null) {
            cache.invalidate(new Key(scope, true, id));
        }
        if (key != null) {
            cache.invalidate(new Key(scope, false, key));
        }
        if (id != null) {
            // The key entry of a connection whose key we were not told (the lease) or that was renamed elsewhere.
            cache.asMap().entrySet().removeIf(e -> e.getKey().scope().equals(scope) && id.equals(e.getValue().id()));
        }
    }
}
