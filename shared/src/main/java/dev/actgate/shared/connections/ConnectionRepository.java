package dev.actgate.shared.connections;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;

import java.util.Optional;

/**
 * Tenant-owned connections. Every method takes the tenant scope ({@code workspaceId#tenantKey}) as the partition,
 * so a lookup can only ever see the caller's own records.
 */
public interface ConnectionRepository {

    Optional<Connection> findById(String tenantScope, String id);

    Optional<Connection> findByKey(String tenantScope, String key);

    /** Active (not archived) connections, oldest first, optionally of one integration, matching {@code search}. */
    Page<Connection> list(String tenantScope, String integrationId, String search, boolean includeArchived, PageRequest page);

    /** Creates the record and claims its key (unique per tenant) in one transaction. */
    void create(String tenantScope, Connection connection);

    /** Replaces the record if its stored version is {@code next.version() - 1}; moves the key claim if it changed. */
    void update(String tenantScope, Connection previous, Connection next);

    /**
     * Takes the refresh lease: succeeds only if the stored credentials version is still {@code credentialsVersion}
     * and no unexpired lease is held. Exactly one of many concurrent callers wins.
     */
    boolean acquireRefreshLease(String tenantScope, String id, long credentialsVersion, java.time.Instant leaseUntil);

    /** Stores refreshed credentials, releasing the lease, if the credentials version is still {@code expectedVersion}. */
    boolean storeRefreshed(String tenantScope, Connection next, long expectedCredentialsVersion);

    /** Stores the server side of an OAuth2 authorization in progress (PKCE verifier, target connection), expiring. */
    void putConnectState(String tenantScope, String nonce, String data, java.time.Instant expiresAt);

    /** Takes it out, once: a second call with the same nonce (a replayed callback) finds nothing. */
    java.util.Optional<String> takeConnectState(String tenantScope, String nonce);
}
