package dev.actgate.shared.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Caffeine cache behind the read caches of records found by id or by key in a partition
 * ({@code CachingConnectionRepository}, {@code CachingIntegrationRepository}; see docs/read-cache.md): entries
 * expire {@link ReadCacheSettings#ttl()} after they were read, are keyed by the partition they were read from (so an
 * entry of one partition never answers another's lookup), and only found records are kept (a record created
 * elsewhere is visible at once).
 *
 * @param <V> the record; {@code idOf} names its id, so a write can drop the entries that hold it
 */
public final class RecordCache<V> {
    private record Key(String partition, boolean byId, String value) {
    }

    private final Cache<Key, V> cache;
    private final Function<V, String> idOf;

    public RecordCache(ReadCacheSettings settings, Function<V, String> idOf) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maxEntries()).build();
        this.idOf = idOf;
    }

    /** The cached record with this id in this partition, else what {@code read} finds (kept when found). */
    public Optional<V> byId(String partition, String id, Supplier<Optional<V>> read) {
        return cached(new Key(partition, true, id), read);
    }

    /** The cached record with this key in this partition, else what {@code read} finds (kept when found). */
    public Optional<V> byKey(String partition, String key, Supplier<Optional<V>> read) {
        return cached(new Key(partition, false, key), read);
    }

    private Optional<V> cached(Key key, Supplier<Optional<V>> read) {
        V hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<V> found = read.get();
        found.ifPresent(v -> cache.put(key, v));
        return found;
    }

    /**
     * Drops every entry of this partition that names the record: by id, by key, and any entry holding a record with
     * this id (the key entry of a record whose key the writer was not told, or that was renamed elsewhere).
     * {@code id} or {@code key} may be null when the writer does not know it.
     */
    public void forget(String partition, String id, String key) {
        if (id != null) {
            cache.invalidate(new Key(partition, true, id));
        }
        if (key != null) {
            cache.invalidate(new Key(partition, false, key));
        }
        if (id != null) {
            cache.asMap().entrySet().removeIf(e -> e.getKey().partition().equals(partition) && id.equals(idOf.apply(e.getValue())));
        }
    }
}
