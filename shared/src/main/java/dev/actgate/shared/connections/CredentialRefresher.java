package dev.actgate.shared.connections;

import dev.actgate.shared.integrations.EffectiveIntegration;

/**
 * Gets fresh OAuth2 credentials for a connection, making exactly one token-endpoint call however many invocations
 * ask at once (a DynamoDB lease on the credentials version). Implemented where an HTTP client is available.
 */
public interface CredentialRefresher {

    /** The connection and its usable credentials after the refresh (or after another caller's refresh). */
    record Refreshed(Connection connection, ConnectionCredentials credentials) {
    }

    /**
     * @param force refresh even if the stored token has not expired (after an upstream 401)
     * @throws dev.actgate.shared.errors.ApiException CONNECTION_DISCONNECTED when the grant is gone (invalid_grant,
     *         no refresh token); the connection is then marked DISCONNECTED
     */
    Refreshed refresh(Connection connection, EffectiveIntegration integration, boolean force);

    /** Credentials ready to use: the stored ones, or refreshed first when they expire within the margin. */
    Refreshed ensureFresh(Connection connection, EffectiveIntegration integration);
}
