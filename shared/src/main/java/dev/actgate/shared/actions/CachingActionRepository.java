package dev.actgate.shared.actions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.actgate.shared.storage.ReadCacheSettings;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A per-instance cache in front of another {@link ActionRepository} for the reads a saved-action {@code /act} makes:
 * by key (every scope's claim of the key in one partition, with their records), by id, and pinned revisions. Without
 * it, {@code {connectionKey, key}} costs two Queries (workspace and tenant partitions) and a GetItem per claim.
 * <ul>
 *   <li><b>Bounded staleness.</b> Entries expire {@link ReadCacheSettings#ttl()} after they were read
 *   (expire-after-write), so an action changed, archived or created by another instance is seen at the latest that
 *   long after. Unlike the connection cache, <em>empty</em> answers are cached too: the lookup asks the tenant
 *   partition for every key, and it is usually empty; a connection-level override created elsewhere therefore
 *   takes effect within the bound, like any other change.</li>
 *   <li><b>Scoped keys.</b> An entry is keyed by the partition it was read from, which names the workspace
 *   ({@code workspaceId}) and, for a tenant's actions, the tenant ({@code workspaceId#tenantKey}): an entry of one
 *   tenant's partition can never answer another tenant's lookup, nor one workspace's another's.</li>
 *   <li><b>Write-through invalidation.</b> Every write through this repository drops all entries of the partition it
 *   wrote to, whether it succeeded or lost its condition (then our copy was stale).</li>
 * </ul>
 * Listing (the management views) always goes to the table.
 */
public final class CachingActionRepository implements ActionRepository {
    private enum Kind { BY_ID, BY_KEY, REVISION }

    private record Key(String partition, Kind kind, String value, int revision) {
    }

    private final ActionRepository table;
    private final Cache<Key, Object> cache;

    public CachingActionRepository(ActionRepository table, ReadCacheSettings settings) {
        this.table = table;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maxEntries()).build();
    }

    @Override
    public Optional<SavedAction> findById(String partition, String id) {
        return cached(new Key(partition, Kind.BY_ID, id, 0), () -> table.findById(partition, id));
    }

    @Override
    public List<SavedAction> findByKey(String partition, String key) {
        return cached(new Key(partition, Kind.BY_KEY, key, 0), () -> List.copyOf(table.findByKey(partition, key)));
    }

    @Override
    public Optional<ActionRevision> revision(String partition, String actionId, int revision) {
        return cached(new Key(partition, Kind.REVISION, actionId, revision), () -> table.revision(partition, actionId, revision));
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Key key, Supplier<T> read) {
        Object hit = cache.getIfPresent(key);
        if (hit != null) {
            return (T) hit;
        }
        T value = read.get();
        cache.put(key, value);
        return value;
    }

    @Override
    public List<SavedAction> list(String partition) {
        return table.list(partition);
    }

    @Override
    public List<ActionRevision> revisions(String partition, String actionId) {
        return table.revisions(partition, actionId);
    }

    @Override
    public void create(SavedAction action) {
        try {
            table.create(action);
        } finally {
            forget(action.partition());
        }
    }

    @Override
    public void update(SavedAction previous, SavedAction next) {
        try {
            table.update(previous, next);
        } finally {
            forget(previous.partition());
            forget(next.partition());
        }
    }

    /** Drops every entry read from this partition: a write may change any key's or id's answer there. */
    private void forget(String partition) {
        cache.asMap().keySet().removeIf(k -> k.partition().equals(partition));
    }
}
