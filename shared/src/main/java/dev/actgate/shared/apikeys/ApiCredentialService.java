package dev.actgate.shared.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.workspaces.WorkspaceService;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Server credentials of a workspace: API keys and OAuth2 client-credentials clients (created, listed and revoked with
 * a manager token), the access tokens {@code POST /v1/oauth/token} issues to clients, and the check of a presented
 * credential. A server credential names a workspace, never a tenant and never a manager: the vendor-dialect routes
 * that accept one take the tenant from the request ({@code external_user_id}, {@code user_id}, …).
 *
 * <p>Secrets are 256 random bits, so a single SHA-256 is enough to store them: a slow password hash protects
 * low-entropy secrets against guessing, and there is nothing to guess here. The hash lets a leaked table reveal no
 * usable key, while checking a key stays one read and one hash.
 */
@Singleton
public record ApiCredentialService(ServerCredentialRepository repository, WorkspaceService workspaces,
                                   ApiCredentialSettings settings) {
    public static final String API_KEY_PREFIX = "agk_";
    public static final String ACCESS_TOKEN_PREFIX = "agt_";
    public static final String CLIENT_SECRET_PREFIX = "agcs_";
    static final String KEY_ID = "key";
    static final String TOKEN_ID = "tok";
    static final String CLIENT_ID = "client";
    static final int SECRET_BYTES = 32;
    static final int ID_CHARS = 26;

    /** A credential as lists show it: never the secret or its hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialView(String id, String type, String name, String prefix, Instant createdAt, Instant expiresAt,
                                 Instant lastUsedAt, Instant revokedAt, boolean active) {
        static CredentialView of(ServerCredential c) {
            return new CredentialView(c.id(), c.kind() == ServerCredential.Kind.API_KEY ? "api_key" : "oauth_client", c.name(),
                c.prefix(), c.createdAt(), c.expiresAt(), c.lastUsedAt(), c.revokedAt(), c.activeAt(Instant.now()));
        }
    }

    /** A new credential and its secret, which is shown this once and never stored. */
    public record Issued(CredentialView credential, String secret) {
        @Override
        public String toString() {
            return "Issued[" + credential.id() + "]";
        }
    }

    /** Who a verified server credential speaks for: a workspace. */
    public record Principal(String credentialId, ServerCredential.Kind kind, String workspaceId, String workspaceKey) {
    }

    public record AccessToken(String accessToken, long expiresIn) {
        @Override
        public String toString() {
            return "AccessToken[expiresIn=" + expiresIn + "]";
        }
    }

    // ------------------------------------------------------------------ management (manager token)

    /** A new API key or OAuth client ({@code kind}); the secret is in the answer only. */
    public Issued create(Caller caller, ServerCredential.Kind kind, CredentialRequest body) {
        caller.requireManager();
        CredentialRequest r = body == null ? CredentialRequest.EMPTY : body;
        Instant now = Instant.now();
        Instant expiresAt = r.expiry(now);
        boolean apiKey = kind == ServerCredential.Kind.API_KEY;
        String id = Ids.newId(apiKey ? KEY_ID : CLIENT_ID);
        String secret = apiKey ? API_KEY_PREFIX + id.substring(KEY_ID.length() + 1) + "_" + Ids.randomToken(SECRET_BYTES)
            : CLIENT_SECRET_PREFIX + Ids.randomToken(SECRET_BYTES);
        // An API key is found by the id inside it, so its prefix is that part; a client is found by its client_id.
        String prefix = apiKey ? secret.substring(0, API_KEY_PREFIX.length() + ID_CHARS) : id;
        ServerCredential c = new ServerCredential(id, kind, caller.workspaceId(), caller.workspaceKey(),
            r.name(), prefix, hash(secret), null, now, expiresAt, null, null);
        repository.create(c);
        return new Issued(CredentialView.of(c), secret);
    }

    public List<CredentialView> list(Caller caller, ServerCredential.Kind kind) {
        caller.requireManager();
        return repository.list(caller.workspaceId(), kind).stream().map(CredentialView::of).toList();
    }

    public CredentialView revoke(Caller caller, ServerCredential.Kind kind, String id) {
        caller.requireManager();
        if (!repository.revoke(caller.workspaceId(), id, kind, Instant.now())) {
            throw new ApiException(ErrorCode.NOT_FOUND, (kind == ServerCredential.Kind.API_KEY ? "API key '" : "OAuth client '")
                + id + "' not found");
        }
        return repository.find(id, kind).map(CredentialView::of).orElseThrow();
    }

    // ------------------------------------------------------------------ OAuth2 client credentials

    /** {@code grant_type=client_credentials}: a short-lived access token for a valid, unrevoked client. */
    public AccessToken issueAccessToken(String clientId, String clientSecret) throws TokenRejection {
        if (clientId == null || clientSecret == null || clientId.isBlank() || clientSecret.isBlank()) {
            throw new TokenRejection("client_id and client_secret are required");
        }
        ServerCredential client = repository.find(clientId.trim(), ServerCredential.Kind.OAUTH_CLIENT)
            .filter(c -> matches(c, clientSecret.trim()))
            .orElseThrow(() -> new TokenRejection("Unknown client or wrong client secret"));
        Instant now = Instant.now();
        if (!client.activeAt(now)) {
            throw new TokenRejection(client.revokedAt() != null ? "This client has been revoked" : "This client has expired");
        }
        requireWorkspace(client);
        String id = Ids.newId(TOKEN_ID);
        String token = ACCESS_TOKEN_PREFIX + id.substring(TOKEN_ID.length() + 1) + "_" + Ids.randomToken(SECRET_BYTES);
        long ttl = Math.max(60, settings.accessTokenTtlSeconds());
        Instant expires = now.plusSeconds(ttl);
        if (client.expiresAt() != null && client.expiresAt().isBefore(expires)) {
            expires = client.expiresAt();
        }
        repository.create(new ServerCredential(id, ServerCredential.Kind.ACCESS_TOKEN, client.workspaceId(), client.workspaceKey(),
            null, token.substring(0, ACCESS_TOKEN_PREFIX.length() + ID_CHARS), hash(token), client.id(), now, expires, null, null));
        touch(client, now);
        return new AccessToken(token, Math.max(1, Duration.between(now, expires).getSeconds()));
    }

    // ------------------------------------------------------------------ checking a presented credential

    /** True when {@code value} has the shape of an actgate API key or access token (so it is not a JWT). */
    public static boolean looksLikeServerCredential(String value) {
        return value != null && (value.startsWith(API_KEY_PREFIX) || value.startsWith(ACCESS_TOKEN_PREFIX));
    }

    public Principal authenticate(String presented) throws TokenRejection {
        if (presented == null || presented.isBlank()) {
            throw new TokenRejection("Missing API key");
        }
        String value = presented.trim();
        if (value.length() > 512) {
            throw new TokenRejection("API key is too long");
        }
        boolean token = value.startsWith(ACCESS_TOKEN_PREFIX);
        String lead = token ? ACCESS_TOKEN_PREFIX : API_KEY_PREFIX;
        if (!value.startsWith(lead) || value.length() < lead.length() + ID_CHARS + 2 || value.charAt(lead.length() + ID_CHARS) != '_') {
            throw new TokenRejection("Malformed API key: use the whole value printed when it was created");
        }
        String id = (token ? TOKEN_ID : KEY_ID) + "_" + value.substring(lead.length(), lead.length() + ID_CHARS);
        ServerCredential.Kind kind = token ? ServerCredential.Kind.ACCESS_TOKEN : ServerCredential.Kind.API_KEY;
        ServerCredential c = repository.find(id, kind).filter(x -> matches(x, value))
            .orElseThrow(() -> new TokenRejection(token ? "Unknown access token" : "Unknown API key"));
        Instant now = Instant.now();
        if (!c.activeAt(now)) {
            throw new TokenRejection(c.revokedAt() != null ? "This API key has been revoked"
                : token ? "Access token expired: request a new one from POST /v1/oauth/token" : "This API key has expired");
        }
        if (token) {
            ServerCredential client = repository.find(c.clientId(), ServerCredential.Kind.OAUTH_CLIENT)
                .orElseThrow(() -> new TokenRejection("The client of this access token no longer exists"));
            if (!client.activeAt(now)) {
                throw new TokenRejection("The client of this access token has been revoked or has expired");
            }
        } else {
            touch(c, now);
        }
        requireWorkspace(c);
        return new Principal(token ? c.clientId() : c.id(), token ? ServerCredential.Kind.OAUTH_CLIENT : ServerCredential.Kind.API_KEY,
            c.workspaceId(), c.workspaceKey());
    }

    private void requireWorkspace(ServerCredential c) throws TokenRejection {
        Optional<dev.actgate.shared.workspaces.Workspace> w = workspaces.find(c.workspaceKey());
        if (w.isEmpty() || !w.get().id().equals(c.workspaceId())) {
            throw new TokenRejection("Unknown workspace");
        }
    }

    private void touch(ServerCredential c, Instant now) {
        if (c.lastUsedAt() == null || c.lastUsedAt().plusSeconds(settings.lastUsedResolutionSeconds()).isBefore(now)) {
            repository.touch(c, now);
        }
    }

    private static boolean matches(ServerCredential c, String presented) {
        return c.secretHash() != null && MessageDigest.isEqual(c.secretHash().getBytes(StandardCharsets.US_ASCII),
            hash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
