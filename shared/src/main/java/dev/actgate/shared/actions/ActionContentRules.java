package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.json.BodyErrors;
import dev.actgate.shared.json.OpenJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The content rules of a saved action: which body fields a write may carry, how PATCH and PUT combine a body with
 * the stored content, and what valid content is (type, config, sizes). No I/O; the library checks that only the
 * actions function carries ({@link ActionContentChecks}) run last, through the supplier the caller passes.
 */
public final class ActionContentRules {
    static final Set<String> TYPES = Set.of(ActionDefinition.API_REQUEST, ActionDefinition.RUN_JAVASCRIPT);
    static final int MAX_CODE_CHARS = 200_000;
    static final int MAX_DESCRIPTION_CHARS = 4_000;
    /** A DynamoDB item holds 400 KB; the record and each revision carry the content once. */
    static final int MAX_CONTENT_BYTES = 300_000;

    private ActionContentRules() {
    }

    /** The body of a write (its fields were checked as it was bound): there, and no {@code intent} (not a way to create). */
    static ActionRequest writableBody(ActionRequest body) {
        BodyErrors.required(body);
        if (body.sent("intent", body.intent())) {
            throw ApiException.validation("Creating actions by intent is not supported: send type and config "
                + "(api-request-to-external-app with config.request, or run-javascript with config.code)");
        }
        return body;
    }

    /** {@code PATCH}: the body's content fields replace the stored ones; {@code null} removes an optional one. */
    static ActionRequest patched(ActionContent current, ActionRequest body) {
        ActionRequest c = asBody(current);
        return ActionRequest.content(pick(body, "key", body.key(), c.key()), pick(body, "name", body.name(), c.name()),
            pick(body, "description", body.description(), c.description()), pick(body, "type", body.type(), c.type()),
            pick(body, "config", body.config(), c.config()), pick(body, "inputSchema", body.inputSchema(), c.inputSchema()),
            pick(body, "outputSchema", body.outputSchema(), c.outputSchema()),
            pick(body, "idempotent", body.idempotent(), c.idempotent()));
    }

    /** The body's value; null when it sent null; the stored one when it left the field out. */
    private static <T> T pick(ActionRequest body, String field, T given, T stored) {
        return given != null ? given : body.sentAsNull(field) ? null : stored;
    }

    /** {@code PUT}: the body's content fields are the whole content; the key is kept when left out. */
    static ActionRequest replaced(ActionContent current, ActionRequest body) {
        String key = body.sent("key", body.key()) ? body.key() : current.key();
        return ActionRequest.content(key, body.name(), body.description(), body.type(), body.config(), body.inputSchema(),
            body.outputSchema(), body.idempotent());
    }

    /** Stored content written back as the body that would create it. */
    static ActionRequest asBody(ActionContent c) {
        return ActionRequest.content(c.key(), c.name(), c.description(), c.type(), c.config(), c.inputSchema(), c.outputSchema(),
            c.idempotent() ? Boolean.TRUE : null);
    }

    /** Validates the content fields of a body; nothing is stored unless all of it holds. */
    static ActionContent content(ActionRequest body, ObjectMapper json, Supplier<ActionContentChecks> checks) {
        String key = body.key();
        String type = body.type();
        if (type == null || type.isBlank()) {
            throw ApiException.validation("type is required: " + String.join(" or ", new TreeSet<>(TYPES)));
        }
        if (!TYPES.contains(type)) {
            throw ApiException.validation("type '" + type + "' is not supported: use " + String.join(" or ", new TreeSet<>(TYPES)));
        }
        List<BodyErrors.Violation> violations = new ArrayList<>();
        ObjectNode config = OpenJson.object(body.config(), "config", violations);
        JsonNode inputSchema = OpenJson.object(body.inputSchema(), "inputSchema", "must be a JSON Schema object", violations);
        JsonNode outputSchema = OpenJson.object(body.outputSchema(), "outputSchema", "must be a JSON Schema object", violations);
        OpenJson.refuseIfAny(violations);
        if (config == null) {
            throw ApiException.validation("config is required for a " + type + " action");
        }
        String name = body.name();
        String description = body.description();

        String code = null;
        if (ActionDefinition.API_REQUEST.equals(type)) {
            config = RequestConfig.validate(config);
        } else {
            RequestConfig.allowOnly(config, Set.of("code"), "config", "code");
            JsonNode codeNode = config.get("code");
            if (codeNode != null && !codeNode.isNull() && !codeNode.isTextual()) {
                throw BodyErrors.of(List.of(new BodyErrors.Violation("/config/code", "must be a string")));
            }
            code = codeNode == null || codeNode.isNull() ? null : codeNode.asText();
            if (code == null || code.isBlank()) {
                throw ApiException.validation("config.code (the JavaScript to run) is required for a run-javascript action");
            }
            if (code.length() > MAX_CODE_CHARS) {
                throw ApiException.validation("config.code is longer than " + MAX_CODE_CHARS + " characters");
            }
        }
        ActionContent content = new ActionContent(key, name != null ? name : key != null ? key : type, description, type,
            config.deepCopy(), inputSchema == null ? null : inputSchema.deepCopy(), outputSchema == null ? null : outputSchema.deepCopy(),
            Boolean.TRUE.equals(body.idempotent()));
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
}
