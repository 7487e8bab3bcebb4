package dev.actgate.shared.actions;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.actgate.shared.upstream.PercentEncoding;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a request from an action's config and the run's input, Membrane-style (docs/connectors.md):
 * <ul>
 *   <li>a value that is exactly {@code {"$var": "$.input.x"}} becomes the value at that path (any JSON type); when
 *       the path is missing, the key is dropped from its object (or the element from its array);</li>
 *   <li>a string may contain {@code {{$.input.x}}} placeholders, replaced by the value's text — URL-encoded as one
 *       segment when the string is the request path.</li>
 * </ul>
 * Paths start at {@code $.input.} or {@code $.connection.}; dotted names and numeric array indexes only.
 */
public final class RequestMapping {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\$\\.[A-Za-z0-9_.\\-]+)\\s*}}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestMapping() {
    }

    /** Maps {@code config.request} into an inline-api spec {@code {method, path, query, headers, body}}. */
    public static ObjectNode request(JsonNode requestConfig, JsonNode input, Map<String, String> connectionFields) {
        ObjectNode root = NODES.objectNode();
        root.set("input", input == null ? NODES.objectNode() : input);
        ObjectNode connection = NODES.objectNode();
        connectionFields.forEach(connection::put);
        root.set("connection", connection);
        ObjectNode out = NODES.objectNode();
        out.put("method", requestConfig.path("method").asText("GET"));
        out.put("path", fill(requestConfig.path("path").asText("/"), root, true));
        for (String part : new String[] {"query", "headers", "body"}) {
            if (requestConfig.has(part)) {
                JsonNode mapped = map(requestConfig.get(part), root);
                if (mapped != null) {
                    out.set(part, mapped);
                }
            }
        }
        return out;
    }

    /** Resolves {@code $var} values and placeholders anywhere in a JSON value; null when the value is a missing var. */
    public static JsonNode map(JsonNode template, JsonNode root) {
        if (template == null) {
            return null;
        }
        if (template.isObject()) {
            if (template.size() == 1 && template.has("$var") && template.get("$var").isTextual()) {
                JsonNode v = at(root, template.get("$var").asText());
                return v == null || v.isMissingNode() ? null : v;
            }
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = template.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = map(e.getValue(), root);
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            template.forEach(t -> {
                JsonNode v = map(t, root);
                if (v != null) {
                    out.add(v);
                }
            });
            return out;
        }
        if (template.isTextual()) {
            return TextNode.valueOf(fill(template.asText(), root, false));
        }
        return template;
    }

    static String fill(String template, JsonNode root, boolean pathSegment) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = at(root, m.group(1));
            String text = v == null || v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
            if (pathSegment) {
                text = PercentEncoding.segment(text);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** {@code $.input.a.b.0} → the node, or null: the dotted path as a JSON Pointer ({@code /input/a/b/0}). */
    public static JsonNode at(JsonNode root, String path) {
        if (!path.startsWith("$.")) {
            return null;
        }
        JsonPointer pointer = JsonPointer.empty();
        for (String part : path.substring(2).split("\\.")) {
            pointer = pointer.appendProperty(part);
        }
        JsonNode found = root.at(pointer);
        return found.isMissingNode() ? null : found;
    }
}
