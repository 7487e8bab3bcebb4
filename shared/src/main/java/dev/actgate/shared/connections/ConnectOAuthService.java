package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.credentials.OAuth2TokenClient;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.integrations.EffectiveIntegration;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Ids;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth2 part of the connect flow (issue 10, item 5): authorization code with PKCE (S256), a signed, single-use,
 * expiring {@code state}, and a {@code __Host-} cookie that binds the flow to the browser that started it (issue 11).
 * The callback exchanges the code and saves the tokens sealed on the connection.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public record ConnectOAuthService(WorkspaceTokenVerifier tokens, ConnectionService connections,
                                  IntegrationService integrations, OAuth2TokenClient oauth,
                                  ConnectScreenService screens, ConnectFlowService identity, ObjectMapper json) {
    static final Duration STATE_TTL = Duration.ofMinutes(10);
    public static final String STATE = "oauth-state";
    public static final String CALLBACK_PATH = "/oauth/callback";

    /** The cookie that binds an OAuth flow to the browser that started it; {@code __Host-}: Secure, no Domain, Path=/. */
    public static final String BROWSER_COOKIE_PREFIX = "__Host-actgate-oauth-";

    /** Where the OAuth provider must send the browser, and the cookie that browser must bring back to the callback. */
    public record OAuthStart(URI location, String cookieName, String cookieValue) {
        public String setCookieHeader() {
            return cookieName + "=" + cookieValue + "; Path=/; Max-Age=" + STATE_TTL.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
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

    // ------------------------------------------------------------------ OAuth2 authorization code with PKCE

    /** Where to send the browser: the provider's authorize URL, with a signed single-use state and PKCE. */
    public OAuthStart oauthStart(String sessionToken, String publicUrl) {
        ConnectScreenService.Session s = screens.session(sessionToken, ConnectScreenService.SESSION);
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
    private Connection pending(ConnectScreenService.Session s, Integration integration) {
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
    public ConnectScreenService.Result callback(Map<String, String> query, String publicUrl, java.util.function.Function<String, String> cookies) {
        String stateToken = query.get("state");
        if (stateToken == null) {
            throw ApiException.validation("The provider sent no state: start connecting again");
        }
        ConnectScreenService.Session s = screens.session(stateToken, STATE);
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
            return new ConnectScreenService.Result(connections.view(failed), reason, redirectUri);
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
            return new ConnectScreenService.Result(connections.view(failed), reason, redirectUri);
        }
        Map<String, String> fields = new LinkedHashMap<>(current.fields());
        Connection next = current.toBuilder()
            .credentials(connections.seal(current.workspaceId(), current.tenantKey(), current.id(), credentials))
            .credentialsExpireAt(credentials.expiresAt()).credentialsVersion(current.credentialsVersion() + 1)
            .fields(fields).state(ConnectionState.READY).error(null).refreshLeaseUntil(null)
            .updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(s.caller(), current, next);
        Connection withIdentity = identity.withIdentity(next, effective);
        return new ConnectScreenService.Result(connections.view(withIdentity), null, redirectUri);
    }

    private Connection saveError(ConnectScreenService.Session s, Connection current, String reason, ConnectionState state) {
        Connection next = current.toBuilder().error(reason).state(state).updatedAt(Instant.now()).version(current.version() + 1).build();
        connections.update(s.caller(), current, next);
        return next;
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
