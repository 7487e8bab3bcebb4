package dev.actgate.shared.json;

import io.micronaut.core.annotation.Introspected;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a request body bound with {@code @Body @Valid} (docs/typed-requests.md). Such bodies are read by
 * {@link RequestBodyMapper}: nesting capped at {@link RequestBodyMapper#MAX_DEPTH}, no type coercion ("5" is not a
 * number, 5 is not a string), and — when {@link #strict()} — every field the record does not declare refused with
 * its pointer. It is also an {@link Introspected} stereotype, which Bean Validation needs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Introspected
public @interface TypedRequest {
    /** Refuse fields the record does not declare (the API's write routes are strict); false ignores them. */
    boolean strict() default true;
}
