package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connect screen and its form (issue 10, item 5: the form's part of the connect flow). The screen is opened with
 * the caller's token (the SDK's form post) or a redeemed connect link ({@link ConnectSessionService}); from then on the
 * browser holds only a short-lived <em>connect session</em> (signed with the workspace's {@code connect} purpose
 * key, never accepted by the API). Key, token and basic credentials are typed into the form; OAuth2 continues in
 * {@link ConnectOAuthService}. {@code connectionId} reconnects the same record.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public record ConnectScreenService(WorkspaceTokenVerifier tokens, ConnectionService connections,
                                   IntegrationService integrations, ConnectFlowService identity, ObjectMapper json,
                                   dev.actgate.shared.workspaces.WorkspaceService workspaces) {
    static final Duration SESSION_TTL = Duration.ofMinutes(30);
    public static final String SESSION = "connect";

    /** What the connect screen shows. */
    public record Screen(String session, String appName, String integrationKey, boolean oauth, List<AuthSpec.Field> fields,
                         Connection reconnecting, List<String> embedOrigins) {
    }

    // ------------------------------------------------------------------ framing and redirects (issue 11)

    /** Origins (besides the API's own) that may frame the connect screen and receive its redirect: a workspace setting. */
    public List<String> embedOrigins(String workspaceKey) {
        return workspaces.find(workspaceKey).map(w -> w.settings().allowedOrigins()).orElse(List.of()).stream()
            .map(ConnectScreenService::origin).filter(java.util.Objects::nonNull).toList();
    }

    /** The embedding origins of the workspace a connect-session token belongs to (empty when the token is not valid). */
    public List<String> sessionEmbedOrigins(String sessionToken) {
        try {
            return embedOrigins(tokens.verifyPurpose(sessionToken, SESSION).caller().workspaceKey());
        } catch (TokenRejection | RuntimeException e) {
            return List.of();
        }
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or null when not an absolute http(s) URL. */
    static String origin(String url) {
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (u.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                return null;
            }
            int port = u.getPort();
            boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
            return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The end of a flow: the connection (on success) or a reason, and where the user goes next. */
    public record Result(ConnectionView connection, String error, String redirectUri) {
    }

    // ------------------------------------------------------------------ opening the screen

    /** The SDK's form post: the tenant API token arrives in the form body (never in a URL). */
    public Screen open(String token, Map<String, String> params, String publicUrl) {
        Caller caller;
        try {
            caller = tokens.verify(token);
        } catch (TokenRejection e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        return open(caller, params, publicUrl);
    }

    /** What a screen for these parameters would connect; refused (4xx) when it cannot be opened. */
    private record Target(Connection existing, Integration integration, EffectiveIntegration effective) {
    }

    /** Checks that a screen for these parameters can be opened (used when a connect session is created). */
    public void check(Caller caller, Map<String, String> params, String publicUrl) {
        target(caller, params);
        safeRedirect(params.get("redirectUri"), publicUrl, embedOrigins(caller.workspaceKey()));
    }

    private Target target(Caller caller, Map<String, String> params) {
        caller.requireTenant();
        Connection existing = null;
        Integration integration;
        String connectionId = params.get("connectionId");
        String connectionKey = params.get("connectionKey");
        if (connectionId != null) {
            existing = connections.get(caller, connectionId);
            integration = integrations.requireActive(caller, existing.integrationId());
        } else if (params.get("integrationKey") != null || params.get("integrationId") != null) {
            integration = integrations.requireActive(caller, Optional.ofNullable(params.get("integrationId")).orElse(params.get("integrationKey")));
        } else if (params.get("connectorKey") != null || params.get("connectorId") != null) {
            integration = integrations.ensureForConnector(caller, Optional.ofNullable(params.get("connectorKey")).orElse(params.get("connectorId")));
        } else {
            throw ApiException.validation("Name what to connect: integrationKey, integrationId, connectorKey or connectionId");
        }
        if (existing == null && connectionKey != null) {
            Optional<Connection> byKey = connections.findByKey(caller, connectionKey);
            if (byKey.isPresent() && byKey.get().integrationId().equals(integration.id())) {
                existing = byKey.get();
            }
        }
        EffectiveIntegration effective = integrations.effective(integration);
        if (effective.auth() == null) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Integration '" + integration.key() + "' has no auth scheme");
        }
        return new Target(existing, integration, effective);
    }

    /** Opens the screen for an authenticated caller (the SDK's form post, or a redeemed connect session). */
    public Screen open(Caller caller, Map<String, String> params, String publicUrl) {
        Target target = target(caller, params);
        Connection existing = target.existing();
        Integration integration = target.integration();
        EffectiveIntegration effective = target.effective();
        String connectionKey = params.get("connectionKey");
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .claim("workspaceKey", caller.workspaceKey()).claim("tenantKey", caller.tenantKey())
            .claim(WorkspaceTokenVerifier.PURPOSE_CLAIM, SESSION).claim("integrationId", integration.id())
            .expirationTime(java.util.Date.from(Instant.now().plus(SESSION_TTL)));
        put(claims, "connectionId", existing == null ? null : existing.id());
        put(claims, "connectionKey", existing == null ? connectionKey : existing.key());
        put(claims, "name", params.get("name"));
        List<String> embed = embedOrigins(caller.workspaceKey());
        put(claims, "redirectUri", safeRedirect(params.get("redirectUri"), publicUrl, embed));
        String session = tokens.signForWorkspace(caller.workspaceKey(), claims.build());
        boolean isOAuth = AuthSpec.OAUTH2_CODE.equals(effective.auth().type());
        return new Screen(session, integration.name(), integration.key(), isOAuth,
            isOAuth ? List.of() : effective.auth().effectiveFields(), existing, embed);
    }

    private static void put(JWTClaimsSet.Builder b, String k, String v) {
        if (v != null && !v.isBlank()) {
            b.claim(k, v);
        }
    }

    /**
     * Only absolute http(s) URLs on an origin the workspace allows (the API's own, or one of its
     * {@code allowedOrigins}): the page sends the user there with the result in the query, so any other origin
     * would make actgate an open redirector.
     */
    static String safeRedirect(String uri, String publicUrl, List<String> allowedOrigins) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(uri);
            if (u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getUserInfo() == null) {
                String o = origin(uri);
                if (o != null && (o.equals(origin(publicUrl)) || allowedOrigins.contains(o))) {
                    return u.toString();
                }
                throw ApiException.validation("redirectUri " + o + " is not an origin this workspace allows: add it to the "
                    + "workspace's allowedOrigins setting");
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiException.validation("redirectUri must be an absolute http(s) URL");
    }

    record Session(Caller caller, JWTClaimsSet claims) {
        String claim(String name) {
            Object v = claims.getClaim(name);
            return v instanceof String s ? s : null;
        }
    }

    Session session(String token, String purpose) {
        try {
            WorkspaceTokenVerifier.Verified v = tokens.verifyPurpose(token, purpose);
            return new Session(v.caller(), v.claims());
        } catch (TokenRejection e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, purpose.equals(ConnectOAuthService.STATE)
                ? "This authorization is invalid or has expired: start connecting again" : "This connect screen has expired: open it again");
        }
    }

    // ------------------------------------------------------------------ key, token and basic credentials

    public Result submit(String sessionToken, Map<String, String> form) {
        Session s = session(sessionToken, SESSION);
        Integration integration = integrations.requireActive(s.caller(), s.claim("integrationId"));
        EffectiveIntegration effective = integrations.effective(integration);
        ObjectNode body = json.createObjectNode();
        ObjectNode credentials = body.putObject("credentials");
        for (AuthSpec.Field f : effective.auth().effectiveFields()) {
            String v = form.get(f.key());
            if (v != null && !v.isEmpty()) {
                credentials.put(f.key(), v);
            }
        }
        Connection saved;
        String connectionId = s.claim("connectionId");
        if (connectionId != null) {
            saved = connections.get(s.caller(), connections.put(s.caller(), connectionId, reconnectBody(s, body)).id());
        } else {
            body.put("integrationId", integration.id());
            if (s.claim("connectionKey") != null) {
                body.put("key", s.claim("connectionKey"));
            }
            if (s.claim("name") != null) {
                body.put("name", s.claim("name"));
            }
            saved = connections.get(s.caller(), connections.create(s.caller(), body).id());
        }
        saved = identity.withIdentity(saved, effective);
        return new Result(connections.view(saved), null, s.claim("redirectUri"));
    }

    private ObjectNode reconnectBody(Session s, ObjectNode body) {
        Connection current = connections.get(s.caller(), s.claim("connectionId"));
        body.put("key", current.key());
        body.put("name", current.name());
        if (current.meta() != null) {
            body.set("meta", current.meta());
        }
        body.put("isDefault", current.isDefault());
        body.put("isTenantDefault", current.isTenantDefault());
        ObjectNode fields = body.putObject("fields");
        current.fields().forEach(fields::put);
        return body;
    }
}
