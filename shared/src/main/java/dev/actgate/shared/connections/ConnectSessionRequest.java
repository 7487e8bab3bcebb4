package dev.actgate.shared.connections;

import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /connect-sessions} (strict): what the link's screen connects — the connect screen's former
 * query parameters — and, for a manager token, the tenant it is for. Each is a non-blank string of at most 2,048
 * characters, or left out.
 */
@TypedRequest
public record ConnectSessionRequest(
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String integrationKey,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String integrationId,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String connectorKey,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String connectorId,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String connectionId,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String connectionKey,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String name,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String redirectUri,
    @Nullable @Size(min = 1, max = 2048, message = TEXT) @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = TEXT) String tenantKey) {

    static final String TEXT = "must be a non-empty string of at most 2048 characters";

    /** The fields that were sent, by name, in the order the connect screen reads them. */
    Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "integrationKey", integrationKey);
        put(params, "integrationId", integrationId);
        put(params, "connectorKey", connectorKey);
        put(params, "connectorId", connectorId);
        put(params, "connectionId", connectionId);
        put(params, "connectionKey", connectionKey);
        put(params, "name", name);
        put(params, "redirectUri", redirectUri);
        put(params, "tenantKey", tenantKey);
        return params;
    }

    private static void put(Map<String, String> params, String field, String value) {
        if (value != null) {
            params.put(field, value);
        }
    }
}
