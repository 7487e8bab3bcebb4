package dev.actgate.shared.errors;

import dev.actgate.shared.credentials.CredentialsUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** KMS trouble is a retryable 503; a record whose secrets cannot be opened at all is actgate's own fault (500). */
@Produces
@Singleton
public class CredentialsExceptionHandler implements ExceptionHandler<CredentialsUnavailableException, HttpResponse<ErrorBody>> {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsExceptionHandler.class);

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, CredentialsUnavailableException e) {
        LOG.warn("Credentials unavailable on {} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
        if (e.retryable()) {
            return ApiExceptionHandler.toResponse(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
                "The key service is temporarily unavailable; retry after a short wait")).header("Retry-After", "1");
        }
        return ApiExceptionHandler.toResponse(new ApiException(ErrorCode.INTERNAL_ERROR,
            "Stored credentials cannot be decrypted; reconnect the connection"));
    }
}
