package dev.actgate.shared.json;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ApiExceptionHandler;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.function.aws.proxy.ApiGatewayServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

/**
 * Binding failures of typed bodies become the API's VALIDATION_ERROR with every violation and its pointer
 * ({@link BodyErrors}), never Micronaut's default error body. A failure that is not about a typed body (a malformed
 * JSON text, a bad query parameter) keeps the framework's message through {@code ApiErrorResponseProcessor}.
 */
public final class TypedBodyExceptionHandlers {
    private TypedBodyExceptionHandlers() {
    }

    static HttpResponse<?> fallback(ErrorResponseProcessor<?> processor, HttpRequest<?> request, Throwable e, String message) {
        return processor.processResponse(ErrorContext.builder(request).cause(e).errorMessage(message).build(), HttpResponse.badRequest());
    }

    /** Bean Validation: every violated constraint, each with its pointer. */
    @Produces
    @Singleton
    @Replaces(ConstraintExceptionHandler.class)
    public static class Constraints implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
            return ApiExceptionHandler.toResponse(BodyErrors.fromViolations(e.getConstraintViolations()));
        }
    }

    /** A Jackson failure reading a typed body, wrapped by whichever layer reported it. */
    abstract static class JacksonFailure<E extends Exception> implements ExceptionHandler<E, HttpResponse<?>> {
        private final ErrorResponseProcessor<?> processor;

        JacksonFailure(ErrorResponseProcessor<?> processor) {
            this.processor = processor;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, E e) {
            ApiException mapped = noBody(e) ? BodyErrors.noBody() : BodyErrors.fromJackson(e);
            if (mapped == null && e instanceof ConversionErrorException c && c.getConversionError() != null) {
                mapped = BodyErrors.fromJackson(c.getConversionError().getCause());
            }
            return mapped != null ? ApiExceptionHandler.toResponse(mapped) : fallback(processor, request, e, e.getMessage());
        }
    }

    /**
     * The API Gateway adapter's body binder refuses a request with no body at all before the route runs (it throws
     * its EmptyBodyException, wrapped in a CodecException). That is the old "A JSON object body is required", not
     * the framework's "Unable to decode request body: Empty body".
     */
    static boolean noBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiGatewayServletRequest.EmptyBodyException) {
                return true;
            }
        }
        return false;
    }

    /** Jackson could not map the JSON onto the record (wrong type, unknown field, too deep) as Micronaut binds it. */
    @Produces
    @Singleton
    @Replaces(ConversionErrorHandler.class)
    public static class Conversion extends JacksonFailure<ConversionErrorException> {
        public Conversion(ErrorResponseProcessor<?> processor) {
            super(processor);
        }
    }

    /** The same failure when it surfaces as the body codec's own exception. */
    @Produces
    @Singleton
    public static class Codec extends JacksonFailure<CodecException> {
        public Codec(ErrorResponseProcessor<?> processor) {
            super(processor);
        }
    }
}
