package dev.actgate.shared.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code actgate.cache.*}: the per-instance read cache in front of the connection and integration repositories that
 * the act function uses on its hot path (see docs/read-cache.md). {@code ttl} is the staleness bound: a change made
 * by another instance (a disconnect, an archive, rotated credentials) takes effect here at the latest {@code ttl}
 * after it was written; this instance's own writes take effect at once. {@code ttl} zero or {@code enabled=false}
 * turns the cache off.
 */
@ConfigurationProperties("actgate.cache")
public record ReadCacheSettings(@Bindable(defaultValue = "true") boolean enabled,
                                @Bindable(defaultValue = "5s") Duration ttl,
                                @Bindable(defaultValue = "10000") long maxEntries) {

    /** Whether a cache should be put in front of the repositories at all. */
    public boolean active() {
        return enabled && ttl != null && !ttl.isZero() && !ttl.isNegative() && maxEntries > 0;
    }
}
