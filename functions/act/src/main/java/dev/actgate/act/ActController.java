package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.idempotency.IdempotencyService;
import io.micronaut.core.annotation.Nullable;
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
    private final IdempotencyService idempotency;

    public ActController(ActEngine engine, IdempotencyService idempotency) {
        this.engine = engine;
        this.idempotency = idempotency;
    }

    @Post("/act")
    public MutableHttpResponse<?> act(Authentication authentication, @Nullable @Body JsonNode body,
                                      @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        String key = idempotencyKey;
        if (key == null && body instanceof ObjectNode o && o.hasNonNull("idempotencyKey")) {
            key = o.get("idempotencyKey").asText();
        }
        Caller caller = Caller.of(authentication);
        String upstreamKey = key;
        return idempotency.run(caller, "POST /act", key, idempotency.fingerprint("POST", "/act", null, body),
            () -> new IdempotencyService.Outcome(200, engine.act(caller, body, "act", upstreamKey)));
    }
}
