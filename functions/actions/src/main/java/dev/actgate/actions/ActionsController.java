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
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.util.List;

/**
 * Saved actions ({@code /actions}) and discovery. Tenants list and read; writes need a manager token. A selector is
 * an id or a key; a key that exists at several levels is narrowed with {@code integrationKey}/{@code integrationId},
 * {@code connectionKey}/{@code connectionId} or {@code layer=universal}. {@code tenantKey} lets a manager token
 * without a tenant reach a tenant's connection-level actions. Running is the act function's
 * ({@code POST /actions/{selector}/run}).
 */
@Controller("/actions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ActionsController {
    private final ActionService actions;

    public ActionsController(ActionService actions) {
        this.actions = actions;
    }

    @Get
    public Page<ActionView> list(Authentication authentication, @RequestBean ActionAddress at, @RequestBean ActionFilters filters,
                                 @Nullable @QueryValue String externalAppId, @Nullable @QueryValue String connectorKey) {
        // The address narrows the list to an integration's or a connection's actions; its layer is not a list filter.
        return actions.list(at.caller(authentication), filters.query(at.integrationId(), at.integrationKey(), at.connectionId(),
            at.connectionKey(), externalAppId != null ? externalAppId : connectorKey));
    }

    @Post
    @Secured(Roles.MANAGER)
    @Idempotent("POST /actions")
    public MutableHttpResponse<?> create(Authentication authentication, @Nullable @Valid @Body ActionRequest body) {
        return HttpResponse.created(actions.create(Caller.of(authentication), body, null));
    }

    @Get("/{selector}")
    public ActionView get(Authentication authentication, @PathVariable String selector, @RequestBean ActionAddress at,
                          @Nullable @QueryValue String version) {
        return actions.view(at.caller(authentication), selector, at.qualifiers(), Params.version(version));
    }

    @Get("/{selector}/revisions")
    public Page<ActionService.RevisionView> revisions(Authentication authentication, @PathVariable String selector,
                                                      @RequestBean ActionAddress at) {
        List<ActionService.RevisionView> items = actions.revisions(at.caller(authentication), selector, at.qualifiers());
        return new Page<>(items, null);
    }

    @Patch("/{selector}")
    @Secured(Roles.MANAGER)
    public ActionView patch(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body ActionRequest body,
                            @RequestBean ActionAddress at) {
        return actions.patch(at.caller(authentication), selector, at.qualifiers(), body);
    }

    @Put("/{selector}")
    @Secured(Roles.MANAGER)
    public ActionView put(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body ActionRequest body,
                          @RequestBean ActionAddress at) {
        return actions.put(at.caller(authentication), selector, at.qualifiers(), body);
    }

    @Delete("/{selector}")
    @Secured(Roles.MANAGER)
    public ActionView archive(Authentication authentication, @PathVariable String selector, @RequestBean ActionAddress at) {
        return actions.archive(at.caller(authentication), selector, at.qualifiers());
    }

    @Post("/{selector}/restore")
    @Consumes(MediaType.ALL) // no body; HTTP clients (axios) label empty POSTs as forms
    @Secured(Roles.MANAGER)
    public ActionView restore(Authentication authentication, @PathVariable String selector, @RequestBean ActionAddress at) {
        return actions.restore(at.caller(authentication), selector, at.qualifiers());
    }
}
