package dev.actgate.actions;

import dev.actgate.shared.actions.ActionRequest;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.Roles;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.idempotency.Idempotent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

/**
 * {@code /integrations/{selector}/actions}: the actions that run through one integration (its own, and the universal
 * ones it does not override, plus its connector's catalog actions); {@code POST} creates an integration-level action.
 */
@Controller("/integrations/{selector}/actions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class IntegrationActionsController {
    private final ActionService actions;

    public IntegrationActionsController(ActionService actions) {
        this.actions = actions;
    }

    @Get
    public Page<ActionView> list(Authentication authentication, @PathVariable String selector, @RequestBean ActionFilters filters) {
        return actions.list(Caller.of(authentication), filters.query(null, selector, null, null, null));
    }

    @Post
    @Secured(Roles.MANAGER)
    @Idempotent("POST /integrations/{selector}/actions")
    public MutableHttpResponse<?> create(Authentication authentication, @PathVariable String selector,
                                         @Nullable @Valid @Body ActionRequest body) {
        return HttpResponse.created(actions.create(Caller.of(authentication), body, selector));
    }
}
