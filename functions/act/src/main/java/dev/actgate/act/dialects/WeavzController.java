package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.approvals.ApprovalRequiredException;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.ServerCaller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.idempotency.IdempotencyService;
import dev.actgate.shared.integrations.Integration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.Optional;

/**
 * Weavz's execute and integrations API ({@code Authorization: Bearer <API key>}), translated at the edge into the one
 * engine (door {@code weavz}). See docs/migrating-from-weavz.md.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class WeavzController {
    static final String DOOR = "weavz";

    private final DialectRunner runner;
    private final DialectActions actions;

    public WeavzController(DialectRunner runner, DialectActions actions) {
        this.runner = runner;
        this.actions = actions;
    }

    @Post("/actions/execute")
    public MutableHttpResponse<?> execute(Authentication auth, @Nullable @Body JsonNode body,
                                          @Nullable @Header(IdempotencyService.HEADER) String idempotencyHeader) {
        WeavzTranslation.Execute e;
        Caller caller;
        ObjectNode act;
        try {
            e = WeavzTranslation.parse(body);
            caller = ServerCaller.actingFor(auth, e.tenant(), "endUserId");
            String integrationKey = integrationKey(caller, e);
            ActionView action = action(caller, e, integrationKey);
            act = WeavzTranslation.actBody(e, action, integrationKey);
        } catch (ApiException failure) {
            return answer(failure, false);
        }
        String key = e.idempotencyKey() != null ? e.idempotencyKey() : idempotencyHeader;
        boolean named = e.connection() != null;
        return runner.run(caller, "POST /api/v1/actions/execute", key, act, DOOR, shapes(named));
    }

    static DialectRunner.Shapes shapes(boolean connectionNamed) {
        return DialectRunner.Shapes.of(r -> new DialectRunner.Answer(200, WeavzTranslation.succeeded(r.output(), r.actionRunId())),
            error -> shape(error, connectionNamed));
    }

    @Get("/integrations")
    public MutableHttpResponse<?> integrations(Authentication auth, @Nullable @QueryValue String name,
                                               @Nullable @QueryValue String endUserId) {
        try {
            Caller caller = endUserId != null ? ServerCaller.actingFor(auth, endUserId, "endUserId") : Caller.of(auth);
            ObjectNode r = WeavzTranslation.JSON.objectNode();
            ArrayNode list = r.putArray("integrations");
            if (name != null && !name.isBlank()) {
                Optional<Integration> i = actions.integration(caller, name);
                if (i.isEmpty() && !actions.connectorExists(name)) {
                    throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "Integration '" + name + "' not found");
                }
                ObjectNode one = WeavzTranslation.integration(name, i.map(Integration::name).orElse(name), actions.list(caller, name, null));
                list.add(one);
                r.setAll(one.deepCopy());
            }
            return HttpResponse.ok(r);
        } catch (ApiException e) {
            return answer(e, false);
        }
    }

    /** The integration key the request names, checked: an integration of the workspace, or a shipped connector. */
    private String integrationKey(Caller caller, WeavzTranslation.Execute e) {
        Optional<Integration> i = actions.integration(caller, e.integrationSelector());
        if (i.isPresent()) {
            return i.get().key();
        }
        if (!e.integrationById() && actions.connectorExists(e.integrationSelector())) {
            return e.integrationSelector();
        }
        throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "Integration '" + e.integrationSelector() + "' not found");
    }

    private ActionView action(Caller caller, WeavzTranslation.Execute e, String integrationKey) {
        for (String candidate : DialectNames.weavzCandidates(e.integrationName(), e.actionName())) {
            Optional<ActionView> v = actions.find(caller, candidate, null);
            if (v.isPresent()) {
                return v.get();
            }
        }
        if (!integrationKey.equals(e.integrationName())) {
            for (String candidate : DialectNames.weavzCandidates(integrationKey, e.actionName())) {
                Optional<ActionView> v = actions.find(caller, candidate, null);
                if (v.isPresent()) {
                    return v.get();
                }
            }
        }
        throw ApiException.validation("Integration '" + e.integrationName() + "' has no action '" + e.actionName() + "'");
    }

    private static DialectRunner.Answer shape(ApiException error, boolean connectionNamed) {
        if (error instanceof ApprovalRequiredException held) {
            return new DialectRunner.Answer(202, WeavzTranslation.approvalRequired(held.approval()));
        }
        WeavzTranslation.Code code = WeavzTranslation.code(error, connectionNamed);
        return new DialectRunner.Answer(code.status(), WeavzTranslation.error(error, code));
    }

    private static MutableHttpResponse<?> answer(ApiException error, boolean connectionNamed) {
        return DialectRunner.respond(shape(error, connectionNamed));
    }

}
