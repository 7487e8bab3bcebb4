package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.idempotency.Idempotent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * The older doors that run saved actions, translated into the equivalent /act body (which is what their run logs
 * record, so any run can be replayed through /act):
 * {@code POST /actions/{selector}/run} (body {@code { input }} as the SDK sends it, or the input itself) and
 * {@code POST /connections/{selector}/actions/{key}/run} (body = raw input).
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ActionRunController { // a class, not a record: @Idempotent is around advice, which needs a subclass
    private final ActEngine engine;

    public ActionRunController(ActEngine engine) {
        this.engine = engine;
    }

    @Post("/actions/{selector}/run")
    @Idempotent("POST /actions/{selector}/run")
    public MutableHttpResponse<?> runAction(Authentication authentication, @PathVariable String selector,
                                         @Nullable @Body JsonNode body,
                                         @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey,
                                         @Nullable @QueryValue String connectionId, @Nullable @QueryValue String connectionKey,
                                         @Nullable @QueryValue String integrationId, @Nullable @QueryValue String integrationKey) {
        ObjectNode act = JsonNodeFactory.instance.objectNode();
        act.put(isActionId(selector) ? "id" : "key", selector);
        putIfSet(act, "connectionId", connectionId);
        putIfSet(act, "connectionKey", connectionKey);
        putIfSet(act, "integrationId", integrationId);
        putIfSet(act, "integrationKey", integrationKey);
        JsonNode input = body;
        if (body instanceof ObjectNode o && o.size() == 1 && o.has("input")) {
            input = o.get("input");
        }
        if (input != null && !input.isNull()) {
            act.set("input", input);
        }
        return HttpResponse.ok(engine.act(Caller.of(authentication), act, "actions-run", idempotencyKey));
    }

    @Post("/connections/{selector}/actions/{key}/run")
    @Idempotent("POST /connections/{selector}/actions/{key}/run")
    public MutableHttpResponse<?> runConnectionAction(Authentication authentication, @PathVariable String selector,
                                                   @PathVariable String key, @Nullable @Body JsonNode input,
                                                   @Nullable @Header(IdempotencyService.HEADER) String idempotencyKey) {
        ObjectNode act = JsonNodeFactory.instance.objectNode();
        act.put("key", key);
        act.put(Ids.looksLikeId(selector, "conn") ? "connectionId" : "connectionKey", selector);
        if (input != null && !input.isNull()) {
            act.set("input", input);
        }
        return HttpResponse.ok(engine.act(Caller.of(authentication), act, "connection-action-run", idempotencyKey));
    }

    /** Saved action ids look like {@code act_…}; anything else is a key (catalog actions are run by id through /act). */
    static boolean isActionId(String selector) {
        return Ids.looksLikeId(selector, "act");
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
