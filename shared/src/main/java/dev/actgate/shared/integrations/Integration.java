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
        return toBuilder().updatedAt(now).archivedAt(at).version(version + 1).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with-changes for a record with many fields (the constructor takes 17 arguments). */
    public static final class Builder {
        private String id, key, name, workspaceId, connectorKey, baseUrl;
        private AuthSpec auth;
        private Map<String, String> parameters;
        private Set<String> secretParameterNames;
        private SealedSecret secretParameters;
        private Integer connectTimeoutMs, readTimeoutMs;
        private ObjectNode meta;
        private Instant createdAt, updatedAt, archivedAt;
        private long version;

        public Builder() {
        }

        Builder(Integration i) {
            id = i.id; key = i.key; name = i.name; workspaceId = i.workspaceId; connectorKey = i.connectorKey;
            baseUrl = i.baseUrl; auth = i.auth; parameters = i.parameters; secretParameterNames = i.secretParameterNames;
            secretParameters = i.secretParameters; connectTimeoutMs = i.connectTimeoutMs; readTimeoutMs = i.readTimeoutMs;
            meta = i.meta; createdAt = i.createdAt; updatedAt = i.updatedAt; archivedAt = i.archivedAt; version = i.version;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder key(String v) { key = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder workspaceId(String v) { workspaceId = v; return this; }
        public Builder connectorKey(String v) { connectorKey = v; return this; }
        public Builder baseUrl(String v) { baseUrl = v; return this; }
        public Builder auth(AuthSpec v) { auth = v; return this; }
        public Builder parameters(Map<String, String> v) { parameters = v; return this; }
        public Builder secretParameterNames(Set<String> v) { secretParameterNames = v; return this; }
        public Builder secretParameters(SealedSecret v) { secretParameters = v; return this; }
        public Builder connectTimeoutMs(Integer v) { connectTimeoutMs = v; return this; }
        public Builder readTimeoutMs(Integer v) { readTimeoutMs = v; return this; }
        public Builder meta(ObjectNode v) { meta = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder archivedAt(Instant v) { archivedAt = v; return this; }
        public Builder version(long v) { version = v; return this; }

        public Integration build() {
            return new Integration(id, key, name, workspaceId, connectorKey, baseUrl, auth, parameters, secretParameterNames,
                secretParameters, connectTimeoutMs, readTimeoutMs, meta, createdAt, updatedAt, archivedAt, version);
        }
    }
}
