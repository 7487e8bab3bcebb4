package dev.actgate.shared.storage;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code actgate.cache.*}: the per-instance read cache in front of the connection and integration repositories that
 * the act function uses on its hot path (see docs/read-cache.md). {@code ttl} is the staleness bound: a change made
 * by another instance (a disconnect, an archive, rotated credentials) takes effect here at the latest {@code ttl}
 * after it was written; this instance's own writes take effect at once. {@code ttl} zero or {@code enabled=false}
 * turns the cache off.
 */
@ConfigurationProperties("actgate.cache")
public class ReadCacheSettings {
    private boolean enabled = true;
    private Duration ttl = Duration.ofSeconds(5);
    private long maxEntries = 10_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public long getMaxEntries() {
        return maxEntries;
    }

    public void setMaxEntries(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Whether a cache should be put in front of the repositories at all. */
    public boolean active() {
        return enabled && ttl != null && !ttl.isZero() && !ttl.isNegative() && maxEntries > 0;
    }
}
