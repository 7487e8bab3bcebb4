package dev.actgate.act.dialects;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.upstream.AppliedAuth;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Connection facts the dialects show or need: a connection's integration and the base URL its requests go to. */
@Singleton
public class DialectConnections {
    private final ConnectionService connections;
    private final IntegrationService integrations;

    public DialectConnections(ConnectionService connections, IntegrationService integrations) {
        this.connections = connections;
        this.integrations = integrations;
    }

    public ConnectionService service() {
        return connections;
    }

    public Optional<Integration> integration(Caller caller, String integrationId) {
        return integrations.find(caller.workspaceId(), integrationId);
    }

    /** The base URL requests through this connection go to (connection fields filled in, as the engine does). */
    public String baseUrl(Caller caller, Connection c) {
        EffectiveIntegration effective = integrations.effective(integrations.requireActive(caller, c.integrationId()));
        String base = effective.baseUrl();
        if (base != null && !base.contains("{{")) {
            return base;
        }
        return AppliedAuth.of(effective, c, connections.credentials(c)).baseUrl();
    }
}
