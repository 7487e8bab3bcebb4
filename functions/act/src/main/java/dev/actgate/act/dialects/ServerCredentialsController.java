package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.apikeys.ApiCredentialService;
import dev.actgate.shared.apikeys.CredentialRequest;
import dev.actgate.shared.apikeys.ServerCredential;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.Roles;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorBody;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Server credentials: API keys and OAuth2 clients, created, listed and revoked with a manager token (the secret is
 * in the creation answer only), and the client-credentials token endpoint the Pipedream SDK calls.
 */
@Controller
public class ServerCredentialsController {
    private final ApiCredentialService credentials;
    private final ObjectMapper json;

    public ServerCredentialsController(ApiCredentialService credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Post("/api-keys")
    @Secured(Roles.MANAGER)
    public MutableHttpResponse<?> createApiKey(Authentication auth, @Nullable @Valid @Body CredentialRequest body) {
        return created(auth, ServerCredential.Kind.API_KEY, body);
    }

    @Get("/api-keys")
    @Secured(Roles.MANAGER)
    public Map<String, Object> listApiKeys(Authentication auth) {
        return list(auth, ServerCredential.Kind.API_KEY);
    }

    @Delete("/api-keys/{id}")
    @Secured(Roles.MANAGER)
    public ApiCredentialService.CredentialView revokeApiKey(Authentication auth, @PathVariable String id) {
        return credentials.revoke(Caller.of(auth), ServerCredential.Kind.API_KEY, id);
    }

    @Post("/oauth-clients")
    @Secured(Roles.MANAGER)
    public MutableHttpResponse<?> createClient(Authentication auth, @Nullable @Valid @Body CredentialRequest body) {
        return created(auth, ServerCredential.Kind.OAUTH_CLIENT, body);
    }

    @Get("/oauth-clients")
    @Secured(Roles.MANAGER)
    public Map<String, Object> listClients(Authentication auth) {
        return list(auth, ServerCredential.Kind.OAUTH_CLIENT);
    }

    @Delete("/oauth-clients/{id}")
    @Secured(Roles.MANAGER)
    public ApiCredentialService.CredentialView revokeClient(Authentication auth, @PathVariable String id) {
        return credentials.revoke(Caller.of(auth), ServerCredential.Kind.OAUTH_CLIENT, id);
    }

    /** The view plus the secret, under the names each kind's clients read: {@code key}, or {@code client_id}/{@code client_secret}. */
    private MutableHttpResponse<?> created(Authentication auth, ServerCredential.Kind kind, CredentialRequest body) {
        ApiCredentialService.Issued issued = credentials.create(Caller.of(auth), kind, body);
        ObjectNode r = json.valueToTree(issued.credential());
        if (kind == ServerCredential.Kind.API_KEY) {
            r.put("key", issued.secret());
        } else {
            r.put("client_id", issued.credential().id());
            r.put("client_secret", issued.secret());
        }
        return HttpResponse.created(r);
    }

    private Map<String, Object> list(Authentication auth, ServerCredential.Kind kind) {
        return Map.of("items", credentials.list(Caller.of(auth), kind));
    }

    /**
     * OAuth2 client credentials (RFC 6749 §4.4): {@code client_id}/{@code client_secret} in a JSON body (what the
     * Pipedream SDK sends), a form body, or HTTP Basic. Errors use the RFC's {@code error} codes alongside actgate's
     * error fields.
     */
    @Post("/v1/oauth/token")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN})
    public MutableHttpResponse<?> token(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> params = params(request, body);
        String grant = params.get("grant_type");
        if (grant == null || !grant.equals("client_credentials")) {
            return oauthError(400, "unsupported_grant_type", ErrorCode.VALIDATION_ERROR,
                "grant_type must be client_credentials (the only grant this endpoint issues)");
        }
        String id = params.get("client_id");
        String secret = params.get("client_secret");
        String basic = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if ((id == null || secret == null) && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return oauthError(401, "invalid_client", ErrorCode.UNAUTHORIZED, "Malformed HTTP Basic client authentication");
            }
        }
        try {
            ApiCredentialService.AccessToken t = credentials.issueAccessToken(id, secret);
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("access_token", t.accessToken());
            r.put("token_type", "Bearer");
            r.put("expires_in", t.expiresIn());
            return HttpResponse.ok(r).header(HttpHeaders.CACHE_CONTROL, "no-store");
        } catch (TokenRejection rejection) {
            return oauthError(401, "invalid_client", ErrorCode.UNAUTHORIZED, rejection.getMessage());
        }
    }

    private Map<String, String> params(HttpRequest<?> request, String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        String trimmed = body.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode n = json.readTree(trimmed);
                n.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode()) {
                        out.put(e.getKey(), e.getValue().asText());
                    }
                });
            } catch (java.io.IOException e) {
                throw new ApiException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON");
            }
            return out;
        }
        for (String pair : trimmed.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static MutableHttpResponse<?> oauthError(int status, String error, ErrorCode code, String message) {
        ErrorBody b = ErrorBody.of(code, message);
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("error", error);
        r.put("error_description", message);
        r.put("type", b.type());
        if (b.key() != null) {
            r.put("key", b.key());
        }
        r.put("code", b.code());
        r.put("message", b.message());
        r.put("attribution", b.attribution());
        return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(status)).body(r).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
