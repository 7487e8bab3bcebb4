package dev.actgate.shared.errors;

import dev.actgate.shared.auth.TokenRejection;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * 401 and 403 in the documented error shape. A 401 says why the token was refused (expired, bad signature, …),
 * which the token validator left on the request; it never says anything about the workspace's secrets.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationExceptionHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        ApiException error;
        if (exception.isForbidden()) {
            error = new ApiException(ErrorCode.FORBIDDEN,
                "This operation needs a workspace manager token (isAdmin: true); tenant tokens cannot perform it");
        } else {
            String reason = request.getAttribute(TokenRejection.ATTRIBUTE, String.class)
                .orElse("Missing bearer token: send 'Authorization: Bearer <JWT>'");
            error = new ApiException(ErrorCode.UNAUTHORIZED, reason);
        }
        return ApiExceptionHandler.toResponse(error).header("WWW-Authenticate", "Bearer");
    }
}
