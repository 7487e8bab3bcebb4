package dev.actgate.shared.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A bounded map whose entries expire a fixed time after being written: Caffeine (issue 10, item 8), with the clock
 * as its ticker so tests can move time. Caffeine promises the size bound and the expiry, not strict LRU order
 * (its W-TinyLFU policy may keep a frequently used key over a recent one), which is all the cipher needs: a bound on
 * memory and on how long an unwrapped data key lives. Maintenance runs on the calling thread, so the bound holds
 * as soon as a write returns.
 */
final class ExpiringCache<K, V> {
    private final Cache<K, V> cache;

    ExpiringCache(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl)
            .ticker(nanoClock::getAsLong).executor(Runnable::run).build();
    }

    V get(K key) {
        return cache.getIfPresent(key);
    }

    void put(K key, V value) {
        cache.put(key, value);
    }

    int size() {
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }
}
