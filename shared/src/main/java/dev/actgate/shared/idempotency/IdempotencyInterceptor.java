package dev.actgate.shared.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.auth.Caller;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.type.MutableArgumentValue;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/**
 * The around-advice behind {@link Idempotent}: reads the key (header, or the declared body field), the caller and
 * the request's identity (method, path, query, body) and runs the route through {@link IdempotencyService#run}.
 * Without a key the route runs untouched.
 */
@Singleton
@InterceptorBean(Idempotent.class)
public class IdempotencyInterceptor implements MethodInterceptor<Object, Object> {
    private final IdempotencyService idempotency;

    public IdempotencyInterceptor(IdempotencyService idempotency) {
        this.idempotency = idempotency;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        if (request == null) {
            return context.proceed();
        }
        Object body = null;
        Authentication authentication = null;
        for (MutableArgumentValue<?> argument : context.getParameters().values()) {
            Object value = argument.getValue();
            if (argument.getAnnotationMetadata().hasAnnotation(Body.class)) {
                body = value;
            } else if (value instanceof Authentication a) {
                authentication = a;
            }
        }
        String bodyField = context.stringValue(Idempotent.class, "bodyField").orElse("");
        String key = IdempotencyService.keyOf(request.getHeaders().get(IdempotencyService.HEADER),
            body instanceof JsonNode node ? node : null, bodyField);
        if (key == null) {
            return context.proceed();
        }
        if (authentication == null) {
            authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        }
        String route = context.stringValue(Idempotent.class).orElseThrow();
        String fingerprint = idempotency.fingerprint(request.getMethodName(), request.getPath(), request.getUri().getRawQuery(), body);
        return idempotency.run(Caller.of(authentication), route, key, fingerprint, () -> {
            HttpResponse<?> response = (HttpResponse<?>) context.proceed();
            return new IdempotencyService.Outcome(response.code(), response.body());
        });
    }
}
