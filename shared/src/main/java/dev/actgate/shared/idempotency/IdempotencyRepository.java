package dev.actgate.shared.idempotency;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where idempotency keys live (the idempotency table; docs/storage.md). {@code key} is the full scoped key
 * (workspace, tenant, route, caller's key); {@code owner} is a random token of the invocation holding the claim.
 */
public interface IdempotencyRepository {
    /** Claims the key for a new request, unless it is held or done and not yet expired. Returns false when taken. */
    boolean claim(String key, String requestHash, String owner, Instant now, Instant claimExpiresAt);

    /** The stored state, read consistently; empty if it expired or was released meanwhile. */
    Optional<IdempotencyRecord> find(String key);

    /** Stores the response, if {@code owner} still holds the claim; returns false when someone else took the key. */
    boolean complete(String key, String requestHash, String owner, int status, String body, Map<String, String> headers,
                     Instant expiresAt);

    /** Gives the key up (the request failed in a way worth retrying), if {@code owner} still holds it. */
    void release(String key, String owner);
}
