package dev.actgate.act;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code actgate.public-url}: the URL users reach the deployment at (a custom domain or API Gateway's); the MCP
 * endpoint answers that host. Empty when not set.
 */
@ConfigurationProperties("actgate")
public class PublicUrlSettings {
    private String publicUrl = "";

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl == null ? "" : publicUrl;
    }
}
