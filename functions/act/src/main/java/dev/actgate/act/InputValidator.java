package dev.actgate.act;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.actgate.shared.errors.ApiException;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an action's input against its inputSchema (JSON Schema 2020-12, networknt validator) and reports every
 * violation with its JSON pointer. Compiled schemas are cached per schema text for the warm function's life.
 */
@Singleton
public class InputValidator {
    private static final int MAX_CACHED = 500;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Cache<String, JsonSchema> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

    public void validate(JsonNode schema, JsonNode input, String what) {
        if (schema == null || schema.isNull() || schema.isEmpty()) {
            return;
        }
        JsonSchema compiled = cache.get(schema.toString(), s -> factory.getSchema(schema));
        Set<ValidationMessage> errors = compiled.validate(input == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : input);
        if (errors.isEmpty()) {
            return;
        }
        List<Map<String, String>> violations = errors.stream()
            .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
            .map(m -> Map.of("pointer", pointer(m), "message", m.getMessage(), "keyword", String.valueOf(m.getType())))
            .toList();
        throw ApiException.validation(what + " does not match the action's inputSchema: " + violations.size() + " violation(s): "
            + String.join("; ", violations.stream().map(v -> v.get("pointer") + " " + v.get("message")).toList()),
            Map.of("violations", violations));
    }

    /** networknt reports locations as {@code $.a.b[0]}; JSON pointers are {@code /a/b/0}. */
    static String pointer(ValidationMessage m) {
        StringBuilder sb = new StringBuilder();
        var path = m.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            sb.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
        }
        // A missing required property is reported on its parent: point at the property itself.
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            sb.append('/').append(m.getProperty());
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
