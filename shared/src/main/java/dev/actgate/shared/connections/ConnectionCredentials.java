package dev.actgate.shared.connections;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection's secrets in the clear: the secret fields a user typed (API key, token, password) and/or OAuth2
 * tokens. Exists only in memory, briefly; stored sealed. {@link #toString()} never prints a value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionCredentials(Map<String, String> fields, String accessToken, String refreshToken, String tokenType,
                                    Instant expiresAt, String scope) {

    public ConnectionCredentials {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static ConnectionCredentials ofFields(Map<String, String> fields) {
        return new ConnectionCredentials(fields, null, null, null, null, null);
    }

    /** Every secret value, for redaction of run logs and error messages. */
    public List<String> secretValues() {
        List<String> out = new ArrayList<>(fields.values());
        if (accessToken != null) {
            out.add(accessToken);
        }
        if (refreshToken != null) {
            out.add(refreshToken);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConnectionCredentials[fields=" + fields.keySet() + ", oauth=" + (accessToken != null) + "]";
    }
}
