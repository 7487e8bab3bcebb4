package dev.actgate.shared.storage;

/**
 * The one way storage keys are composed: parts joined with {@code #}. Tenant-owned records live in the partition
 * {@link #tenantScope(String, String) workspaceId#tenantKey}; {@link dev.actgate.shared.auth.Caller#tenantScope()} and
 * {@code Connection.tenantScope()} build it through here, so no key is put together by hand. docs/storage.md lists
 * every table's keys.
 */
public final class Keys {
    public static final String SEPARATOR = "#";

    private Keys() {
    }

    /** The partition of a tenant's records: {@code workspaceId#tenantKey}. */
    public static String tenantScope(String workspaceId, String tenantKey) {
        return join(workspaceId, tenantKey);
    }

    /** {@code a#b#c}: a key from its parts, in order. */
    public static String join(String... parts) {
        return String.join(SEPARATOR, parts);
    }
}
