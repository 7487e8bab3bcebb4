package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.json.TypedBodyReader;

/**
 * JSON conversion for the pure translation classes (error data is a plain map or record), and the binding of the
 * dialects' request bodies to their typed records (docs/typed-requests.md). The routes take the body as a tree and
 * bind it here, inside their own error handling, because a dialect answers a bad body in its vendor's error shape,
 * which a binding failure before the route would not.
 */
final class DialectJson {
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypedBodyReader BODIES = TypedBodyReader.bindingOnly();

    private DialectJson() {
    }

    static JsonNode tree(Object value) {
        return value == null ? null : MAPPER.valueToTree(value);
    }

    /** Adds the run an error belongs to and the error's data (under {@code dataField}), each when there is one. */
    static ObjectNode runAndData(ObjectNode err, ApiException e, String dataField) {
        if (e.actionRunId() != null) {
            err.put("actionRunId", e.actionRunId());
        }
        if (e.data() != null) {
            err.set(dataField, tree(e.data()));
        }
        return err;
    }

    /** A required body bound to its record: the strict mapper and the nesting cap; the record's rules are code. */
    static <T> T body(JsonNode raw, Class<T> type) {
        return BODIES.read(raw, type);
    }

    /** A body whose absence means "no options" (Composio's execute routes): no body or null binds as {@code {}}. */
    static <T> T optionalBody(JsonNode raw, Class<T> type) {
        return BODIES.read(raw == null || raw.isNull() ? MAPPER.createObjectNode() : raw, type);
    }
}
