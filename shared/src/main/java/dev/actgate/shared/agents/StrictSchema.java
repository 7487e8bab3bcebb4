package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a tool's input schema to OpenAI's strict form (Structured Outputs "supported schemas"): the root is an
 * object; every object lists all its properties in {@code required} and has {@code additionalProperties: false};
 * a property that was optional becomes nullable ({@code type: [T, "null"]}, or {@code anyOf […, {type: null}]}).
 * Keywords strict mode refuses ({@code allOf}, {@code not}, {@code if/then/else}, {@code dependent*},
 * {@code patternProperties}, free-form objects and maps) make the schema not convertible, with the reason;
 * {@code oneOf} becomes {@code anyOf}, annotations strict mode ignores or refuses ({@code default}, {@code examples},
 * {@code $schema}) are dropped.
 *
 * <p>Because optional fields turn into "required but nullable", a strict model sends {@code null} for what it
 * leaves out: {@link #dropNullsForOptional} removes those nulls again before the action's own schema checks them.
 */
public final class StrictSchema {
    static final int MAX_DEPTH = 10;
    static final int MAX_PROPERTIES = 5_000;
    static final int MAX_ENUM_VALUES = 1_000;
    static final Set<String> REFUSED = Set.of("allOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas",
        "patternProperties", "unevaluatedProperties", "propertyNames", "contains", "$ref", "$defs", "definitions");
    static final Set<String> DROPPED = Set.of("$schema", "$id", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "$comment");

    private StrictSchema() {
    }

    /** Why a schema has no strict form. */
    public static final class NotConvertible extends Exception {
        public NotConvertible(String message) {
            super(message, null, false, false);
        }
    }

    public static ObjectNode convert(JsonNode schema) throws NotConvertible {
        if (schema == null || !schema.isObject()) {
            throw new NotConvertible("the input schema is not a JSON object");
        }
        if (!"object".equals(schema.path("type").asText(null))) {
            throw new NotConvertible("the root of a strict schema must be type object");
        }
        int[] properties = {0};
        return convertNode((ObjectNode) schema, "", 0, properties);
    }

    private static ObjectNode convertNode(ObjectNode in, String at, int depth, int[] properties) throws NotConvertible {
        if (depth > MAX_DEPTH) {
            throw new NotConvertible("nested more than " + MAX_DEPTH + " levels deep at " + where(at));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (REFUSED.contains(k)) {
                throw new NotConvertible("'" + k + "' at " + where(at) + " is not supported in strict mode");
            }
            if (DROPPED.contains(k) || k.equals("properties") || k.equals("required") || k.equals("additionalProperties")
                || k.equals("items") || k.equals("anyOf") || k.equals("oneOf")) {
                continue;
            }
            if (k.equals("enum") && e.getValue().size() > MAX_ENUM_VALUES) {
                throw new NotConvertible("more than " + MAX_ENUM_VALUES + " enum values at " + where(at));
            }
            out.set(k, e.getValue().deepCopy());
        }
        JsonNode anyOf = in.has("anyOf") ? in.get("anyOf") : in.get("oneOf");
        if (anyOf != null) {
            if (!anyOf.isArray() || anyOf.isEmpty()) {
                throw new NotConvertible("anyOf/oneOf at " + where(at) + " must be a non-empty list");
            }
            ArrayNode branches = out.putArray("anyOf");
            int i = 0;
            for (JsonNode b : anyOf) {
                if (!b.isObject()) {
                    throw new NotConvertible("anyOf branch at " + where(at) + " is not a schema");
                }
                branches.add(convertNode((ObjectNode) b, at + "/anyOf/" + i++, depth + 1, properties));
            }
        }
        boolean isObject = typeIncludes(in, "object") || (in.has("properties") && !in.has("type"));
        if (isObject) {
            JsonNode props = in.get("properties");
            if (props == null || !props.isObject() || props.isEmpty()) {
                throw new NotConvertible("the object at " + where(at) + " has no declared properties (free-form objects cannot be strict)");
            }
            JsonNode extra = in.get("additionalProperties");
            if (extra != null && !(extra.isBoolean() && !extra.asBoolean())) {
                throw new NotConvertible("the object at " + where(at) + " allows additional properties (maps cannot be strict)");
            }
            Set<String> required = new LinkedHashSet<>();
            in.path("required").forEach(r -> required.add(r.asText()));
            ObjectNode outProps = out.putObject("properties");
            ArrayNode allRequired = out.putArray("required");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (++properties[0] > MAX_PROPERTIES) {
                    throw new NotConvertible("more than " + MAX_PROPERTIES + " properties in total");
                }
                if (!p.getValue().isObject()) {
                    throw new NotConvertible("property " + where(at + "/" + p.getKey()) + " is not a schema object");
                }
                ObjectNode converted = convertNode((ObjectNode) p.getValue(), at + "/" + p.getKey(), depth + 1, properties);
                outProps.set(p.getKey(), required.contains(p.getKey()) ? converted : nullable(converted));
                allRequired.add(p.getKey());
            }
            out.put("additionalProperties", false);
        }
        if (typeIncludes(in, "array")) {
            JsonNode items = in.get("items");
            if (items == null || !items.isObject()) {
                throw new NotConvertible("the array at " + where(at) + " does not say what its items are");
            }
            out.set("items", convertNode((ObjectNode) items, at + "/items", depth + 1, properties));
        }
        if (!out.has("type") && !out.has("anyOf") && !out.has("enum") && !out.has("const")) {
            throw new NotConvertible("the schema at " + where(at) + " has no type (any-value fields cannot be strict)");
        }
        return out;
    }

    /** {@code type: T} → {@code [T, "null"]}; a typeless anyOf gets a null branch; an enum gets a null value. */
    static ObjectNode nullable(ObjectNode s) {
        ObjectNode out = s.deepCopy();
        JsonNode type = out.get("type");
        if (type != null && type.isTextual()) {
            if (!type.asText().equals("null")) {
                out.putArray("type").add(type.asText()).add("null");
            }
        } else if (type != null && type.isArray()) {
            boolean hasNull = false;
            for (JsonNode t : type) {
                hasNull |= t.asText().equals("null");
            }
            if (!hasNull) {
                ((ArrayNode) out.get("type")).add("null");
            }
        } else if (out.has("anyOf")) {
            ((ArrayNode) out.get("anyOf")).addObject().put("type", "null");
            return out;
        }
        if (out.has("enum") && out.get("enum").isArray()) {
            boolean hasNull = false;
            for (JsonNode v : out.get("enum")) {
                hasNull |= v.isNull();
            }
            if (!hasNull) {
                ((ArrayNode) out.get("enum")).addNull();
            }
        }
        return out;
    }

    private static boolean typeIncludes(JsonNode s, String type) {
        JsonNode t = s.get("type");
        if (t == null) {
            return false;
        }
        if (t.isTextual()) {
            return t.asText().equals(type);
        }
        for (JsonNode x : t) {
            if (x.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String where(String at) {
        return at.isEmpty() ? "the root" : at;
    }

    /**
     * Removes {@code null} values of properties the original schema neither requires nor allows to be null
     * (recursively through declared object properties), so that a strict model's "left out" reaches the action as
     * absent. Returns a new object; other values are kept as sent.
     */
    public static ObjectNode dropNullsForOptional(JsonNode originalSchema, ObjectNode arguments) {
        ObjectNode out = arguments.deepCopy();
        drop(originalSchema, out);
        return out;
    }

    private static void drop(JsonNode schema, ObjectNode value) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        JsonNode props = schema.get("properties");
        if (props == null || !props.isObject()) {
            return;
        }
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<String> remove = new ArrayList<>();
        value.fields().forEachRemaining(e -> {
            JsonNode ps = props.get(e.getKey());
            if (ps == null) {
                return;
            }
            if (e.getValue().isNull() && !required.contains(e.getKey()) && !allowsNull(ps)) {
                remove.add(e.getKey());
            } else if (e.getValue().isObject()) {
                drop(ps, (ObjectNode) e.getValue());
            } else if (e.getValue().isArray() && ps.path("items").isObject()) {
                for (JsonNode item : e.getValue()) {
                    if (item.isObject()) {
                        drop(ps.get("items"), (ObjectNode) item);
                    }
                }
            }
        });
        remove.forEach(value::remove);
    }

    private static boolean allowsNull(JsonNode s) {
        if (typeIncludes(s, "null")) {
            return true;
        }
        for (JsonNode e : s.path("enum")) {
            if (e.isNull()) {
                return true;
            }
        }
        for (JsonNode b : s.has("anyOf") ? s.get("anyOf") : s.path("oneOf")) {
            if (allowsNull(b)) {
                return true;
            }
        }
        return false;
    }
}
