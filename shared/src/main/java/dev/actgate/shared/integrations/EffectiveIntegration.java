package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * An integration with its connector's defaults filled in: everything the upstream engine needs to call the app.
 * Integration settings win over the connector's.
 */
public record EffectiveIntegration(
    Integration integration,
    Connector connector,
    String baseUrl,
    AuthSpec auth,
    Map<String, String> defaultHeaders,
    Connector.RateLimitSpec rateLimit,
    String idempotencyHeader,
    ObjectNode identity,
    int connectTimeoutMs,
    int readTimeoutMs) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 20_000;

    public static EffectiveIntegration of(Integration integration, Connector connector) {
        String baseUrl = integration.baseUrl() != null ? integration.baseUrl() : connector == null ? null : connector.baseUrl();
        AuthSpec auth = integration.auth() != null ? integration.auth() : connector == null ? null : connector.auth();
        return new EffectiveIntegration(integration, connector, baseUrl, auth,
            connector == null ? Map.of() : connector.defaultHeaders(),
            connector == null ? null : connector.rateLimit(),
            connector == null ? null : connector.idempotencyHeader(),
            connector == null ? null : connector.identity(),
            integration.connectTimeoutMs() != null ? integration.connectTimeoutMs() : DEFAULT_CONNECT_TIMEOUT_MS,
            integration.readTimeoutMs() != null ? integration.readTimeoutMs() : DEFAULT_READ_TIMEOUT_MS);
    }
}
