package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import io.micronaut.core.annotation.Nullable;
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

    @Post("/act")
    public ActEngine.ActResult act(Authentication authentication, @Nullable @Body JsonNode body,
                                   @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        String key = idempotencyKey;
        if (key == null && body instanceof ObjectNode o && o.hasNonNull("idempotencyKey")) {
            key = o.get("idempotencyKey").asText();
        }
        return engine.act(Caller.of(authentication), body, "act", key);
    }
}
