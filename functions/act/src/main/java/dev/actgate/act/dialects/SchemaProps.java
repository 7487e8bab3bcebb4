package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The top-level properties of an action's input schema, as every dialect's action listing shows them. */
record SchemaProps(String name, JsonNode schema, boolean required) {

    static List<SchemaProps> of(JsonNode inputSchema) {
        List<SchemaProps> out = new ArrayList<>();
        if (inputSchema == null || !inputSchema.path("properties").isObject()) {
            return out;
        }
        Set<String> required = new HashSet<>();
        inputSchema.path("required").forEach(r -> required.add(r.asText()));
        inputSchema.get("properties").fields().forEachRemaining(e -> out.add(new SchemaProps(e.getKey(), e.getValue(),
            required.contains(e.getKey()))));
        return out;
    }

    String type() {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
        }
        return t.asText("");
    }

    String description() {
        return schema.path("description").asText(null);
    }

    String title() {
        return schema.path("title").asText(null);
    }
}
