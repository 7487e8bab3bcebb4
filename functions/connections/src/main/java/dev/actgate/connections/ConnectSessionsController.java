package dev.actgate.connections;

import dev.actgate.shared.deployment.PublicUrlSettings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectSessionService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code POST /connect-sessions}: the customer's backend exchanges its tenant token (Authorization header) for a
 * short-lived, single-use connect link it can hand to a browser (issue 11, item 6).
 */
@Controller("/connect-sessions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record ConnectSessionsController(ConnectSessionService sessions, PublicUrlSettings publicUrl) {
    @Post
    public MutableHttpResponse<ConnectSessionService.Created> create(HttpRequest<?> request, Authentication authentication,
                                                                      @Nullable @Body JsonNode body) {
        return HttpResponse.created(sessions.create(Caller.of(authentication), body, publicUrl.baseFor(request)))
            .header("Cache-Control", "no-store");
    }
}
