package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.validation.validator.Validator;

import java.io.IOException;

/**
 * Test support: binds a JSON text to a typed request record the way a route does — the typed mapper, then Bean
 * Validation — and throws the ApiException a caller would get. No HTTP, no storage.
 */
public final class TypedBodies {
    private static final ObjectMapper TYPED = RequestBodyMapper.typedCopy(new ObjectMapper());
    private static ApplicationContext context;

    private TypedBodies() {
    }

    private static synchronized Validator validator() {
        if (context == null) {
            context = ApplicationContext.builder().eagerInitSingletons(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return context.getBean(Validator.class);
    }

    public static <T> T bind(String json, Class<T> type) {
        T value;
        try {
            value = TYPED.readValue(json, type);
        } catch (IOException e) {
            var mapped = BodyErrors.fromJackson(e);
            if (mapped != null) {
                throw mapped;
            }
            throw new IllegalArgumentException(e);
        }
        var violations = validator().validate(value);
        if (!violations.isEmpty()) {
            throw BodyErrors.fromViolations(violations);
        }
        return value;
    }
}
