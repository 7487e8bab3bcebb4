package dev.actgate.shared.deployment;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code actgate.public-url}: the address users and their browsers reach this deployment at (the API's custom domain
 * or API Gateway's URL), for the links actgate hands out (approval pages). Null when not configured.
 */
@ConfigurationProperties("actgate")
public record PublicUrlSettings(@Nullable String publicUrl) {
}
