package dev.actgate.actions;

import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /action?key=…&integrationKey=…}: the SDK's object selector ({@code action({ key, integrationKey }).get()}).
 * Addresses exactly one level, like the qualifiers of {@code GET /actions/{key}}.
 */
@Controller("/action")
@Secured(SecurityRule.IS_AUTHENTICATED)
public record ActionSelectorController(ActionService actions) {
    @Get
    public ActionView get(Authentication authentication, @Nullable @QueryValue String key,
                          @Nullable @QueryValue String integrationKey, @Nullable @QueryValue String integrationId,
                          @Nullable @QueryValue String connectionKey, @Nullable @QueryValue String connectionId,
                          @Nullable @QueryValue String layer, @Nullable @QueryValue String version,
                          @Nullable @QueryValue String tenantKey) {
        return actions.viewByKey(ActionService.actingAs(Caller.of(authentication), tenantKey), key,
            new ActionService.Qualifiers(integrationId, integrationKey, connectionId, connectionKey, layer), Params.version(version));
    }
}
