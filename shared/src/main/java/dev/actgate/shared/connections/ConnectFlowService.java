package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.actions.RequestMapping;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.credentials.OAuth2TokenClient;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Ids;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted connect flow behind {@code ui.connect()} and the plain link form. The screen is opened with the
 * caller's token; from then on the browser holds only a short-lived <em>connect session</em> (a token signed with
 * the workspace secret, {@code purpose: connect}, never accepted by the API). Key, token and basic credentials are
 * typed into a form; OAuth2 goes to the provider with a signed, single-use, expiring {@code state} and a PKCE
 * challenge, and the callback exchanges the code. {@code connectionId} reconnects the same record.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class ConnectFlowService {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectFlowService.class);
    static final Duration SESSION_TTL = Duration.ofMinutes(30);
    static final Duration STATE_TTL = Duration.ofMinutes(10);
    public static final String SESSION = "connect";
    public static final String STATE = "oauth-state";
    public static final String CALLBACK_PATH = "/oauth/callback";

    private final WorkspaceTokenVerifier tokens;
    private final ConnectionService connections;
    private final IntegrationService integrations;
    private final OAuth2TokenClient oauth;
    private final UpstreamClient http;
    private final ObjectMapper json;

    public ConnectFlowService(WorkspaceTokenVerifier tokens, ConnectionService connections, IntegrationService integrations,
                              OAuth2TokenClient oauth, UpstreamClient http, ObjectMapper json,
                              dev.actgate.shared.workspaces.WorkspaceService workspaces) {
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.connections = connections;
        this.integrations = integrations;
        this.oauth = oauth;
        this.http = http;
        this.json = json;
    }

    /** What the connect screen shows. */
    public record Screen(String session, String appName, String integrationKey, boolean oauth, List<AuthSpec.Field> fields,
                         Connection reconnecting, List<String> embedOrigins) {
    }

    // ------------------------------------------------------------------ browser binding, framing, redirects (issue 11)

    private final dev.actgate.shared.workspaces.WorkspaceService workspaces;
    /** The cookie that binds an OAuth flow to the browser that started it; {@code __Host-}: Secure, no Domain, Path=/. */
    public static final String BROWSER_COOKIE_PREFIX = "__Host-actgate-oauth-";

    /** Where the OAuth provider must send the browser, and the cookie that browser must bring back to the callback. */
    public record OAuthStart(URI location, String cookieName, String cookieValue) {
        public String setCookieHeader() {
            return cookieName + "=" + cookieValue + "; Path=/; Max-Age=" + STATE_TTL.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
        }
    }

    /** Origins (besides the API's own) that may frame the connect screen and receive its redirect: a workspace setting. */
    public List<String> embedOrigins(String workspaceKey) {
        return workspaces.find(workspaceKey).map(w -> w.settings().allowedOrigins()).orElse(List.of()).stream()
            .map(ConnectFlowService::origin).filter(java.util.Objects::nonNull).toList();
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

    private static String hash(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The end of a flow: the connection (on success) or a reason, and where the user goes next. */
    public record Result(ConnectionView connection, String error, String redirectUri) {
    }

    // ------------------------------------------------------------------ opening the screen

    public Screen open(String token, Map<String, String> params, String publicUrl) {
        Caller caller;
        try {
            caller = tokens.verify(token);
        } catch (TokenRejection e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
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

    private record Session(Caller caller, JWTClaimsSet claims) {
        String claim(String name) {
            Object v = claims.getClaim(name);
            return v instanceof String s ? s : null;
        }
    }

    private Session session(String token, String purpose) {
        try {
            WorkspaceTokenVerifier.Verified v = tokens.verifyPurpose(token, purpose);
            return new Session(v.caller(), v.claims());
        } catch (TokenRejection e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, purpose.equals(STATE)
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
        saved = withIdentity(saved, effective);
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

    // ------------------------------------------------------------------ OAuth2 authorization code with PKCE

    /** Where to send the browser: the provider's authorize URL, with a signed single-use state and PKCE. */
    public OAuthStart oauthStart(String sessionToken, String publicUrl) {
        Session s = session(sessionToken, SESSION);
        Integration integration = integrations.requireActive(s.caller(), s.claim("integrationId"));
        EffectiveIntegration effective = integrations.effective(integration);
        AuthSpec auth = effective.auth();
        String clientId = integration.parameters().get("clientId");
        if (clientId == null) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "Integration '" + integration.key()
                + "' has no OAuth client: set it with PATCH /integrations/" + integration.key() + "/parameters {clientId, clientSecret}");
        }
        Connection target = s.claim("connectionId") != null ? connections.get(s.caller(), s.claim("connectionId")) : pending(s, integration);
        String verifier = Ids.randomToken(48);
        String nonce = Ids.randomToken(24);
        String browserNonce = Ids.randomToken(32);
        ObjectNode state = json.createObjectNode().put("connectionId", target.id()).put("integrationId", integration.id())
            .put("browser", hash(browserNonce));
        if (!Boolean.FALSE.equals(auth.pkce())) {
            // Only with PKCE: a code_verifier without a code_challenge is an error for strict servers.
            state.put("codeVerifier", verifier);
        }
        if (s.claim("redirectUri") != null) {
            state.put("redirectUri", s.claim("redirectUri"));
        }
        connections.putConnectState(s.caller(), nonce, state.toString(), Instant.now().plus(STATE_TTL));
        String stateToken = tokens.signForWorkspace(s.caller().workspaceKey(), new JWTClaimsSet.Builder()
            .claim("workspaceKey", s.caller().workspaceKey()).claim("tenantKey", s.caller().tenantKey())
            .claim(WorkspaceTokenVerifier.PURPOSE_CLAIM, STATE).claim("nonce", nonce)
            .expirationTime(java.util.Date.from(Instant.now().plus(STATE_TTL))).build());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", publicUrl + CALLBACK_PATH);
        String scopes = integration.parameters().get("scopes");
        String scope = scopes != null ? scopes : auth.scopeString(null);
        if (!scope.isBlank()) {
            q.put("scope", scope);
        }
        q.put("state", stateToken);
        if (!Boolean.FALSE.equals(auth.pkce())) {
            q.put("code_challenge", challenge(verifier));
            q.put("code_challenge_method", "S256");
        }
        q.putAll(auth.authorizeParams());
        StringBuilder url = new StringBuilder(auth.authorizeUrl()).append(auth.authorizeUrl().contains("?") ? "&" : "?");
        q.forEach((k, v) -> url.append(enc(k)).append('=').append(enc(v)).append('&'));
        url.setLength(url.length() - 1);
        return new OAuthStart(URI.create(url.toString()), BROWSER_COOKIE_PREFIX + nonce.substring(0, 12), browserNonce);
    }

    /** A new OAuth2 connection waits in CLIENT_ACTION_REQUIRED until the callback, so a refusal has a place to go. */
    private Connection pending(Session s, Integration integration) {
        String key = s.claim("connectionKey");
        if (key != null) {
            Optional<Connection> existing = connections.findByKey(s.caller(), key);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        ObjectNode body = json.createObjectNode().put("integrationId", integration.id());
        if (key != null) {
            body.put("key", key);
        }
        if (s.claim("name") != null) {
            body.put("name", s.claim("name"));
        }
        return connections.get(s.caller(), connections.create(s.caller(), body).id());
    }

    /**
     * The provider's redirect back. {@code cookies} are the browser's cookies: the flow's {@code __Host-} cookie set
     * at {@link #oauthStart} must be there, so an authorize link sent to somebody else's browser (account-linking CSRF)
     * is refused: that browser never started the flow.
     */
    public Result callback(Map<String, String> query, String publicUrl, java.util.function.Function<String, String> cookies) {
        String stateToken = query.get("state");
        if (stateToken == null) {
            throw ApiException.validation("The provider sent no state: start connecting again");
        }
        Session s = session(stateToken, STATE);
        String data = connections.takeConnectState(s.caller(), s.claim("nonce"))
            .orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_ERROR,
                "This authorization was already used or has expired: start connecting again"));
        JsonNode state;
        try {
            state = json.readTree(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String expected = state.path("browser").asText(null);
        String presented = cookies.apply(BROWSER_COOKIE_PREFIX + s.claim("nonce").substring(0, 12));
        if (expected == null || presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
            hash(presented).getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "This authorization was started in another browser: "
                + "start connecting again from the app you want to connect");
        }
        String redirectUri = state.path("redirectUri").asText(null);
        Connection current = connections.get(s.caller(), state.path("connectionId").asText());
        if (query.get("error") != null) {
            String reason = "access_denied".equals(query.get("error")) ? "The user denied access at the provider"
                : "The provider refused the authorization (" + query.get("error") + ")";
            Connection failed = saveError(s, current, reason, current.state() == ConnectionState.READY ? ConnectionState.READY : current.state());
            return new Result(connections.view(failed), reason, redirectUri);
        }
        Integration integration = integrations.requireActive(s.caller(), state.path("integrationId").asText());
        EffectiveIntegration effective = integrations.effective(integration);
        Map<String, String> secrets = integrations.secretParametersOrEmpty(integration);
        ConnectionCredentials credentials;
        try {
            credentials = oauth.exchangeCode(effective.auth(), new OAuth2TokenClient.Client(integration.parameters().get("clientId"),
                secrets.get("clientSecret")), query.getOrDefault("code", ""), publicUrl + CALLBACK_PATH,
                state.path("codeVerifier").asText(null), Map.of());
        } catch (OAuth2TokenClient.GrantRevoked | ApiException e) {
            String reason = "The provider's token endpoint refused the code: " + e.getMessage();
            Connection failed = saveError(s, current, reason, current.state() == ConnectionState.READY ? ConnectionState.READY : ConnectionState.ERROR);
            return new Result(connections.view(failed), reason, redirectUri);
        }
        Map<String, String> fields = new LinkedHashMap<>(current.fields());
        Connection next = current.toBuilder()
            .credentials(connections.seal(current.workspaceId(), current.tenantKey(), current.id(), credentials))
            .credentialsExpireAt(credentials.expiresAt()).credentialsVersion(current.credentialsVersion() + 1)
            .fields(fields).state(ConnectionState.READY).error(null).refreshLeaseUntil(null)
            .updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(s.caller(), current, next);
        Connection withIdentity = withIdentity(next, effective);
        return new Result(connections.view(withIdentity), null, redirectUri);
    }

    private Connection saveError(Session s, Connection current, String reason, ConnectionState state) {
        Connection next = current.toBuilder().error(reason).state(state).updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(s.caller(), current, next);
        return next;
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

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return dev.actgate.shared.upstream.PercentEncoding.segment(s);
    }
}
