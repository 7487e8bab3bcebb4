package dev.actgate.shared.connections;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code actgate.oauth.*}: when a stored OAuth2 access token counts as due for a refresh (docs/oauth-refresh.md). */
@ConfigurationProperties("actgate.oauth")
public class OAuthRefreshSettings {
    /** A token expiring within this many seconds is refreshed before the call, not after a 401. */
    private long refreshMarginSeconds = 300;

    public long getRefreshMarginSeconds() { return refreshMarginSeconds; }
    public void setRefreshMarginSeconds(long v) { this.refreshMarginSeconds = v; }
}
