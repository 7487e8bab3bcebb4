package dev.actgate.shared.deployment;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code actgate.public-url}: the address users and their browsers reach this deployment at (the API's custom domain
 * or API Gateway's URL), for the links actgate hands out (approval pages, connect links, the OAuth callback; the host `/mcp` answers). Null when not configured.
 */
@ConfigurationProperties("actgate")
public record PublicUrlSettings(@Nullable String publicUrl) {

    /**
     * The base URL for links in an answer to this request: the configured one, else what the request says (API
     * Gateway's host; https unless a proxy in front says otherwise).
     */
    public String baseFor(io.micronaut.http.HttpRequest<?> request) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.strip().replaceAll("/$", "");
        }
        String host = request.getHeaders().get("Host");
        String proto = request.getHeaders().get("X-Forwarded-Proto");
        return (proto == null ? "https" : proto) + "://" + (host == null ? "localhost" : host);
    }
}
