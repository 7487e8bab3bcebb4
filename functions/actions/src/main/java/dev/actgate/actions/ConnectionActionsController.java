package dev.actgate.actions;

import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /connections/{selector}/actions} (the SDK's {@code connection(sel).actions.list()}): the action surface
 * of one of the caller's connections: per key the action {@code /act} would run there (connection-level, else its
 * integration's, else universal), plus the connector's catalog actions. Another tenant's connection is 404.
 */
@Controller("/connections/{selector}/actions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record ConnectionActionsController(ActionService actions) {
    @Get
    public Page<ActionView> list(Authentication authentication, @PathVariable String selector, @RequestBean ActionFilters filters,
                                 @Nullable @QueryValue String tenantKey) {
        boolean byId = Ids.looksLikeId(selector, "conn");
        return actions.list(ActionService.actingAs(Caller.of(authentication), tenantKey),
            filters.query(null, null, byId ? selector : null, byId ? null : selector, null));
    }
}
