package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /connections}, {@code PATCH} and {@code PUT /connections/{selector}} (strict). The
 * credential groups and {@code meta} are open JSON: kept as {@link JsonNode} so PATCH tells "null" (clear) from
 * "left out" (keep); {@link ConnectionCredentialInput} and the service check them.
 */
@TypedRequest
public record ConnectionRequest(
    // what to connect: an integration, or a catalog connector (its integration is made on first connect)
    @Nullable String integrationKey,
    @Nullable String integrationId,
    @Nullable String connectorKey,
    @Nullable String connectorId,
    @Nullable JsonNode credentials,
    @Nullable JsonNode fields,
    @Nullable JsonNode input,
    @Nullable JsonNode connectorParameters,
    @Nullable JsonNode meta,
    @Nullable Boolean isDefault,
    @Nullable Boolean isTenantDefault,
    // the connection's own key and name (defaults: the integration's key with a suffix, the integration's name)
    @Nullable @Pattern(regexp = Bodies.KEY_REGEX, message = Bodies.KEY_MESSAGE) String key,
    @Nullable @Size(min = 1, max = 256, message = Bodies.NAME_MESSAGE)
    @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = Bodies.NAME_MESSAGE) String name) {

    /** Names an integration (or a connector) at all. */
    boolean namesIntegration() {
        return integrationKey != null || integrationId != null || connectorKey != null || connectorId != null;
    }

    /** Sends credentials at all ({@code connectorParameters} alone does not replace them, as before). */
    boolean givesCredentials() {
        return credentials != null || fields != null || input != null;
    }
}
