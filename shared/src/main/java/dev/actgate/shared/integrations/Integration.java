package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.credentials.SealedSecret;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A connector configured in one workspace (or, with no connector, a private API described inline by base URL and
 * auth scheme). Parameters configure it: non-secret ones in {@link #parameters}, secret ones (an OAuth client
 * secret) only sealed in {@link #secretParameters}, named in {@link #secretParameterNames}, never shown again.
 */
public record Integration(
    String id,
    String key,
    String name,
    String workspaceId,
    String connectorKey,
    String baseUrl,
    AuthSpec auth,
    Map<String, String> parameters,
    Set<String> secretParameterNames,
    SealedSecret secretParameters,
    Integer connectTimeoutMs,
    Integer readTimeoutMs,
    ObjectNode meta,
    Instant createdAt,
    Instant updatedAt,
    Instant archivedAt,
    long version) {

    public Integration {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        secretParameterNames = secretParameterNames == null ? Set.of() : Set.copyOf(secretParameterNames);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    public Integration withArchivedAt(Instant at, Instant now) {
        return new Integration(id, key, name, workspaceId, connectorKey, baseUrl, auth, parameters, secretParameterNames,
            secretParameters, connectTimeoutMs, readTimeoutMs, meta, createdAt, now, at, version + 1);
    }
}
