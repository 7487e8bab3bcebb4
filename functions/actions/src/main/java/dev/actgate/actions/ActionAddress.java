package dev.actgate.actions;

import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.auth.Caller;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.authentication.Authentication;

/**
 * The query parameters that say which action a {@code /actions/{selector}} route means (the selector alone may match
 * one per layer) and, for a manager, which tenant it acts as. Bound once with {@code @RequestBean} instead of six
 * routes repeating the same six parameters.
 */
@Introspected
public record ActionAddress(@Nullable @QueryValue String integrationKey, @Nullable @QueryValue String integrationId,
                            @Nullable @QueryValue String connectionKey, @Nullable @QueryValue String connectionId,
                            @Nullable @QueryValue String layer, @Nullable @QueryValue String tenantKey) {

    Caller caller(Authentication authentication) {
        return ActionService.actingAs(Caller.of(authentication), tenantKey);
    }

    ActionService.Qualifiers qualifiers() {
        return new ActionService.Qualifiers(integrationId, integrationKey, connectionId, connectionKey, layer);
    }
}
