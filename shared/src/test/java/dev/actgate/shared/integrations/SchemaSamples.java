package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a valid value for a JSON Schema (the subset connector input schemas use: types, enum/const/default,
 * required, bounds, lengths, common formats, simple patterns, items, $ref into $defs, oneOf/anyOf by first branch).
 * Strings are distinct per property ({@code "owner-sample"}), so a test can tell which input ended up where.
 * Every sample is checked with the real validator; {@link #validInput} says why when none can be made.
 */
public final class SchemaSamples {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final List<String> PATTERN_CANDIDATES = List.of("abc123", "ABC-123", "abc", "ABC", "123", "1", "2026-01-02",
        "2026-01-02T03:04:05Z", "C0123456789", "U0123ABCD", "+14155550123", "person@example.com", "https://example.com/x",
        "a", "acme/web", "A1B2C3", "0123456789abcdef0123456789abcdef", "123e4567-e89b-12d3-a456-426614174000", "US", "USD",
        "usd", "en", "en-US", "#general", "03:04", "03:04:05", "P1D", "ab_cd", "1.0", "v1", "AB12", "12345");

    private SchemaSamples() {
    }

    /** The sample input and, when it could not be made valid, why (then {@code input} is the best attempt). */
    public record Sample(JsonNode input, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** A valid input with every property filled in, else one with only the required ones, else the reasons. */
    public static Sample validInput(JsonNode schema) {
        JsonNode all = sample(schema, true);
        List<String> problems = validate(schema, all);
        if (problems.isEmpty()) {
            return new Sample(all, List.of());
        }
        JsonNode required = sample(schema, false);
        List<String> again = validate(schema, required);
        if (again.isEmpty()) {
            return new Sample(required, List.of());
        }
        return new Sample(required, again);
    }

    public static List<String> validate(JsonNode schema, JsonNode value) {
        JsonSchema s = FACTORY.getSchema(schema);
        Set<ValidationMessage> errors = s.validate(value);
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** A value for {@code schema}; {@code allProperties}: optional object properties too, not only required ones. */
    public static JsonNode sample(JsonNode schema, boolean allProperties) {
        return gen(schema, schema, "value", allProperties, 0);
    }

    private static JsonNode gen(JsonNode s, JsonNode root, String name, boolean all, int depth) {
        if (s == null || s.isMissingNode() || s.isBoolean()) {
            return NODES.textNode(name + "-sample");
        }
        if (s.has("$ref")) {
            JsonNode target = resolve(root, s.get("$ref").asText());
            ObjectNode merged = s.deepCopy();
            merged.remove("$ref");
            if (target != null && target.isObject()) {
                ObjectNode t = target.deepCopy();
                merged.fields().forEachRemaining(e -> t.set(e.getKey(), e.getValue()));
                return gen(t, root, name, all, depth + 1);
            }
        }
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.has("default") && !s.get("default").isNull()) {
            return s.get("default");
        }
        if (s.has("enum") && s.get("enum").size() > 0) {
            for (JsonNode e : s.get("enum")) {
                if (!e.isNull()) {
                    return e;
                }
            }
            return s.get("enum").get(0);
        }
        for (String branch : List.of("oneOf", "anyOf")) {
            if (s.has(branch) && s.get(branch).isArray() && s.get(branch).size() > 0) {
                ObjectNode merged = s.deepCopy();
                merged.remove(branch);
                JsonNode first = s.get(branch).get(0);
                if (first.has("$ref")) {
                    first = resolve(root, first.get("$ref").asText());
                }
                if (first != null && first.isObject()) {
                    ObjectNode m = merged;
                    first.fields().forEachRemaining(e -> {
                        if (e.getKey().equals("required") && m.has("required")) {
                            ((ArrayNode) m.get("required")).addAll((ArrayNode) e.getValue());
                        } else if (e.getKey().equals("properties") && m.has("properties")) {
                            ((ObjectNode) m.get("properties")).setAll((ObjectNode) e.getValue());
                        } else {
                            m.set(e.getKey(), e.getValue());
                        }
                    });
                }
                return gen(merged, root, name, all, depth + 1);
            }
        }
        if (s.has("allOf") && s.get("allOf").isArray()) {
            ObjectNode merged = s.deepCopy();
            merged.remove("allOf");
            for (JsonNode part : s.get("allOf")) {
                part.fields().forEachRemaining(e -> {
                    if (e.getValue().isObject() && merged.get(e.getKey()) instanceof ObjectNode o) {
                        o.setAll((ObjectNode) e.getValue());
                    } else if (e.getValue().isArray() && merged.get(e.getKey()) instanceof ArrayNode a) {
                        a.addAll((ArrayNode) e.getValue());
                    } else {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
            }
            return gen(merged, root, name, all, depth + 1);
        }
        String type = type(s);
        return switch (type) {
            case "object" -> object(s, root, name, all, depth);
            case "array" -> array(s, root, name, all, depth);
            case "integer" -> NODES.numberNode(number(s, true).longValue());
            case "number" -> {
                double d = number(s, false);
                yield d == Math.rint(d) ? NODES.numberNode((long) d) : NODES.numberNode(d);
            }
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(s, name));
        };
    }

    private static String type(JsonNode s) {
        JsonNode t = s.get("type");
        if (t != null && t.isTextual()) {
            return t.asText();
        }
        if (t != null && t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
        }
        if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
            return "object";
        }
        if (s.has("items")) {
            return "array";
        }
        if (s.has("minimum") || s.has("maximum")) {
            return "number";
        }
        return "string";
    }

    private static JsonNode object(JsonNode s, JsonNode root, String name, boolean all, int depth) {
        ObjectNode out = NODES.objectNode();
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (required.contains(e.getKey()) || (all && depth < 4)) {
                    out.set(e.getKey(), gen(e.getValue(), root, e.getKey(), all, depth + 1));
                }
            }
        }
        for (String r : required) {
            if (!out.has(r)) {
                out.put(r, r + "-sample");
            }
        }
        JsonNode extra = s.get("additionalProperties");
        if (out.isEmpty() && (props == null || props.isEmpty()) && (extra == null || extra.isObject() || extra.asBoolean(true))) {
            // A free-form object (a record's fields, custom properties): one entry, so the mapping has something to carry.
            out.set(name + "Field", extra != null && extra.isObject() ? gen(extra, root, name + "Field", all, depth + 1)
                : NODES.textNode(name + "-field-sample"));
        }
        int min = s.path("minProperties").asInt(0);
        for (int i = 0; out.size() < min; i++) {
            out.put(name + "Extra" + i, "extra");
        }
        return out;
    }

    private static JsonNode array(JsonNode s, JsonNode root, String name, boolean all, int depth) {
        ArrayNode out = NODES.arrayNode();
        int n = Math.max(1, s.path("minItems").asInt(1));
        if (s.has("maxItems")) {
            n = Math.min(n, s.get("maxItems").asInt());
        }
        JsonNode items = s.get("items");
        List<JsonNode> choices = new ArrayList<>();
        if (items != null && items.has("enum")) {
            items.get("enum").forEach(choices::add);
        }
        for (int i = 0; i < n; i++) {
            if (!choices.isEmpty()) {
                out.add(choices.get(i % choices.size()));
            } else {
                JsonNode v = gen(items, root, name, all, depth + 1);
                if (v.isTextual() && n > 1) {
                    v = NODES.textNode(v.asText() + (i == 0 ? "" : String.valueOf(i)));
                }
                out.add(v);
            }
        }
        return out;
    }

    private static Double number(JsonNode s, boolean integer) {
        Double lo = null;
        Double hi = null;
        if (s.has("minimum")) {
            lo = s.get("minimum").asDouble();
        }
        if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
            lo = s.get("exclusiveMinimum").asDouble() + (integer ? 1 : 0.5);
        }
        if (s.has("maximum")) {
            hi = s.get("maximum").asDouble();
        }
        if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber()) {
            hi = s.get("exclusiveMaximum").asDouble() - (integer ? 1 : 0.5);
        }
        double v = lo != null ? Math.max(lo, Math.min(hi == null ? 2 : hi, 2)) : hi != null ? Math.min(hi, 2) : 2;
        if (lo != null && v < lo) {
            v = lo;
        }
        if (integer) {
            v = Math.ceil(v);
        }
        if (s.has("multipleOf") && s.get("multipleOf").asDouble() > 0) {
            double m = s.get("multipleOf").asDouble();
            v = Math.ceil(v / m) * m;
        }
        return v;
    }

    private static String string(JsonNode s, String name) {
        String format = s.path("format").asText("");
        String base = switch (format) {
            case "email" -> "person@example.com";
            case "date-time" -> "2026-01-02T03:04:05Z";
            case "date" -> "2026-01-02";
            case "time" -> "03:04:05Z";
            case "uri", "url", "iri" -> "https://example.com/" + slug(name);
            case "uuid" -> "123e4567-e89b-12d3-a456-426614174000";
            case "ipv4" -> "192.0.2.1";
            case "hostname" -> "example.com";
            default -> slug(name) + "-sample";
        };
        String p = s.path("pattern").asText(null);
        List<String> candidates = new ArrayList<>();
        candidates.add(base);
        if (p != null) {
            candidates.add(slug(name).replace("-", ""));
            String fromPattern = RegexSample.of(p);
            if (fromPattern != null) {
                candidates.add(fromPattern);
            }
            candidates.addAll(PATTERN_CANDIDATES);
        }
        int min = s.path("minLength").asInt(0);
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        for (String c : candidates) {
            String v = c;
            while (v.length() < min) {
                v = v + "x";
            }
            if (v.length() > max) {
                v = v.substring(0, max);
            }
            if (p == null || Pattern.compile(p).matcher(v).find()) {
                return v;
            }
        }
        return base;
    }

    private static String slug(String name) {
        String s = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return s.isEmpty() ? "value" : s;
    }

    private static JsonNode resolve(JsonNode root, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode cur = root;
        for (String part : ref.substring(2).split("/")) {
            cur = cur == null ? null : cur.get(part.replace("~1", "/").replace("~0", "~"));
        }
        return cur;
    }
}
