package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks for the fields of a typed request that are open JSON by design (a connection's credentials, an
 * integration's or an action's {@code meta}, schemas): the record keeps them as {@link JsonNode} — so PATCH can
 * tell "sent as null" ({@code NullNode}) from "left out" (Java null) — and these checks add each problem, with its
 * pointer, to the list the caller turns into one {@link BodyErrors#of} error.
 */
public final class OpenJson {
    /** The longest value a flat string map (credentials, parameters, fields) holds. */
    public static final int MAX_VALUE_CHARS = 16_384;

    private OpenJson() {
    }

    /** Sent at all, as a value or as null (PATCH: null clears). */
    public static boolean given(JsonNode field) {
        return field != null;
    }

    /** An object, or null when left out or null; anything else is a violation "must be a JSON object". */
    public static ObjectNode object(JsonNode value, String field, List<BodyErrors.Violation> out) {
        return object(value, field, "must be a JSON object", out);
    }

    public static ObjectNode object(JsonNode value, String field, String message, List<BodyErrors.Violation> out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isObject()) {
            out.add(new BodyErrors.Violation("/" + field, message));
            return null;
        }
        return (ObjectNode) value;
    }

    /** A flat object of string values; numbers and booleans are taken as text, null entries are dropped. */
    public static Map<String, String> stringMap(JsonNode value, String field, List<BodyErrors.Violation> out) {
        ObjectNode o = object(value, field, out);
        if (o == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            String pointer = "/" + field + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if (!v.isValueNode()) {
                out.add(new BodyErrors.Violation(pointer, "must be a string"));
            } else if (v.asText().length() > MAX_VALUE_CHARS) {
                out.add(new BodyErrors.Violation(pointer, "is too long"));
            } else {
                map.put(e.getKey(), v.asText());
            }
        }
        return map;
    }

    /** Throws the one VALIDATION_ERROR listing every violation collected, if there is any. */
    public static void refuseIfAny(List<BodyErrors.Violation> violations) {
        if (!violations.isEmpty()) {
            throw BodyErrors.of(violations);
        }
    }
}
