package dev.actgate.shared.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.AuthSpec;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a connection write says about credentials, sorted by the integration's auth scheme: non-secret fields (shown)
 * and credentials (to be sealed). No I/O, so the rules are unit-tested alone.
 */
final class ConnectionCredentialInput {
    private ConnectionCredentialInput() {
    }

    /** The body's fields sorted: {@code credentials} null means "none yet" (an OAuth2 connection waiting to connect). */
    record Split(Map<String, String> fields, ConnectionCredentials credentials) {
    }

    /**
     * Sorts what the caller sent into non-secret fields (shown) and credentials (sealed), checking the auth scheme's
     * required fields. OAuth2 connections made this way need tokens ({@code accessToken}); otherwise they wait for
     * the connect flow (CLIENT_ACTION_REQUIRED).
     */
    static Split split(AuthSpec auth, ConnectionRequest body, Map<String, String> currentFields, ConnectionCredentials current,
                        boolean requireComplete) {
        Map<String, String> given = new LinkedHashMap<>();
        List<BodyErrors.Violation> violations = new ArrayList<>();
        // Later groups win, as before: fields, input, connectorParameters, then credentials.
        for (Map.Entry<String, JsonNode> group : List.of(Map.entry("fields", nullToMissing(body.fields())),
            Map.entry("input", nullToMissing(body.input())), Map.entry("connectorParameters", nullToMissing(body.connectorParameters())),
            Map.entry("credentials", nullToMissing(body.credentials())))) {
            Map<String, String> m = OpenJson.stringMap(group.getValue(), group.getKey(), violations);
            if (m != null) {
                given.putAll(m);
            }
        }
        OpenJson.refuseIfAny(violations);
        Map<String, String> fields = new LinkedHashMap<>(currentFields == null ? Map.of() : currentFields);
        Map<String, String> secrets = new LinkedHashMap<>(current == null ? Map.of() : current.fields());
        if (auth == null) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR, "The integration has no auth scheme");
        }
        List<String> missing = new ArrayList<>();
        for (AuthSpec.Field f : auth.effectiveFields()) {
            String v = given.remove(f.key());
            if (v != null) {
                (f.secret() ? secrets : fields).put(f.key(), v);
            }
            if (f.required() && !(f.secret() ? secrets : fields).containsKey(f.key()) && !auth.isOAuth2()) {
                missing.add(f.key());
            }
        }
        String accessToken = given.remove("accessToken");
        String refreshToken = given.remove("refreshToken");
        String expiresIn = given.remove("expiresIn");
        given.remove("tokenType");
        if (!given.isEmpty()) {
            throw ApiException.validation("Unknown credential field(s) for " + auth.type() + " auth: " + String.join(", ", given.keySet())
                + "; expected " + auth.effectiveFields().stream().map(AuthSpec.Field::key).toList(), Map.of("unknownFields", given.keySet()));
        }
        if (auth.isOAuth2()) {
            if (accessToken == null && AuthSpec.OAUTH2_CLIENT_CREDENTIALS.equals(auth.type())) {
                // The token is fetched with the client credentials on first use (and again whenever it expires).
                return new Split(fields, ConnectionCredentials.ofFields(secrets));
            }
            if (accessToken == null) {
                if (current != null && current.accessToken() != null) {
                    return new Split(fields, new ConnectionCredentials(secrets, current.accessToken(), current.refreshToken(),
                        current.tokenType(), current.expiresAt(), current.scope()));
                }
                return new Split(fields, null);
            }
            Instant expiresAt = null;
            if (expiresIn != null) {
                try {
                    expiresAt = Instant.now().plus(Long.parseLong(expiresIn), ChronoUnit.SECONDS);
                } catch (NumberFormatException e) {
                    throw ApiException.validation("credentials.expiresIn must be a number of seconds");
                }
            }
            return new Split(fields, new ConnectionCredentials(secrets, accessToken, refreshToken, "Bearer", expiresAt, null));
        }
        if (!missing.isEmpty() && requireComplete) {
            throw ApiException.validation("Missing credential field(s) for " + auth.type() + " auth: " + String.join(", ", missing),
                Map.of("missingFields", missing));
        }
        return new Split(fields, ConnectionCredentials.ofFields(secrets));
    }

    private static JsonNode nullToMissing(JsonNode v) {
        return v == null ? MissingNode.getInstance() : v;
    }
}
