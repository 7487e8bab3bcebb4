package dev.actgate.shared.connections;

import dev.actgate.shared.credentials.OAuth2TokenClient;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.IntegrationService;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Refreshes OAuth2 credentials so that any number of concurrent invocations (many Lambdas) make exactly one
 * token-endpoint call: the caller that wins a conditional-write lease on the connection's credentials version
 * refreshes and stores; everyone else waits for the version to move and uses the stored result.
 * <ul>
 *   <li>Tokens are refreshed {@link #margin} before they expire (default 5 minutes), and on demand after a 401.</li>
 *   <li>{@code invalid_grant} marks the connection DISCONNECTED.</li>
 *   <li>Client-credentials tokens are fetched again when they expire (a known peer bug).</li>
 *   <li>An expired token with no refresh token marks the connection DISCONNECTED instead of being reused.</li>
 * </ul>
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class LeasedCredentialRefresher implements CredentialRefresher {
    static final Duration LEASE = Duration.ofSeconds(15);
    static final Duration WAIT_STEP = Duration.ofMillis(100);
    static final Duration MAX_WAIT = Duration.ofSeconds(12);

    private final ConnectionService connections;
    private final ConnectionRepository repository;
    private final IntegrationService integrations;
    private final OAuth2TokenClient tokens;
    private final Duration margin;
    private final dev.actgate.shared.observability.OperationalMetrics metrics;

    public LeasedCredentialRefresher(ConnectionService connections, ConnectionRepository repository, IntegrationService integrations,
                                     OAuth2TokenClient tokens,
                                     OAuthRefreshSettings settings,
                                     dev.actgate.shared.observability.OperationalMetrics metrics) {
        this.metrics = metrics;
        this.connections = connections;
        this.repository = repository;
        this.integrations = integrations;
        this.tokens = tokens;
        this.margin = Duration.ofSeconds(settings.getRefreshMarginSeconds());
    }

    @Override
    public Refreshed ensureFresh(Connection connection, EffectiveIntegration integration) {
        if (!expiring(connection)) {
            ConnectionCredentials credentials = connections.credentials(connection);
            if (credentials.accessToken() != null || !AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(integration.auth().type())) {
                return new Refreshed(connection, credentials);
            }
        }
        return refresh(connection, integration, false);
    }

    private boolean expiring(Connection c) {
        return c.credentialsExpireAt() != null && Instant.now().plus(margin).isAfter(c.credentialsExpireAt());
    }

    private boolean usable(Connection c, EffectiveIntegration integration) {
        if (expiring(c) || c.credentials() == null) {
            return false;
        }
        return !AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(integration.auth().type()) || c.credentialsExpireAt() != null
            || connections.credentials(c).accessToken() != null;
    }

    @Override
    public Refreshed refresh(Connection seen, EffectiveIntegration integration, boolean force) {
        String scope = seen.tenantScope();
        ConnectionRepository repo = repository;
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Connection current = repo.findById(scope, seen.id()).orElseThrow(() ->
                ApiException.notFound(ErrorCode.CONNECTION_NOT_FOUND, "Connection", seen.id()));
            if (current.state() == ConnectionState.DISCONNECTED) {
                throw ConnectionService.disconnectedError(current);
            }
            boolean movedOn = current.credentialsVersion() > seen.credentialsVersion();
            if ((movedOn || !force) && usable(current, integration)) {
                // Somebody else refreshed since we looked (or nothing needs doing): use what is stored.
                return new Refreshed(current, connections.credentials(current));
            }
            if (repo.acquireRefreshLease(scope, current.id(), current.credentialsVersion(), Instant.now().plus(LEASE))) {
                return refreshHoldingLease(scope, current, integration);
            }
            sleep();
        }
        throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
            "Another invocation is refreshing this connection's credentials; retry in a moment").withHeader("Retry-After", "1");
    }

    private Refreshed refreshHoldingLease(String scope, Connection current, EffectiveIntegration integration) {
        AuthSpec auth = integration.auth();
        ConnectionCredentials creds = connections.credentials(current);
        Map<String, String> params = integrations.secretParametersOrEmpty(integration.integration());
        OAuth2TokenClient.Client client = new OAuth2TokenClient.Client(
            first(creds.fields().get("clientId"), current.fields().get("clientId"), integration.integration().parameters().get("clientId")),
            first(creds.fields().get("clientSecret"), params.get("clientSecret"), null));
        ConnectionCredentials fresh;
        try {
            if (AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(auth.type())) {
                fresh = tokens.clientCredentials(auth, client, null, creds.fields());
            } else if (creds.refreshToken() == null) {
                Connection marked = connections.markDisconnected(current,
                    "The access token expired and the app issued no refresh token: reconnect");
                throw ConnectionService.disconnectedError(marked);
            } else {
                fresh = tokens.refresh(auth, client, creds);
            }
        } catch (OAuth2TokenClient.GrantRevoked e) {
            metrics.refresh(current.integrationKey(), false);
            Connection marked = connections.markDisconnected(current, e.getMessage());
            throw ConnectionService.disconnectedError(marked);
        } catch (RuntimeException e) {
            metrics.refresh(current.integrationKey(), false);
            throw e;
        }
        metrics.refresh(current.integrationKey(), true);
        Connection next = current.toBuilder()
            .credentials(connections.seal(current.workspaceId(), current.tenantKey(), current.id(), fresh))
            .credentialsExpireAt(fresh.expiresAt())
            .credentialsVersion(current.credentialsVersion() + 1)
            .state(ConnectionState.READY).error(null).refreshLeaseUntil(null)
            .updatedAt(Instant.now()).version(current.version() + 1).build();
        if (!repository.storeRefreshed(scope, next, current.credentialsVersion())) {
            // Changed under us (a reconnect): the stored state wins.
            Connection stored = repository.findById(scope, current.id()).orElse(next);
            return new Refreshed(stored, connections.credentials(stored));
        }
        return new Refreshed(next, fresh);
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }


    private static void sleep() {
        try {
            Thread.sleep(WAIT_STEP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "Interrupted while waiting for a credentials refresh");
        }
    }
}
