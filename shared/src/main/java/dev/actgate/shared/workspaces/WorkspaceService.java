package dev.actgate.shared.workspaces;

import dev.actgate.shared.storage.Ids;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workspace lookups for every request, with a short in-memory cache ({@code actgate.auth.workspace-cache-ms},
 * default 5 s): a warm Lambda under load verifies tokens with about one DynamoDB read per 5 seconds. A retired
 * secret stops working within that time; a token that fails against the cached copy, or uses the older of two
 * secrets, triggers a {@link #fresh} read at once.
 */
@Singleton
public class WorkspaceService {
    static final long DEFAULT_CACHE_MILLIS = 5_000;
    /** A burst of badly signed tokens may not turn into a burst of reads: at most one fresh read per second. */
    static final long MIN_REFRESH_MILLIS = 1_000;

    /** Keys that name no workspace are remembered this long: a typo is retried soon, a flood costs one read per key per second. */
    static final long NEGATIVE_CACHE_MILLIS = 1_000;
    static final int MAX_WORKSPACES = 10_000;
    static final int MAX_UNKNOWN_KEYS = 2_000;

    private record Cached(Optional<Workspace> workspace, long loadedAt) {
    }

    private final WorkspaceRepository repository;
    private final long cacheMillis;
    /**
     * Two bounded LRU maps: known workspaces, and keys that name none. Tokens with random workspace keys only ever
     * fill (and evict within) the second one, so they cannot flush the real workspaces out of the cache.
     */
    private final Lru known = new Lru(MAX_WORKSPACES);
    private final Lru unknown = new Lru(MAX_UNKNOWN_KEYS);

    private static final class Lru {
        private final java.util.LinkedHashMap<String, Cached> map;

        Lru(int max) {
            this.map = new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Cached> eldest) {
                    return size() > max;
                }
            };
        }

        synchronized Cached get(String key) {
            return map.get(key);
        }

        synchronized void put(String key, Cached value) {
            map.put(key, value);
        }

        synchronized void remove(String key) {
            map.remove(key);
        }

        synchronized int size() {
            return map.size();
        }
    }

    public WorkspaceService(WorkspaceRepository repository) {
        this(repository, DEFAULT_CACHE_MILLIS);
    }

    @jakarta.inject.Inject
    public WorkspaceService(WorkspaceRepository repository,
                            @io.micronaut.context.annotation.Value("${actgate.auth.workspace-cache-ms:5000}") long cacheMillis) {
        this.repository = repository;
        this.cacheMillis = cacheMillis;
    }

    public Optional<Workspace> find(String key) {
        long now = System.currentTimeMillis();
        Cached c = known.get(key);
        if (c != null && now - c.loadedAt < cacheMillis) {
            return c.workspace;
        }
        Cached miss = unknown.get(key);
        if (c == null && miss != null && now - miss.loadedAt < Math.min(cacheMillis, NEGATIVE_CACHE_MILLIS)) {
            return Optional.empty();
        }
        return load(key, now);
    }

    /** Entries in the two caches (known, unknown): for tests and diagnostics. */
    int[] cacheSizes() {
        return new int[] {known.size(), unknown.size()};
    }

    /** A fresh read, unless one happened within the last second. Empty when nothing newer is known. */
    public Optional<Workspace> fresh(String key) {
        long now = System.currentTimeMillis();
        Cached c = known.get(key);
        if (c == null) {
            c = unknown.get(key);
        }
        if (c != null && now - c.loadedAt < MIN_REFRESH_MILLIS) {
            return Optional.empty();
        }
        return load(key, now);
    }

    private Optional<Workspace> load(String key, long now) {
        Optional<Workspace> w = repository.findByKey(key);
        if (w.isPresent()) {
            unknown.remove(key);
            known.put(key, new Cached(w, now));
        } else {
            known.remove(key);
            unknown.put(key, new Cached(w, now));
        }
        return w;
    }

    /** Creates a workspace with one fresh signing secret. */
    public Workspace create(String key, String name) {
        Instant now = Instant.now();
        Workspace w = new Workspace(Ids.newId("ws"), key, name == null ? key : name,
            List.of(new Workspace.SigningSecret(Ids.newId("sec"), Ids.randomToken(32), now)), List.of(),
            WorkspaceSettings.defaults(), now, 1);
        repository.create(w);
        known.remove(key);
        unknown.remove(key);
        return w;
    }

    /** Adds a new secret; the older of two active ones is retired, so tokens signed with it stop working. */
    public Workspace rotateSecret(Workspace current) {
        List<Workspace.SigningSecret> secrets = new ArrayList<>(current.secrets());
        secrets.add(new Workspace.SigningSecret(Ids.newId("sec"), Ids.randomToken(32), Instant.now()));
        while (secrets.size() > Workspace.MAX_ACTIVE_SECRETS) {
            secrets.remove(0);
        }
        return save(new Workspace(current.id(), current.key(), current.name(), secrets, current.publicKeys(),
            current.settings(), current.createdAt(), current.version() + 1));
    }

    public Workspace save(Workspace next) {
        repository.update(next);
        known.remove(next.key());
        return next;
    }
}
