package dev.actgate.shared.errors;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * Turns every error the framework produces on its own (unknown route, wrong method, malformed JSON, wrong media
 * type, an unexpected exception) into the one documented {@link ErrorBody} shape instead of Micronaut's default.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
@io.micronaut.context.annotation.Primary
public class ApiErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        ErrorCode code = codeFor(status.getCode());
        String message;
        if (code == ErrorCode.INTERNAL_ERROR) {
            // Never echo an internal exception's text: it may name tables, keys or values.
            context.getRootCause().ifPresent(e -> LOG.error("Unhandled error on {} {}", context.getRequest().getMethod(),
                context.getRequest().getPath(), e));
            message = "Internal error";
        } else {
            message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
            if (message.isBlank()) {
                message = defaultMessage(code, context);
            } else if (code == ErrorCode.VALIDATION_ERROR || code == ErrorCode.MALFORMED_JSON) {
                message = sanitize(message);
            }
        }
        ErrorBody body = ErrorBody.of(code, message);
        return ((MutableHttpResponse<ErrorBody>) response).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.VALIDATION_ERROR;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.ALREADY_EXISTS;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.STORAGE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR;
        };
    }

    private static String defaultMessage(ErrorCode code, ErrorContext context) {
        return switch (code) {
            case NOT_FOUND -> "No route for " + context.getRequest().getMethod() + " " + context.getRequest().getPath();
            case METHOD_NOT_ALLOWED -> "Method " + context.getRequest().getMethod() + " is not allowed on "
                + context.getRequest().getPath();
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported content type; send application/json";
            case UNAUTHORIZED -> "Authentication required";
            case FORBIDDEN -> "Forbidden";
            default -> "Bad request";
        };
    }

    /** Jackson's parse messages quote the offending input; keep the position, cap the length. */
    private static String sanitize(String message) {
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine;
    }
}
