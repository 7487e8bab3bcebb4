package dev.actgate.shared.integrations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.ReadCacheSettings;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A per-instance cache in front of another {@link IntegrationRepository} for the reads the act hot path makes (by id,
 * by key). Same rules as {@link dev.actgate.shared.connections.CachingConnectionRepository}: entries expire
 * {@link ReadCacheSettings#ttl()} after the read (the staleness bound for changes made elsewhere, such as an
 * archive or a rotated secret parameter), keys carry the workspace id the record was read under (integrations belong
 * to a workspace, so no entry can answer another workspace), this instance's writes drop the entries they touch,
 * only found records are cached, listing always goes to the table.
 */
public final class CachingIntegrationRepository implements IntegrationRepository {
    private record Key(String workspaceId, boolean byId, String value) {
    }

    private final IntegrationRepository table;
    private final Cache<Key, Integration> cache;

    public CachingIntegrationRepository(IntegrationRepository table, ReadCacheSettings settings) {
        this.table = table;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maxEntries()).build();
    }

    @Override
    public Optional<Integration> findById(String workspaceId, String id) {
        return cached(new Key(workspaceId, true, id), () -> table.findById(workspaceId, id));
    }

    @Override
    public Optional<Integration> findByKey(String workspaceId, String key) {
        return cached(new Key(workspaceId, false, key), () -> table.findByKey(workspaceId, key));
    }

    private Optional<Integration> cached(Key key, Supplier<Optional<Integration>> read) {
        Integration hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Integration> found = read.get();
        found.ifPresent(i -> cache.put(key, i));
        return found;
    }

    @Override
    public Page<Integration> list(String workspaceId, String search, boolean includeArchived, PageRequest page) {
        return table.list(workspaceId, search, includeArchived, page);
    }

    @Override
    public void create(Integration integration) {
        try {
            table.create(integration);
        } finally {
            forget(integration);
        }
    }

    @Override
    public void update(Integration previous, Integration next) {
        try {
            table.update(previous, next);
        } finally {
            forget(previous);
            forget(next);
        }
    }

    private void forget(Integration i) {
        cache.invalidate(new Key(i.workspaceId(), true, i.id()));
        cache.invalidate(new Key(i.workspaceId(), false, i.key()));
        cache.asMap().entrySet().removeIf(e -> e.getKey().workspaceId().equals(i.workspaceId()) && i.id().equals(e.getValue().id()));
    }
}
