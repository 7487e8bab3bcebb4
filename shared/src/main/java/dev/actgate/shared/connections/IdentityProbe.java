package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.RequestMapping;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.upstream.AppliedAuth;
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamRequestBuilder;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Asks the app who a connection's credentials belong to (the connector's {@code identity} request) and records the
 * answer on the connection, best effort: a failure leaves the connection as it was. The request is built by the
 * shared {@link UpstreamRequestBuilder}, exactly like an {@code /act} call through the connection (same headers,
 * auth applied last). Its path may hold placeholders ({@code {{connection.<field>}}}, {@code {{integration.<param>}}},
 * filled by the base URL rules) and may be an absolute URL outside the base URL (Google's, Intuit's, Xero's identity
 * endpoints are on other hosts); like every outbound call it goes through the egress policy at connect time.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public record IdentityProbe(ConnectionService connections, UpstreamClient http, ObjectMapper json) {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityProbe.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** The connection with its external identity recorded, or unchanged when there is none to ask for or none came. */
    public Connection withIdentity(Connection c, EffectiveIntegration effective) {
        JsonNode spec = effective.identity();
        if (spec == null || !spec.has("request")) {
            return c;
        }
        try {
            UpstreamResponse r = http.send(request(c, effective, connections.credentials(c)), CONNECT_TIMEOUT, READ_TIMEOUT);
            if (r.status() >= 300 || r.body() == null || r.body().length == 0) {
                return c;
            }
            ObjectNode root = json.createObjectNode();
            root.set("body", json.readTree(r.body()));
            ExternalIdentity identity = new ExternalIdentity(text(root, spec, "idPath"), text(root, spec, "loginPath"),
                text(root, spec, "emailPath"), text(root, spec, "namePath"));
            if (identity.id() == null && identity.login() == null && identity.email() == null) {
                return c;
            }
            return connections.recordIdentity(c, identity);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.info("Identity lookup failed for connection {}: {}", c.id(), e.getClass().getSimpleName());
            return c;
        }
    }

    /** The identity request for this connection: placeholders filled, under the base URL or at its absolute URL. */
    UpstreamRequest request(Connection c, EffectiveIntegration effective, ConnectionCredentials credentials) {
        JsonNode request = effective.identity().get("request");
        AppliedAuth auth = AppliedAuth.of(effective, c, credentials);
        String target = UpstreamRequestBuilder.fillTemplate(request.path("path").asText("/"), c.fields(),
            effective.integration().parameters());
        String method = request.path("method").asText("GET").toUpperCase(Locale.ROOT);
        return new UpstreamRequestBuilder(json).buildFor(effective, auth, method, target, request.get("body"));
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
