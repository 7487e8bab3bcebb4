package dev.actgate.shared.integrations;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.ReadCacheSettings;
import dev.actgate.shared.storage.RecordCache;

import java.util.Optional;

/**
 * A per-instance cache in front of another {@link IntegrationRepository} for the reads the act hot path makes (by id,
 * by key). Same rules as {@link dev.actgate.shared.connections.CachingConnectionRepository}: entries expire
 * {@link ReadCacheSettings#ttl()} after the read (the staleness bound for changes made elsewhere, such as an
 * archive or a rotated secret parameter), keys carry the workspace id the record was read under (integrations belong
 * to a workspace, so no entry can answer another workspace), this instance's writes drop the entries they touch,
 * only found records are cached, listing always goes to the table.
 */
public final class CachingIntegrationRepository implements IntegrationRepository {
    private final IntegrationRepository table;
    private final RecordCache<Integration> cache;

    public CachingIntegrationRepository(IntegrationRepository table, ReadCacheSettings settings) {
        this.table = table;
        this.cache = new RecordCache<>(settings, Integration::id);
    }

    @Override
    public Optional<Integration> findById(String workspaceId, String id) {
        return cache.byId(workspaceId, id, () -> table.findById(workspaceId, id));
    }

    @Override
    public Optional<Integration> findByKey(String workspaceId, String key) {
        return cache.byKey(workspaceId, key, () -> table.findByKey(workspaceId, key));
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
        cache.forget(i.workspaceId(), i.id(), i.key());
    }
}
