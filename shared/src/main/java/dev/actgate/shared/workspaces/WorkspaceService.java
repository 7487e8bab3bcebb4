package dev.actgate.shared.workspaces;

import dev.actgate.shared.storage.Ids;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    private record Cached(Optional<Workspace> workspace, long loadedAt) {
    }

    private final WorkspaceRepository repository;
    private final long cacheMillis;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

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
        Cached c = cache.get(key);
        if (c != null && now - c.loadedAt < cacheMillis) {
            return c.workspace;
        }
        return load(key, now);
    }

    /** A fresh read, unless one happened within the last second. Empty when nothing newer is known. */
    public Optional<Workspace> fresh(String key) {
        long now = System.currentTimeMillis();
        Cached c = cache.get(key);
        if (c != null && now - c.loadedAt < MIN_REFRESH_MILLIS) {
            return Optional.empty();
        }
        return load(key, now);
    }

    private Optional<Workspace> load(String key, long now) {
        Optional<Workspace> w = repository.findByKey(key);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(w, now));
        return w;
    }

    /** Creates a workspace with one fresh signing secret. */
    public Workspace create(String key, String name) {
        Instant now = Instant.now();
        Workspace w = new Workspace(Ids.newId("ws"), key, name == null ? key : name,
            List.of(new Workspace.SigningSecret(Ids.newId("sec"), Ids.randomToken(32), now)), List.of(),
            WorkspaceSettings.defaults(), now, 1);
        repository.create(w);
        cache.remove(key);
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
        cache.remove(next.key());
        return next;
    }
}
