package dev.actgate.shared.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.IntegrationService;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The identity part of the hosted connect flow: after a connection is made (form, OAuth or {@code POST /connections})
 * actgate asks the app who the credentials belong to. The screen and form are {@link ConnectScreenService}, OAuth2
 * is {@link ConnectOAuthService}, connect links are {@link ConnectSessionService} (issue 10, item 5).
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public record ConnectFlowService(ConnectionService connections, IntegrationService integrations, IdentityProbe probe) {

    // ------------------------------------------------------------------ external identity

    /** Records the external identity of a connection made with credentials given directly (POST /connections). */
    public ConnectionView identify(Caller caller, ConnectionView created) {
        if (!"READY".equals(String.valueOf(created.state()))) {
            return created;
        }
        Connection c = connections.get(caller, created.id());
        EffectiveIntegration effective = integrations.effective(integrations.requireActive(caller, c.integrationId()));
        return connections.view(withIdentity(c, effective));
    }

    /** Asks the app who the credentials belong to (the connector's identity request), best effort. */
    Connection withIdentity(Connection c, EffectiveIntegration effective) {
        return probe.withIdentity(c, effective);
    }
}
