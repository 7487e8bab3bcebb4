package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Write-time shape check of an {@code api-request-to-external-app} action's {@code config.request}: the rules of an
 * inline {@code /act} {@code api} request (method, path, string headers, scalar query values), extended with the
 * mapping {@link RequestMapping} applies at run time ({@code {"$var": "$.input.x"}} values and {@code {{$.input.x}}}
 * placeholders, which must point into {@code $.input} or {@code $.connection}).
 */
public final class RequestConfig {
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    static final Set<String> FIELDS = Set.of("method", "path", "query", "headers", "body");
    static final Pattern VAR_PATH = Pattern.compile("\\$\\.(input|connection)(\\.[A-Za-z0-9_\\-]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
    static final int MAX_PATH = 2048;

    private RequestConfig() {
    }

    /** Returns a normalised copy (method upper-cased) or throws 400 with the first problem found. */
    public static ObjectNode validate(ObjectNode config) {
        allowOnly(config, Set.of("request"), "config", "request");
        ObjectNode c = config.deepCopy();
        JsonNode r = c.get("request");
        if (r == null || r.isNull()) {
            throw ApiException.validation("config.request is required: {method, path, query?, headers?, body?}");
        }
        if (!r.isObject()) {
            throw ApiException.validation("config.request must be a JSON object: {method, path, query?, headers?, body?}");
        }
        ObjectNode request = (ObjectNode) r;
        allowOnly(request, FIELDS, "config.request", "method, path, query, headers, body");
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual() || !METHODS.contains(method.asText().toUpperCase(Locale.ROOT))) {
            throw ApiException.validation("config.request.method must be one of " + String.join(", ", new TreeSet<>(METHODS)));
        }
        request.put("method", method.asText().toUpperCase(Locale.ROOT));
        JsonNode path = request.get("path");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            throw ApiException.validation("config.request.path is required: the path under the integration's base URL, e.g. /contacts/{{$.input.id}}");
        }
        checkPath(path.asText());
        JsonNode headers = request.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isObject()) {
                throw ApiException.validation("config.request.headers must be an object of strings");
            }
            fields(headers).forEachRemaining(e -> {
                JsonNode v = e.getValue();
                String where = "config.request.headers." + e.getKey();
                if (isVar(v)) {
                    checkVar(v, where);
                } else if (v.isTextual()) {
                    checkPlaceholders(v.asText(), where);
                } else {
                    throw ApiException.validation(where + " must be a string or {\"$var\": \"$.input.…\"}");
                }
            });
        }
        JsonNode query = request.get("query");
        if (query != null && !query.isNull()) {
            if (!query.isObject()) {
                throw ApiException.validation("config.request.query must be an object of strings, numbers or booleans");
            }
            fields(query).forEachRemaining(e -> {
                JsonNode v = e.getValue();
                String where = "config.request.query." + e.getKey();
                if (isVar(v)) {
                    checkVar(v, where);
                } else if (v.isValueNode()) {
                    if (v.isTextual()) {
                        checkPlaceholders(v.asText(), where);
                    }
                } else if (v.isArray()) {
                    for (JsonNode x : v) {
                        if (isVar(x)) {
                            checkVar(x, where + "[]");
                        } else if (!x.isValueNode()) {
                            throw ApiException.validation(where + " must be a string, number, boolean or a list of them");
                        } else if (x.isTextual()) {
                            checkPlaceholders(x.asText(), where + "[]");
                        }
                    }
                } else {
                    throw ApiException.validation(where + " must be a string, number, boolean, a list of them or {\"$var\": …}");
                }
            });
        }
        if (request.has("body")) {
            checkMapping(request.get("body"), "config.request.body");
        }
        return c;
    }

    /** 400 naming the unknown fields of a nested object and what it allows. */
    static void allowOnly(ObjectNode node, Set<String> allowed, String where, String allowedText) {
        TreeSet<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.validation("Unknown field(s) in " + where + ": " + String.join(", ", unknown)
                + " (allowed: " + allowedText + ")", Map.of("unknownFields", java.util.List.copyOf(unknown)));
        }
    }

    static void checkPath(String path) {
        if (path.length() > MAX_PATH) {
            throw ApiException.validation("config.request.path is longer than " + MAX_PATH + " characters");
        }
        if (path.contains("://") || path.startsWith("//")) {
            throw ApiException.validation("config.request.path must be a path under the integration's base URL, not a URL");
        }
        for (char ch : path.toCharArray()) {
            if (ch < 0x20 || ch == 0x7f || ch == ' ') {
                throw ApiException.validation("config.request.path contains a space or control character");
            }
        }
        checkPlaceholders(path, "config.request.path");
    }

    /** Every {@code {{…}}} must be a path into $.input or $.connection. */
    static void checkPlaceholders(String text, String where) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String inner = m.group(1).trim();
            if (!VAR_PATH.matcher(inner).matches()) {
                throw ApiException.validation(where + " has the placeholder {{" + m.group(1) + "}}: placeholders are "
                    + "{{$.input.<field>}} or {{$.connection.<field>}} (dotted names, numeric indexes)");
            }
        }
    }

    private static void checkMapping(JsonNode node, String where) {
        if (isVar(node)) {
            checkVar(node, where);
        } else if (node.isObject()) {
            fields(node).forEachRemaining(e -> checkMapping(e.getValue(), where + "." + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkMapping(node.get(i), where + "[" + i + "]");
            }
        } else if (node.isTextual()) {
            checkPlaceholders(node.asText(), where);
        }
    }

    private static boolean isVar(JsonNode v) {
        return v != null && v.isObject() && v.has("$var");
    }

    private static void checkVar(JsonNode v, String where) {
        JsonNode path = v.get("$var");
        if (v.size() != 1 || !path.isTextual() || !VAR_PATH.matcher(path.asText()).matches()) {
            throw ApiException.validation(where + " is a {\"$var\": …} mapping whose value must be a path like \"$.input.email\" "
                + "or \"$.connection.subdomain\" (and nothing else in the object)");
        }
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n.fields();
    }
}
