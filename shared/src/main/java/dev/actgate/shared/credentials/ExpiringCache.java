package dev.actgate.shared.credentials;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A small bounded LRU map whose entries expire a fixed time after being written. Synchronized: the critical sections
 * are a map lookup, far cheaper than the KMS call a hit saves. Kept hand-written on purpose: eviction here must be
 * strict LRU with a testable clock (CredentialCipherCacheTest pins both), which Caffeine's W-TinyLFU does not
 * promise, and the act archive is within 2 MB of Lambda's 50 MB direct-upload limit.
 */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, long expiresAt) {
    }

    private final LinkedHashMap<K, Entry<V>> map;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    ExpiringCache(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized V get(K key) {
        Entry<V> e = map.get(key);
        if (e == null) {
            return null;
        }
        if (nanoClock.getAsLong() - e.expiresAt() >= 0) {
            map.remove(key);
            return null;
        }
        return e.value();
    }

    synchronized void put(K key, V value) {
        map.put(key, new Entry<>(value, nanoClock.getAsLong() + ttlNanos));
    }

    synchronized int size() {
        return map.size();
    }
}
