package dev.actgate.shared.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.connections.ConnectionCredentials;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.upstream.PercentEncoding;
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamFailure;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls OAuth2 token endpoints (RFC 6749): authorization-code exchange (with the PKCE verifier), refresh, and
 * client credentials. Client authentication per the connector: {@code client_secret_post} or
 * {@code client_secret_basic}. A refused grant ({@code invalid_grant}) is reported as {@link GrantRevoked} so the
 * caller can mark the connection disconnected; anything else is a retryable OAUTH_ERROR.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class OAuth2TokenClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final UpstreamClient http;
    private final ObjectMapper json;

    public OAuth2TokenClient(UpstreamClient http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** The grant is gone (revoked, expired refresh token, user removed the app): only a reconnect helps. */
    public static final class GrantRevoked extends RuntimeException {
        public GrantRevoked(String message) {
            super(message, null, false, false);
        }
    }

    public record Client(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Client[" + clientId + "]";
        }
    }

    public ConnectionCredentials exchangeCode(AuthSpec auth, Client client, String code, String redirectUri, String codeVerifier,
                                              Map<String, String> keepFields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return call(auth, client, form, null, keepFields);
    }

    public ConnectionCredentials refresh(AuthSpec auth, Client client, ConnectionCredentials current) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken());
        return call(auth, client, form, current.refreshToken(), current.fields());
    }

    public ConnectionCredentials clientCredentials(AuthSpec auth, Client client, List<String> scopes, Map<String, String> keepFields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        String scope = auth.scopeString(scopes);
        if (!scope.isBlank()) {
            form.put("scope", scope);
        }
        return call(auth, client, form, null, keepFields);
    }

    private ConnectionCredentials call(AuthSpec auth, Client client, Map<String, String> form, String previousRefreshToken,
                                       Map<String, String> keepFields) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/json"));
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        if ("client_secret_basic".equals(auth.tokenAuthMethod())) {
            String basic = PercentEncoding.form(client.clientId()) + ":"
                + PercentEncoding.form(client.clientSecret() == null ? "" : client.clientSecret());
            headers.put("Authorization", List.of("Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8))));
        } else {
            form.put("client_id", client.clientId());
            if (client.clientSecret() != null) {
                form.put("client_secret", client.clientSecret());
            }
        }
        List<String> pairs = new ArrayList<>();
        form.forEach((k, v) -> pairs.add(PercentEncoding.form(k) + "=" + PercentEncoding.form(v)));
        UpstreamRequest request = new UpstreamRequest("POST", URI.create(auth.tokenUrl()), headers,
            String.join("&", pairs).getBytes(StandardCharsets.UTF_8));
        UpstreamResponse response;
        try {
            response = http.send(request, TIMEOUT, TIMEOUT);
        } catch (UpstreamFailure f) {
            if (f.kind() == UpstreamFailure.Kind.DENIED) {
                throw new ApiException(ErrorCode.EGRESS_DENIED, "The token endpoint is not allowed: " + f.getMessage());
            }
            throw new ApiException(ErrorCode.OAUTH_ERROR, "The token endpoint could not be reached: " + f.getMessage());
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (java.io.IOException e) {
            body = parseForm(new String(response.body(), StandardCharsets.UTF_8));
        }
        String error = body.path("error").asText(null);
        if ("invalid_grant".equals(error) || "invalid_token".equals(error) || "unauthorized_client".equals(error)) {
            throw new GrantRevoked("The token endpoint refused the grant (" + error + ")");
        }
        if (response.status() >= 400 || error != null || !body.hasNonNull("access_token")) {
            throw new ApiException(ErrorCode.OAUTH_ERROR, "The token endpoint answered " + response.status()
                + (error != null ? " (" + error + ")" : ""), Map.of("status", response.status(), "error", error == null ? "" : error));
        }
        Instant expiresAt = body.hasNonNull("expires_in") ? Instant.now().plusSeconds(body.get("expires_in").asLong()) : null;
        String refreshToken = body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : previousRefreshToken;
        return new ConnectionCredentials(keepFields, body.get("access_token").asText(), refreshToken,
            body.path("token_type").asText("Bearer"), expiresAt, body.path("scope").asText(null));
    }

    private JsonNode parseForm(String text) {
        var node = json.createObjectNode();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                node.put(PercentEncoding.decode(pair.substring(0, eq)), PercentEncoding.decode(pair.substring(eq + 1)));
            }
        }
        return node;
    }
}
