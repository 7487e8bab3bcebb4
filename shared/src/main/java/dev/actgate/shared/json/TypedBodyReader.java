package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Binds a body that code built (not a request) to a typed request record exactly as a route does — the strict
 * mapper, then Bean Validation — so a service called from inside (the connect flow writing a connection) gets the
 * same checks and the same errors as a caller of the route. A body that came in as a {@code JsonNode} and must keep
 * its tree (/act stores the body as sent) is bound here too: from the parsed tree, so the text is parsed once.
 */
@Singleton
public class TypedBodyReader {
    private final ObjectMapper typed;
    private final Validator validator;

    public TypedBodyReader(ObjectMapper application, Validator validator) {
        this.typed = RequestBodyMapper.typedCopy(application);
        this.validator = validator;
    }

    /**
     * A reader for a static parse, which cannot reach the application's beans: the strict mapper and the nesting cap,
     * but no Bean Validation — a validator of its own would cost about a second at cold start — so the records it
     * reads carry no constraint annotations and state their rules in code (/act, the dialects).
     */
    public static TypedBodyReader bindingOnly() {
        return new TypedBodyReader(new ObjectMapper(), null);
    }

    public <T> T read(JsonNode body, Class<T> type) {
        T value;
        // A tree was not read through the typed mapper's parser, whose nesting cap therefore never saw it.
        requireDepth(BodyErrors.required(body), 0);
        try {
            value = typed.treeToValue(body, type);
        } catch (IOException e) {
            var mapped = BodyErrors.fromJackson(e);
            throw mapped != null ? mapped : new IllegalArgumentException("Unreadable body for " + type.getSimpleName(), e);
        }
        if (validator == null) {
            return BodyErrors.required(value);
        }
        var violations = validator.validate(BodyErrors.required(value));
        if (!violations.isEmpty()) {
            throw BodyErrors.fromViolations(violations);
        }
        return value;
    }

    private static void requireDepth(JsonNode node, int depth) {
        if (depth > RequestBodyMapper.MAX_DEPTH) {
            throw ApiException.validation("The body is nested deeper than " + RequestBodyMapper.MAX_DEPTH + " levels");
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                requireDepth(child, depth + 1);
            }
        }
    }
}
