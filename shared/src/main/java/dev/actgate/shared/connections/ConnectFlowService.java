package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.RequestMapping;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.upstream.AppliedAuth;
import dev.actgate.shared.upstream.SafeUpstreamUrl;
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity part of the hosted connect flow: after a connection is made (form, OAuth or {@code POST /connections})
 * actgate asks the app who the credentials belong to. The screen and form are {@link ConnectScreenService}, OAuth2
 * is {@link ConnectOAuthService}, connect links are {@link ConnectSessionService} (issue 10, item 5).
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class ConnectFlowService {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectFlowService.class);

    private final ConnectionService connections;
    private final IntegrationService integrations;
    private final UpstreamClient http;
    private final ObjectMapper json;

    public ConnectFlowService(ConnectionService connections, IntegrationService integrations, UpstreamClient http,
                              ObjectMapper json) {
        this.connections = connections;
        this.integrations = integrations;
        this.http = http;
        this.json = json;
    }

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
        return new IdentityProbe(connections, http, json).withIdentity(c, effective);
    }

    private static String text(ObjectNode root, JsonNode spec, String field) {
        String path = spec.path(field).asText(null);
        if (path == null || !path.startsWith("$.")) {
            return null;
        }
        JsonNode v = RequestMapping.at(root, "$.body." + path.substring(2));
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
