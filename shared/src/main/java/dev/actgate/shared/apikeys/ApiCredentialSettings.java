package dev.actgate.shared.apikeys;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code actgate.api-credentials.*}: lifetimes of issued access tokens and how often a use is written back. */
@ConfigurationProperties("actgate.api-credentials")
public class ApiCredentialSettings {
    /** Lifetime of an access token from {@code POST /v1/oauth/token} (the Pipedream SDK caches it until 2 min before). */
    private int accessTokenTtlSeconds = 3600;
    /** lastUsedAt is written at most this often per credential: a use is not worth a write on every request. */
    private int lastUsedResolutionSeconds = 60;

    public int getAccessTokenTtlSeconds() {
        return accessTokenTtlSeconds;
    }

    public void setAccessTokenTtlSeconds(int accessTokenTtlSeconds) {
        this.accessTokenTtlSeconds = accessTokenTtlSeconds;
    }

    public int getLastUsedResolutionSeconds() {
        return lastUsedResolutionSeconds;
    }

    public void setLastUsedResolutionSeconds(int lastUsedResolutionSeconds) {
        this.lastUsedResolutionSeconds = lastUsedResolutionSeconds;
    }
}
