package dev.actgate.shared.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the framework cannot decode (a form body or query string with a broken %-escape, say) is the caller's
 * mistake: 400. Only exceptions thrown while decoding the request are mapped; any other IllegalArgumentException is
 * a bug and stays a 500.
 */
@Produces
@Singleton
public class RequestDecodingExceptionHandler implements ExceptionHandler<IllegalArgumentException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDecodingExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, IllegalArgumentException e) {
        if (decoding(e)) {
            return ApiExceptionHandler.toResponse(ApiException.validation("The request could not be decoded: malformed %-escape or form body"));
        }
        LOG.error("Unhandled error on {} {}", request.getMethod(), request.getPath(), e);
        return ApiExceptionHandler.toResponse(new ApiException(ErrorCode.INTERNAL_ERROR, "Internal error"));
    }

    static boolean decoding(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.net.URLDecoder") || c.contains("QueryStringDecoder") || c.contains("FormUrlEncoded")
                || c.contains("FormRouteCompleter") || c.startsWith("io.micronaut.servlet") || c.startsWith("io.micronaut.function.aws.proxy")) {
                return true;
            }
        }
        return false;
    }
}
