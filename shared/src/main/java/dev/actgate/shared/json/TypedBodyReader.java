package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Binds a body that code built (not a request) to a typed request record exactly as a route does — the strict
 * mapper, then Bean Validation — so a service called from inside (the connect flow writing a connection) gets the
 * same checks and the same errors as a caller of the route.
 */
@Singleton
public class TypedBodyReader {
    private final ObjectMapper typed;
    private final Validator validator;

    public TypedBodyReader(ObjectMapper application, Validator validator) {
        this.typed = RequestBodyMapper.typedCopy(application);
        this.validator = validator;
    }

    public <T> T read(JsonNode body, Class<T> type) {
        T value;
        try {
            value = typed.treeToValue(BodyErrors.required(body), type);
        } catch (IOException e) {
            var mapped = BodyErrors.fromJackson(e);
            throw mapped != null ? mapped : new IllegalArgumentException("Unreadable body for " + type.getSimpleName(), e);
        }
        var violations = validator.validate(BodyErrors.required(value));
        if (!violations.isEmpty()) {
            throw BodyErrors.fromViolations(violations);
        }
        return value;
    }
}
