package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads request bodies field by field with exact 400 messages ("name must be a string"), so a caller's mistake is
 * always a clear VALIDATION_ERROR, never a 500 from a failed cast deeper down.
 */
public final class Bodies {
    /** Keys (of integrations, connections, actions): also the {@code @Pattern} of the typed request records. */
    public static final String KEY_REGEX = "[A-Za-z0-9][A-Za-z0-9._:@+\\-]{0,127}";
    public static final String KEY_MESSAGE = "must be 1-128 characters: letters, digits and . _ : @ + - (starting with a letter or digit)";
    /** A name holds at least one non-blank character (with {@code @Size(max = 256)}: "must be 1-256 characters"). */
    public static final String NOT_BLANK_REGEX = "(?s).*\\S.*";
    public static final String NAME_MESSAGE = "must be 1-256 characters";
    private static final Pattern KEY = Pattern.compile(KEY_REGEX);

    private Bodies() {
    }

    public static void allowOnly(ObjectNode body, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.validation("Unknown field(s): " + String.join(", ", unknown), Map.of("unknownFields", unknown));
        }
    }

    public static String string(ObjectNode body, String field) {
        return typed(body, field, JsonNode::isTextual, "must be a string", JsonNode::asText);
    }

    public static String requiredString(ObjectNode body, String field) {
        String v = string(body, field);
        if (v == null || v.isBlank()) {
            throw ApiException.validation(field + " is required");
        }
        return v;
    }

    public static Boolean bool(ObjectNode body, String field) {
        return typed(body, field, JsonNode::isBoolean, "must be true or false", JsonNode::asBoolean);
    }

    public static Integer integer(ObjectNode body, String field, int min, int max) {
        return typed(body, field, v -> v.isIntegralNumber() && v.asLong() >= min && v.asLong() <= max,
            "must be a whole number from " + min + " to " + max, JsonNode::asInt);
    }

    public static ObjectNode objectField(ObjectNode body, String field) {
        return typed(body, field, JsonNode::isObject, "must be a JSON object", v -> (ObjectNode) v);
    }

    /** An optional field: null when absent or JSON null, {@code as} of it when it {@code is} so, else a 400. */
    private static <T> T typed(ObjectNode body, String field, Predicate<JsonNode> is, String must, Function<JsonNode, T> as) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!is.test(v)) {
            throw ApiException.validation(field + " " + must);
        }
        return as.apply(v);
    }

    /** A flat object of string values (credentials, parameters, fields); numbers and booleans are taken as text. */
    public static Map<String, String> stringMap(ObjectNode body, String field) {
        List<BodyErrors.Violation> violations = new ArrayList<>();
        Map<String, String> out = OpenJson.stringMap(body.get(field), field, violations);
        OpenJson.refuseIfAny(violations);
        return out;
    }

    /** Keys (of integrations, connections, actions): 1–128 characters, letters, digits and . _ : @ + - . */
    public static String key(String value, String field) {
        if (value == null) {
            return null;
        }
        if (!KEY.matcher(value).matches()) {
            throw ApiException.validation(field + " " + KEY_MESSAGE);
        }
        return value;
    }

    public static String name(String value, String field) {
        if (value != null && (value.isBlank() || value.length() > 256)) {
            throw ApiException.validation(field + " " + NAME_MESSAGE);
        }
        return value;
    }
}
