package dev.actgate.connections;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.http.HttpRequest;

/**
 * {@code actgate.public-url}: the API's public base URL (the connect screens' links, the OAuth callback), else what the
 * request says (API Gateway's host, https).
 */
@ConfigurationProperties("actgate")
public class PublicUrl {
    private String publicUrl;

    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String v) { this.publicUrl = v; }

    String of(HttpRequest<?> request) {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/$", "");
        }
        String host = request.getHeaders().get("Host");
        String proto = request.getHeaders().get("X-Forwarded-Proto");
        return (proto == null ? "https" : proto) + "://" + (host == null ? "localhost" : host);
    }
}
