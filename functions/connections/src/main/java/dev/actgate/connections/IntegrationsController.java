package dev.actgate.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.Roles;
import dev.actgate.shared.integrations.IntegrationRequest;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.integrations.IntegrationView;
import dev.actgate.shared.integrations.ParameterChanges;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.idempotency.Idempotent;
import io.micronaut.http.HttpResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
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

import java.util.Map;

/** Workspace integrations: tenants read, managers write. */
@Controller("/integrations")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class IntegrationsController {
    private final IntegrationService integrations;

    public IntegrationsController(IntegrationService integrations) {
        this.integrations = integrations;
    }

    @Get
    public Page<IntegrationView> list(Authentication authentication, @RequestBean ListQuery query,
                                      @Nullable @QueryValue String connectors) {
        return integrations.list(Caller.of(authentication), query.search(), query.withArchived(), Flags.isTrue(connectors), query.page());
    }

    @Post
    @Secured(Roles.MANAGER)
    @Idempotent("POST /integrations")
    public MutableHttpResponse<?> create(Authentication authentication, @Nullable @Valid @Body IntegrationRequest body) {
        return HttpResponse.created(integrations.create(Caller.of(authentication), body));
    }

    @Get("/{selector}")
    public IntegrationView get(Authentication authentication, @PathVariable String selector) {
        return integrations.view(Caller.of(authentication), selector);
    }

    @Patch("/{selector}")
    @Secured(Roles.MANAGER)
    public IntegrationView patch(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body IntegrationRequest body) {
        return integrations.patch(Caller.of(authentication), selector, body);
    }

    @Put("/{selector}")
    @Secured(Roles.MANAGER)
    public IntegrationView put(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body IntegrationRequest body) {
        return integrations.put(Caller.of(authentication), selector, body);
    }

    @Delete("/{selector}")
    @Secured(Roles.MANAGER)
    public IntegrationView archive(Authentication authentication, @PathVariable String selector) {
        return integrations.archive(Caller.of(authentication), selector);
    }

    @Post("/{selector}/restore")
    @Consumes(MediaType.ALL) // no body; HTTP clients (axios) label empty POSTs as forms
    @Secured(Roles.MANAGER)
    public IntegrationView restore(Authentication authentication, @PathVariable String selector) {
        return integrations.restore(Caller.of(authentication), selector);
    }

    @Get("/{selector}/parameters")
    public Map<String, Object> parameters(Authentication authentication, @PathVariable String selector) {
        return integrations.parameters(Caller.of(authentication), selector);
    }

    @Patch("/{selector}/parameters")
    @Secured(Roles.MANAGER)
    public Map<String, Object> patchParameters(Authentication authentication, @PathVariable String selector,
                                               @Nullable @Valid @Body ParameterChanges body) {
        return integrations.patchParameters(Caller.of(authentication), selector, body);
    }
}
