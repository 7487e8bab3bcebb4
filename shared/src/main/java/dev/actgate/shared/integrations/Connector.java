package dev.actgate.shared.integrations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * What an external app is: its API base URL, auth scheme, how it reports identity and rate limits, and its
 * catalog actions. Shipped as data files (resources/connectors/*.json), read once per process.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Connector(
    String key,
    String name,
    String description,
    List<String> categories,
    String logoUrl,
    String docsUrl,
    Pagination pagination,
    String baseUrl,
    Boolean baseUrlConfigurable,
    Map<String, String> defaultHeaders,
    AuthSpec auth,
    ObjectNode identity,
    ObjectNode connectionData,
    RateLimitSpec rateLimit,
    String idempotencyHeader,
    ArrayNode actions) {

    public Connector {
        defaultHeaders = defaultHeaders == null ? Map.of() : Map.copyOf(defaultHeaders);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** How the app reports its rate limits (read by the retry logic and recorded in run logs). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RateLimitSpec(String limitHeader, String remainingHeader, String resetHeader, String resetFormat,
                                String retryAfterHeader) {
    }

    /** How the app pages its lists, for a person or an agent writing the next request (documentation only). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pagination(String style, String description) {
        /** The styles a connector file may name. */
        public static final java.util.Set<String> STYLES = java.util.Set.of("cursor", "page", "offset", "link-header", "token");
    }

    public int actionCount() {
        return actions == null ? 0 : actions.size();
    }

    public JsonNode catalogAction(String id) {
        if (actions != null) {
            for (JsonNode a : actions) {
                if (id.equals(a.path("id").asText())) {
                    return a;
                }
            }
        }
        return null;
    }
}
