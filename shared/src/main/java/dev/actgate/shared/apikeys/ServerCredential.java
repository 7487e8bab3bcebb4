package dev.actgate.shared.apikeys;

import java.time.Instant;

/**
 * A credential a customer's backend uses instead of a signed JWT, the way the products actgate replaces
 * authenticate servers: an API key, an OAuth2 client (client-credentials grant) or a short-lived access token
 * issued to such a client. Only a SHA-256 hash of the secret part is stored; the secret is shown once, at creation.
 *
 * @param prefix     the non-secret head of the presented value, shown in lists so a key can be recognised
 * @param clientId   for an access token, the client it was issued to (revoking the client ends its tokens)
 * @param expiresAt  null: never expires (API keys and clients may have an expiry; access tokens always have one)
 */
public record ServerCredential(String id, Kind kind, String workspaceId, String workspaceKey, String name, String prefix,
                               String secretHash, String clientId, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                               Instant revokedAt) {

    public enum Kind { API_KEY, OAUTH_CLIENT, ACCESS_TOKEN }

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    public ServerCredential withLastUsedAt(Instant at) {
        return new ServerCredential(id, kind, workspaceId, workspaceKey, name, prefix, secretHash, clientId, createdAt, expiresAt,
            at, revokedAt);
    }

    public ServerCredential withRevokedAt(Instant at) {
        return new ServerCredential(id, kind, workspaceId, workspaceKey, name, prefix, secretHash, clientId, createdAt, expiresAt,
            lastUsedAt, at);
    }

    @Override
    public String toString() {
        return "ServerCredential[id=" + id + ", kind=" + kind + ", workspaceId=" + workspaceId + "]";
    }
}
