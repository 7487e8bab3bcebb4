package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.dispatch.DispatchResolver;
import dev.actgate.shared.dispatch.DispatchSelection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.json.Bodies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /act} body. Exactly one dispatch field ({@code id}, {@code key}, {@code api},
 * {@code code}); unknown fields are refused, as the official SDK's strict ActRequest schema does.
 *
 * @param body the body as sent: stored in the run log so posting it back replays the same dispatch
 */
public record ActRequest(ObjectNode body, String id, String key, ObjectNode api, String code, String connectionId,
                  String connectionKey, String integrationId, String integrationKey, JsonNode input, JsonNode meta,
                  Integer version) {

    static final Set<String> FIELDS = Set.of("id", "key", "api", "code", "connectionId", "connectionKey", "integrationId",
        "integrationKey", "input", "meta", "version", "idempotencyKey");
    static final Set<String> API_FIELDS = Set.of("method", "path", "url", "query", "headers", "body", "data");
    /** RFC 9110 token characters. */
    static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,256}");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    public static ActRequest parse(JsonNode raw) {
        ObjectNode body = Bodies.object(raw);
        Bodies.allowOnly(body, FIELDS);
        List<String> dispatch = new ArrayList<>();
        for (String f : List.of("id", "key", "api", "code")) {
            if (body.hasNonNull(f)) {
                dispatch.add(f);
            }
        }
        if (dispatch.size() != 1) {
            throw ApiException.validation(dispatch.isEmpty()
                ? "Send exactly one of id, key, api or code"
                : "Send exactly one of id, key, api or code (got " + String.join(", ", dispatch) + ")",
                Map.of("dispatchFields", dispatch));
        }
        ObjectNode api = null;
        if (body.hasNonNull("api")) {
            api = Bodies.objectField(body, "api");
            Bodies.allowOnly(api, API_FIELDS);
            validateApi(api);
        }
        String code = Bodies.string(body, "code");
        if (code != null && code.isBlank()) {
            throw ApiException.validation("code must not be empty");
        }
        if (code != null && code.length() > 200_000) {
            throw ApiException.validation("code is longer than 200,000 characters");
        }
        JsonNode meta = body.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApiException.validation("meta must be a JSON object");
        }
        JsonNode input = body.get("input");
        Integer version = Bodies.integer(body, "version", 1, Integer.MAX_VALUE);
        if (version != null && !body.hasNonNull("id") && !body.hasNonNull("key")) {
            throw ApiException.validation("version pins a saved action: use it with id or key");
        }
        return new ActRequest(body, Bodies.string(body, "id"), Bodies.string(body, "key"), api, code,
            Bodies.string(body, "connectionId"), Bodies.string(body, "connectionKey"), Bodies.string(body, "integrationId"),
            Bodies.string(body, "integrationKey"), input == null || input.isNull() ? null : input,
            meta == null || meta.isNull() ? null : meta, version);
    }

    /** What this dispatch names, for {@link DispatchResolver}: the action by id or key, and the connection selectors. */
    public DispatchSelection selection() {
        return new DispatchSelection(id, key, version, connectionId, connectionKey, integrationId, integrationKey);
    }

    /** Shape checks for an inline request; path safety is checked when the URL is built. */
    static void validateApi(ObjectNode api) {
        String method = Bodies.string(api, "method");
        if (method == null) {
            throw ApiException.validation("api.method is required");
        }
        if (!METHODS.contains(method.toUpperCase())) {
            throw ApiException.validation("api.method must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        String path = Bodies.string(api, "path");
        String url = Bodies.string(api, "url");
        if (path == null && url == null) {
            throw ApiException.validation("api.path is required");
        }
        if (path != null && url != null) {
            throw ApiException.validation("Send api.path or its alias api.url, not both");
        }
        if (api.has("body") && api.has("data")) {
            throw ApiException.validation("Send api.body or its alias api.data, not both");
        }
        Map<String, String> headers = Bodies.stringMap(api, "headers");
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw ApiException.validation("api.headers: '" + name.replaceAll("\\p{Cntrl}", "?") + "' is not a valid header name");
                }
                if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                    throw ApiException.validation("api.headers." + name + " contains control characters (CR, LF, …)");
                }
            });
        }
        JsonNode query = api.get("query");
        if (query != null && !query.isNull()) {
            if (!query.isObject()) {
                throw ApiException.validation("api.query must be an object of strings, numbers or booleans");
            }
            query.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                boolean ok = v.isValueNode() || (v.isArray() && allValues(v));
                if (!ok) {
                    throw ApiException.validation("api.query." + e.getKey() + " must be a string, number, boolean or a list of them");
                }
            });
        }
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    String dispatchStyle() {
        return id != null ? "id" : key != null ? "key" : api != null ? "api" : "code";
    }
}
