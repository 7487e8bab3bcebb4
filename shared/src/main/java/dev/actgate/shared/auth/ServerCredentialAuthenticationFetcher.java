package dev.actgate.shared.auth;

import dev.actgate.shared.apikeys.ApiCredentialService;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * Authenticates server credentials — an API key in {@code x-api-key} (Composio) or {@code Authorization: Bearer}
 * (Weavz), or an access token from {@code POST /v1/oauth/token} (Pipedream) — next to the JWT path, which it leaves
 * untouched: it runs after {@link TokenAuthenticationFetcher}, so a valid JWT always wins.
 *
 * <p>Server credentials are accepted only on the vendor-dialect routes ({@link #DIALECT_PREFIXES}). They name a
 * workspace and no tenant, and they are never manager tokens; the dialect controllers take the tenant from the
 * request ({@link ServerCaller}). On any other route they are refused with a 401 saying so, so an API key can never
 * reach a manager (or tenant) route of the native API.
 */
@Singleton
public class ServerCredentialAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    public static final List<String> DIALECT_PREFIXES = List.of("/v1/connect/", "/api/v1/", "/api/v2/", "/api/v3.1/");
    static final String API_KEY_HEADER = "x-api-key";

    private final ApiCredentialService credentials;

    public ServerCredentialAuthenticationFetcher(ApiCredentialService credentials) {
        this.credentials = credentials;
    }

    @Override
    public int getOrder() {
        return TokenAuthenticationFetcher.ORDER + 100;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String presented = presented(request);
        if (presented == null) {
            return Publishers.empty();
        }
        if (!isDialectPath(request.getPath())) {
            request.setAttribute(TokenRejection.ATTRIBUTE, "API keys and OAuth client access tokens are accepted only on the "
                + "vendor-dialect routes (/v1/connect/…, /api/v1/…, /api/v2/…, /api/v3.1/…); use a signed JWT here");
            return Publishers.empty();
        }
        try {
            ApiCredentialService.Principal p = credentials.authenticate(presented);
            return Publishers.just(ServerCaller.authentication(p));
        } catch (TokenRejection rejection) {
            request.setAttribute(TokenRejection.ATTRIBUTE, rejection.getMessage());
            return Publishers.empty();
        } catch (RuntimeException storage) {
            // A credential that cannot be checked is not accepted; the caller may retry.
            request.setAttribute(TokenRejection.ATTRIBUTE, "The API key could not be checked right now; retry shortly");
            return Publishers.empty();
        }
    }

    public static boolean isDialectPath(String path) {
        return path != null && DIALECT_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** The API key header, or a bearer value shaped like an actgate API key / access token (never a JWT). */
    static String presented(HttpRequest<?> request) {
        String header = request.getHeaders().get(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            if (ApiCredentialService.looksLikeServerCredential(value)) {
                return value;
            }
        }
        return null;
    }

    static Map<String, Object> attributes(ApiCredentialService.Principal p) {
        return Map.of(Caller.ATTR_WORKSPACE_ID, p.workspaceId(), Caller.ATTR_WORKSPACE_KEY, p.workspaceKey(), Caller.ATTR_MANAGER, false,
            ServerCaller.ATTR_SERVER_CREDENTIAL, p.credentialId(), ServerCaller.ATTR_SERVER_CREDENTIAL_TYPE, p.kind().name());
    }
}
