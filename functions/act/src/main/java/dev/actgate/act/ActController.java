package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.idempotency.Idempotent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** {@code POST /act}: the one endpoint for doing things. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ActController {
    private final ActEngine engine;

    public ActController(ActEngine engine) {
        this.engine = engine;
    }

    /** The key also goes to the external app (the integration's idempotency header), so the app deduplicates too. */
    @Post("/act")
    @Idempotent(value = "POST /act", bodyField = "idempotencyKey")
    public MutableHttpResponse<?> act(Authentication authentication, @Nullable @Body JsonNode body,
                                      @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        String key = IdempotencyService.keyOf(idempotencyKey, body, "idempotencyKey");
        return HttpResponse.ok(engine.act(Caller.of(authentication), body, "act", key));
    }
}
