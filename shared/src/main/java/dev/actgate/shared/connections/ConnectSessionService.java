package dev.actgate.shared.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.auth.WorkspaceTokenVerifier;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.TypedBodyReader;
import dev.actgate.shared.storage.Ids;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connect links without the tenant's API token in the URL (issue 11, item 6). The customer's backend, holding the
 * tenant token in its Authorization header, asks for a connect session ({@code POST /connect-sessions}, the shape of
 * Pipedream Connect's "connect token"): a short-lived, <em>single-use</em> token and a ready {@code connectUrl}.
 * What to connect stays in DynamoDB next to a random nonce; the token carries only the nonce, the tenant and a
 * purpose-bound signature ({@code purpose: connect-link}, never an API token). Opening the link deletes the nonce
 * with a conditional write, so a replayed, leaked or expired link opens nothing.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public record ConnectSessionService(WorkspaceTokenVerifier tokens, ConnectionService connections,
                                    ConnectScreenService flow, ConnectSettings settings, ObjectMapper json,
                                    TypedBodyReader bodies) {
    public static final String LINK = "connect-link";
    /** Query parameter of the link form. */
    public static final String LINK_PARAMETER = "connectToken";
    private static final String NONCE_PREFIX = "link-";

    /** The answer of {@code POST /connect-sessions}. */
    public record Created(String token, Instant expiresAt, String connectUrl) {
    }

    /** An opened link: who it is for and what it connects. */
    public record Redeemed(Caller caller, Map<String, String> params) {
    }

    /**
     * A new single-use link. The target is checked now (unknown integration, foreign redirect → the backend gets the
     * JSON error, not the user a broken page later). A manager token names the tenant with {@code tenantKey}.
     */
    public Created create(Caller authenticated, JsonNode body, String publicUrl) {
        Map<String, String> params = bodies.read(body, ConnectSessionRequest.class).params();
        Caller caller = authenticated.actingFor(params.remove("tenantKey"));
        caller.requireTenant();
        flow.check(caller, params, publicUrl);
        Instant expiresAt = Instant.now().plusSeconds(Math.max(1, settings.getLinkTtlSeconds()));
        String nonce = Ids.randomToken(24);
        try {
            connections.putConnectState(caller, NONCE_PREFIX + nonce, json.writeValueAsString(params), expiresAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String token = tokens.signForWorkspace(caller.workspaceKey(), new JWTClaimsSet.Builder()
            .claim("workspaceKey", caller.workspaceKey()).claim("tenantKey", caller.tenantKey())
            .claim(WorkspaceTokenVerifier.PURPOSE_CLAIM, LINK).claim("nonce", nonce)
            .issueTime(java.util.Date.from(Instant.now())).expirationTime(java.util.Date.from(expiresAt)).build());
        return new Created(token, expiresAt, publicUrl + "/screens/connect?" + LINK_PARAMETER + "="
            + dev.actgate.shared.upstream.PercentEncoding.form(token));
    }

    /** Opens a link once: its signature, expiry and the stored nonce are checked, and the nonce is consumed. */
    public Redeemed redeem(String token) {
        WorkspaceTokenVerifier.Verified v;
        try {
            v = tokens.verifyPurpose(token, LINK);
        } catch (TokenRejection e) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "This connect link is invalid or has expired: "
                + "ask the app for a new one");
        }
        Object nonce = v.claims().getClaim("nonce");
        String data = nonce instanceof String n ? connections.takeConnectState(v.caller(), NONCE_PREFIX + n).orElse(null) : null;
        if (data == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "This connect link was already used or has expired: "
                + "ask the app for a new one");
        }
        Map<String, String> params = new LinkedHashMap<>();
        try {
            json.readTree(data).fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored connect session is unreadable", e);
        }
        return new Redeemed(v.caller(), params);
    }
}
