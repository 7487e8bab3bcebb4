package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.json.SentNulls;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.json.TypedRequest;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Set;

/**
 * The body of {@code POST /integrations}, {@code PATCH} and {@code PUT /integrations/{selector}} (strict).
 * {@code auth}, {@code parameters} and {@code meta} are open JSON by design — the auth scheme is read into
 * {@link AuthSpec} and checked per type, parameters are a flat map of strings — so they stay {@link JsonNode}
 * (which also lets PATCH clear one with null) and {@link IntegrationService} checks them.
 */
@TypedRequest
public record IntegrationRequest(
    @Nullable @Pattern(regexp = Bodies.KEY_REGEX, message = Bodies.KEY_MESSAGE) String key,
    @Nullable @Size(min = 1, max = 256, message = Bodies.NAME_MESSAGE)
    @Pattern(regexp = Bodies.NOT_BLANK_REGEX, message = Bodies.NAME_MESSAGE) String name,
    @Nullable String connectorKey,
    @Nullable String connectorId,
    @Nullable String baseUrl,
    @Nullable JsonNode auth,
    @Nullable JsonNode parameters,
    @Nullable JsonNode meta,
    @Nullable @Min(value = 100, message = "must be a whole number from 100 to 10000")
    @Max(value = 10_000, message = "must be a whole number from 100 to 10000") Integer connectTimeoutMs,
    @Nullable @Min(value = 100, message = "must be a whole number from 100 to 28000")
    @Max(value = 28_000, message = "must be a whole number from 100 to 28000") Integer readTimeoutMs,
    @JsonIgnore @Nullable Set<String> sentNull) implements SentNulls<IntegrationRequest> {

    /** A body with nothing sent as null (how stored content is written back). */
    static IntegrationRequest of(String key, String name, String connectorKey, String connectorId, String baseUrl, JsonNode auth,
                                 JsonNode parameters, JsonNode meta, Integer connectTimeoutMs, Integer readTimeoutMs) {
        return new IntegrationRequest(key, name, connectorKey, connectorId, baseUrl, auth, parameters, meta, connectTimeoutMs,
            readTimeoutMs, Set.of());
    }

    @Override
    public IntegrationRequest withSentNulls(Set<String> fields) {
        return new IntegrationRequest(key, name, connectorKey, connectorId, baseUrl, auth, parameters, meta, connectTimeoutMs,
            readTimeoutMs, fields);
    }

    /**
     * PATCH: what this body gives replaces the stored field, a field sent as null clears it (as it did before bodies
     * were typed: the stored default then applies, or the field's "is required" check answers), one left out is kept.
     */
    IntegrationRequest over(IntegrationRequest stored) {
        return of(or("key", key, stored.key), or("name", name, stored.name),
            or("connectorKey", connectorKey, stored.connectorKey), or("connectorId", connectorId, stored.connectorId),
            or("baseUrl", baseUrl, stored.baseUrl), or("auth", auth, stored.auth), parameters, or("meta", meta, stored.meta),
            or("connectTimeoutMs", connectTimeoutMs, stored.connectTimeoutMs),
            or("readTimeoutMs", readTimeoutMs, stored.readTimeoutMs));
    }

    /** PUT: the body is the whole integration; the key is kept when left out. */
    IntegrationRequest keyOr(String storedKey) {
        return key != null ? this : of(storedKey, name, connectorKey, connectorId, baseUrl, auth, parameters,
            meta, connectTimeoutMs, readTimeoutMs);
    }

    private <T> T or(String field, T given, T stored) {
        return given != null || (sentNull != null && sentNull.contains(field)) ? given : stored;
    }
}
