package dev.actgate.shared.apikeys;

import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.api-credentials.*}: lifetimes of issued access tokens and how often a use is written back.
 *
 * @param accessTokenTtlSeconds     lifetime of an access token from {@code POST /v1/oauth/token} (the Pipedream SDK
 *                                  caches it until 2 min before)
 * @param lastUsedResolutionSeconds lastUsedAt is written at most this often per credential: a use is not worth a
 *                                  write on every request
 */
@ConfigurationProperties("actgate.api-credentials")
public record ApiCredentialSettings(
    @Bindable(defaultValue = "" + ACCESS_TOKEN_TTL_SECONDS) int accessTokenTtlSeconds,
    @Bindable(defaultValue = "" + LAST_USED_RESOLUTION_SECONDS) int lastUsedResolutionSeconds) {
    static final int ACCESS_TOKEN_TTL_SECONDS = 3600;
    static final int LAST_USED_RESOLUTION_SECONDS = 60;

    @ConfigurationInject
    public ApiCredentialSettings {
    }

    /** The defaults (tools and tests that build the service without an application context). */
    public ApiCredentialSettings() {
        this(ACCESS_TOKEN_TTL_SECONDS, LAST_USED_RESOLUTION_SECONDS);
    }
}
