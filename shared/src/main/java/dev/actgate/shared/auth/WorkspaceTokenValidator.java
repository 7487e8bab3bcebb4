package dev.actgate.shared.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.JwtTokenValidator;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Plugs {@link WorkspaceTokenVerifier} into micronaut-security's bearer-token pipeline, in place of the default
 * JWT validator (which only knows statically configured keys). A refused token leaves its reason on the request
 * for the 401 body.
 */
@Singleton
@Replaces(JwtTokenValidator.class)
public class WorkspaceTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final WorkspaceTokenVerifier verifier;

    public WorkspaceTokenValidator(WorkspaceTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        try {
            return Publishers.just(verifier.verify(token).toAuthentication());
        } catch (TokenRejection rejection) {
            if (request != null) {
                request.setAttribute(TokenRejection.ATTRIBUTE, rejection.getMessage());
            }
            return Publishers.empty();
        }
    }
}
