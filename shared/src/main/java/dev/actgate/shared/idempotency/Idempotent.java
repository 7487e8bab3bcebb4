package dev.actgate.shared.idempotency;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a route idempotent by key: a request carrying {@code Idempotency-Key} runs at most once per
 * (tenant, route, key), and a repeat gets the stored response ({@link IdempotencyService}). The route's method
 * returns an {@code HttpResponse} and takes the {@code Authentication}; its {@code @Body} argument, with the method,
 * path and query, is what makes two requests "the same".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Around
public @interface Idempotent {
    /** The route as template.yaml spells it (e.g. {@code "POST /act"}): part of the key's scope. */
    String value();

    /** A top-level body field that may carry the key when the header is absent ({@code POST /act}: idempotencyKey). */
    String bodyField() default "";
}
