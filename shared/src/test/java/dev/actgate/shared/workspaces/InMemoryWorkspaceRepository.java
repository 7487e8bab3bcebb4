package dev.actgate.shared.workspaces;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workspaces in a map, counting reads per key: for unit tests of the caches above the repository (the workspace
 * cache, the token verifier), where what matters is how often storage is asked, not DynamoDB itself (the Dynamo
 * repository has its own integration tests on DynamoDB Local).
 */
public final class InMemoryWorkspaceRepository implements WorkspaceRepository {
    public final Map<String, Workspace> stored = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    @Override
    public Optional<Workspace> findByKey(String key) {
        reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return Optional.ofNullable(stored.get(key));
    }

    @Override
    public void create(Workspace w) {
        stored.put(w.key(), w);
    }

    @Override
    public void update(Workspace w) {
        stored.put(w.key(), w);
    }

    /** How many times storage was asked for this key. */
    public int reads(String key) {
        AtomicInteger n = reads.get(key);
        return n == null ? 0 : n.get();
    }
}
