package dev.actgate.shared.actions;

import java.time.Instant;

/**
 * A workspace's reusable action at one level, with the content of its current revision.
 * <ul>
 *   <li>{@code universal}: no integration, no connection; runs through whichever connection the caller names;</li>
 *   <li>{@code integration}: for every connection of one integration;</li>
 *   <li>{@code connection}: for one tenant's connection (stored in that tenant's partition).</li>
 * </ul>
 * The same key may exist once per scope ({@link #scope()}); {@code /act} by key prefers connection over integration
 * over universal.
 *
 * @param tenantKey     owner of a connection-level action, else null
 * @param connectorKey  the integration's connector when the action was written (informational)
 * @param revision      the current revision
 * @param version       optimistic-concurrency counter of the record (bumped by every write, archive included)
 */
public record SavedAction(
    String id,
    String workspaceId,
    String layer,
    String tenantKey,
    String integrationId,
    String integrationKey,
    String connectorKey,
    String connectionId,
    String connectionKey,
    ActionContent content,
    int revision,
    Instant createdAt,
    Instant updatedAt,
    Instant archivedAt,
    long version) {

    public static final String UNIVERSAL = "universal";
    public static final String INTEGRATION = "integration";
    public static final String CONNECTION = "connection";

    public String key() {
        return content.key();
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** The scope a key is unique in: {@code U}, {@code I#<integrationId>} or {@code C#<connectionId>}. */
    public String scope() {
        return scopeOf(layer, integrationId, connectionId);
    }

    public static String scopeOf(String layer, String integrationId, String connectionId) {
        return switch (layer) {
            case CONNECTION -> "C#" + connectionId;
            case INTEGRATION -> "I#" + integrationId;
            default -> "U";
        };
    }

    /** The DynamoDB partition: the workspace, or for connection-level actions the owning tenant's partition. */
    public String partition() {
        return partitionOf(workspaceId, tenantKey);
    }

    public static String partitionOf(String workspaceId, String tenantKey) {
        return tenantKey == null ? workspaceId : dev.actgate.shared.storage.Keys.tenantScope(workspaceId, tenantKey);
    }

    /** Precedence when running by key: connection 3, integration 2, universal 1. */
    public int precedence() {
        return switch (layer) {
            case CONNECTION -> 3;
            case INTEGRATION -> 2;
            default -> 1;
        };
    }

    public SavedAction withContent(ActionContent next, int nextRevision, Instant now) {
        return new SavedAction(id, workspaceId, layer, tenantKey, integrationId, integrationKey, connectorKey, connectionId,
            connectionKey, next, nextRevision, createdAt, now, archivedAt, version + 1);
    }

    public SavedAction withArchivedAt(Instant at, Instant now) {
        return new SavedAction(id, workspaceId, layer, tenantKey, integrationId, integrationKey, connectorKey, connectionId,
            connectionKey, content, revision, createdAt, now, at, version + 1);
    }

    /** The action as the engine runs it, at the given revision's content. */
    public ActionDefinition definition(ActionContent at, int atRevision) {
        return new ActionDefinition(id, at.key(), at.name(), at.description(), at.type(), at.config(), at.inputSchema(),
            at.outputSchema(), layer, connectorKey, integrationId, integrationKey, connectionId, atRevision, at.idempotent());
    }

    /** A short description of the scope for messages: {@code universal}, {@code integration 'gmail'}, … */
    public String describeScope() {
        return switch (layer) {
            case CONNECTION -> "connection '" + (connectionKey != null ? connectionKey : connectionId) + "'";
            case INTEGRATION -> "integration '" + (integrationKey != null ? integrationKey : integrationId) + "'";
            default -> "universal";
        };
    }
}
