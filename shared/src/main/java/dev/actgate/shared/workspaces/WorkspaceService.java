package dev.actgate.shared.workspaces;

import dev.actgate.shared.storage.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;

import java.time.Duration;

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
     * Two bounded caches (Caffeine: size bound and expiry after write): known workspaces, and keys that name none, for
     * at most a second. Tokens with random workspace keys only ever fill (and evict within) the second one, so they
     * cannot flush the real workspaces out of the first. Maintenance runs on the caller's thread, so a bound holds as
     * soon as a write returns.
     */
    private final Cache<String, Cached> known;
    private final Cache<String, Cached> unknown;

    public WorkspaceService(WorkspaceRepository repository) {
        this(repository, DEFAULT_CACHE_MILLIS);
    }

    @jakarta.inject.Inject
    public WorkspaceService(WorkspaceRepository repository,
                            @io.micronaut.context.annotation.Value("${actgate.auth.workspace-cache-ms:5000}") long cacheMillis) {
        this.repository = repository;
        this.cacheMillis = cacheMillis;
        this.known = Caffeine.newBuilder().maximumSize(MAX_WORKSPACES).expireAfterWrite(Duration.ofMillis(Math.max(1, cacheMillis)))
            .executor(Runnable::run).build();
        this.unknown = Caffeine.newBuilder().maximumSize(MAX_UNKNOWN_KEYS)
            .expireAfterWrite(Duration.ofMillis(Math.max(1, Math.min(cacheMillis, NEGATIVE_CACHE_MILLIS)))).executor(Runnable::run).build();
    }

    public Optional<Workspace> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Cached c = known.getIfPresent(key);
        if (c != null) {
            return c.workspace;
        }
        if (unknown.getIfPresent(key) != null) {
            return Optional.empty();
        }
        return load(key, System.currentTimeMillis());
    }

    /** Entries in the two caches (known, unknown): for tests and diagnostics. */
    int[] cacheSizes() {
        known.cleanUp();
        unknown.cleanUp();
        return new int[] {(int) known.estimatedSize(), (int) unknown.estimatedSize()};
    }

    /** A fresh read, unless one happened within the last second. Empty when nothing newer is known. */
    public Optional<Workspace> fresh(String key) {
        if (key == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Cached c = known.getIfPresent(key);
        if (c == null) {
            c = unknown.getIfPresent(key);
        }
        if (c != null && now - c.loadedAt < MIN_REFRESH_MILLIS) {
            return Optional.empty();
        }
        return load(key, now);
    }

    private Optional<Workspace> load(String key, long now) {
        Optional<Workspace> w = repository.findByKey(key);
        if (w.isPresent()) {
            unknown.invalidate(key);
            known.put(key, new Cached(w, now));
        } else {
            known.invalidate(key);
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
        known.invalidate(key);
        unknown.invalidate(key);
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
        known.invalidate(next.key());
        return next;
    }
}
