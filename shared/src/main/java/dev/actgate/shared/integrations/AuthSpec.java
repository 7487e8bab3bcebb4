package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How requests to an app are authenticated, as a connector file or an inline integration describes it.
 * {@code type} is one of {@link #TYPES}; the other fields apply to some types only (see docs/connectors.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthSpec(
    String type,
    String authorizeUrl,
    String tokenUrl,
    List<String> scopes,
    String scopeSeparator,
    Boolean pkce,
    String tokenAuthMethod,
    Map<String, String> authorizeParams,
    Boolean refreshable,
    String in,
    String name,
    String prefix,
    Map<String, String> headers,
    String usernameTemplate,
    String passwordTemplate,
    List<Field> fields) {

    public static final String OAUTH2_CODE = "oauth2-authorization-code";
    public static final String OAUTH2_CLIENT_CREDENTIALS = "oauth2-client-credentials";
    public static final String API_KEY = "api-key";
    public static final String BEARER = "bearer";
    public static final String BASIC = "basic";
    public static final String CUSTOM_HEADERS = "custom-headers";
    public static final Set<String> TYPES = Set.of(OAUTH2_CODE, OAUTH2_CLIENT_CREDENTIALS, API_KEY, BEARER, BASIC, CUSTOM_HEADERS);

    public AuthSpec {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        fields = fields == null ? List.of() : List.copyOf(fields);
        authorizeParams = authorizeParams == null ? Map.of() : Map.copyOf(authorizeParams);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A value the user provides when connecting; secret ones are sealed with the credentials, never shown again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Field(String key, String label, boolean secret, boolean required, String help) {
    }

    public boolean isOAuth2() {
        return OAUTH2_CODE.equals(type) || OAUTH2_CLIENT_CREDENTIALS.equals(type);
    }

    /** The fields of a connection for this scheme, with the conventional defaults when a spec names none. */
    public List<Field> effectiveFields() {
        if (!fields.isEmpty() || OAUTH2_CODE.equals(type)) {
            return fields;
        }
        return switch (type) {
            case API_KEY -> List.of(new Field("apiKey", "API key", true, true, null));
            case BEARER -> List.of(new Field("token", "Access token", true, true, null));
            case BASIC -> List.of(new Field("username", "Username", false, true, null),
                new Field("password", "Password", true, true, null));
            case OAUTH2_CLIENT_CREDENTIALS -> List.of(new Field("clientId", "Client ID", false, false, null),
                new Field("clientSecret", "Client secret", true, false, null));
            default -> List.of();
        };
    }

    public String scopeString(List<String> requested) {
        List<String> s = requested == null || requested.isEmpty() ? scopes : requested;
        return String.join(scopeSeparator == null ? " " : scopeSeparator, s);
    }
}
