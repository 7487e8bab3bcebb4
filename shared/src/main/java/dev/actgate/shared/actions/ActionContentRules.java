package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.json.Bodies;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The content rules of a saved action: which body fields a write may carry, how PATCH and PUT combine a body with
 * the stored content, and what valid content is (type, config, sizes). No I/O; the library checks that only the
 * actions function carries ({@link ActionContentChecks}) run last, through the supplier the caller passes.
 */
public final class ActionContentRules {
    static final Set<String> CONTENT_FIELDS = Set.of("key", "name", "description", "type", "config", "inputSchema",
        "outputSchema", "idempotent");
    static final Set<String> WRITABLE = union(CONTENT_FIELDS, ActionScopes.SCOPE_FIELDS, Set.of("intent"));
    static final Set<String> TYPES = Set.of(ActionDefinition.API_REQUEST, ActionDefinition.RUN_JAVASCRIPT);
    static final int MAX_CODE_CHARS = 200_000;
    static final int MAX_DESCRIPTION_CHARS = 4_000;
    /** A DynamoDB item holds 400 KB; the record and each revision carry the content once. */
    static final int MAX_CONTENT_BYTES = 300_000;

    private ActionContentRules() {
    }

    /** The body of a write: an object with only writable fields, and no {@code intent} (not a way to create). */
    static ObjectNode writableBody(JsonNode rawBody) {
        ObjectNode body = Bodies.object(rawBody);
        Bodies.allowOnly(body, WRITABLE);
        if (body.has("intent")) {
            throw ApiException.validation("Creating actions by intent is not supported: send type and config "
                + "(api-request-to-external-app with config.request, or run-javascript with config.code)");
        }
        return body;
    }

    /** {@code PATCH}: the body's content fields replace the stored ones; {@code null} removes an optional one. */
    static ObjectNode patched(ActionContent current, ObjectNode body, ObjectMapper json) {
        ObjectNode merged = asBody(current, json);
        body.fields().forEachRemaining(e -> {
            if (CONTENT_FIELDS.contains(e.getKey())) {
                if (e.getValue().isNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            }
        });
        return merged;
    }

    /** {@code PUT}: the body's content fields are the whole content; the key is kept when left out. */
    static ObjectNode replaced(ActionContent current, ObjectNode body, ObjectMapper json) {
        ObjectNode replaced = json.createObjectNode();
        body.fields().forEachRemaining(e -> {
            if (CONTENT_FIELDS.contains(e.getKey()) && !e.getValue().isNull()) {
                replaced.set(e.getKey(), e.getValue());
            }
        });
        if (!body.has("key") && current.key() != null) {
            replaced.put("key", current.key());
        }
        return replaced;
    }

    /** Stored content written back as the body that would create it. */
    static ObjectNode asBody(ActionContent c, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        if (c.key() != null) {
            o.put("key", c.key());
        }
        if (c.name() != null) {
            o.put("name", c.name());
        }
        if (c.description() != null) {
            o.put("description", c.description());
        }
        o.put("type", c.type());
        if (c.config() != null) {
            o.set("config", c.config());
        }
        if (c.inputSchema() != null) {
            o.set("inputSchema", c.inputSchema());
        }
        if (c.outputSchema() != null) {
            o.set("outputSchema", c.outputSchema());
        }
        if (c.idempotent()) {
            o.put("idempotent", true);
        }
        return o;
    }

    /** Validates the content fields of a body; nothing is stored unless all of it holds. */
    static ActionContent content(ObjectNode body, ObjectMapper json, Supplier<ActionContentChecks> checks) {
        String key = Bodies.key(Bodies.string(body, "key"), "key");
        String type = Bodies.string(body, "type");
        if (type == null || type.isBlank()) {
            throw ApiException.validation("type is required: " + String.join(" or ", new TreeSet<>(TYPES)));
        }
        if (!TYPES.contains(type)) {
            throw ApiException.validation("type '" + type + "' is not supported: use " + String.join(" or ", new TreeSet<>(TYPES)));
        }
        ObjectNode config = Bodies.objectField(body, "config");
        if (config == null) {
            throw ApiException.validation("config is required for a " + type + " action");
        }
        String name = Bodies.name(Bodies.string(body, "name"), "name");
        String description = Bodies.string(body, "description");
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw ApiException.validation("description is longer than " + MAX_DESCRIPTION_CHARS + " characters");
        }
        JsonNode inputSchema = schemaField(body, "inputSchema");
        JsonNode outputSchema = schemaField(body, "outputSchema");
        Boolean idempotent = Bodies.bool(body, "idempotent");

        String code = null;
        if (ActionDefinition.API_REQUEST.equals(type)) {
            config = RequestConfig.validate(config);
        } else {
            RequestConfig.allowOnly(config, Set.of("code"), "config", "code");
            code = Bodies.string(config, "code");
            if (code == null || code.isBlank()) {
                throw ApiException.validation("config.code (the JavaScript to run) is required for a run-javascript action");
            }
            if (code.length() > MAX_CODE_CHARS) {
                throw ApiException.validation("config.code is longer than " + MAX_CODE_CHARS + " characters");
            }
        }
        ActionContent content = new ActionContent(key, name != null ? name : key != null ? key : type, description, type,
            config.deepCopy(), inputSchema, outputSchema, Boolean.TRUE.equals(idempotent));
        if (json.valueToTree(content).toString().getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            throw ApiException.validation("The action is larger than " + MAX_CONTENT_BYTES / 1000 + " KB");
        }
        // Library checks last: they are the expensive ones.
        ActionContentChecks c = checks.get();
        if (inputSchema != null) {
            c.checkSchema(inputSchema, "inputSchema");
        }
        if (outputSchema != null) {
            c.checkSchema(outputSchema, "outputSchema");
        }
        if (code != null) {
            c.checkJavaScript(code, "config.code");
        }
        return content;
    }

    private static JsonNode schemaField(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.validation(field + " must be a JSON Schema object");
        }
        return v.deepCopy();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }
}
