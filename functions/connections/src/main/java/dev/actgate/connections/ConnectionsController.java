package dev.actgate.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectFlowService;
import dev.actgate.shared.connections.ConnectionRequest;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.connections.ConnectionView;
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

/** Tenant-owned connections: {@code /connections}. Every lookup is inside the caller's tenant. */
@Controller("/connections")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ConnectionsController {
    private final ConnectionService connections;
    private final ConnectFlowService connectFlow;

    public ConnectionsController(ConnectionService connections, ConnectFlowService connectFlow) {
        this.connections = connections;
        this.connectFlow = connectFlow;
    }

    @Get
    public Page<ConnectionView> list(Authentication authentication, @RequestBean ListQuery query,
                                     @Nullable @QueryValue String integrationId, @Nullable @QueryValue String integrationKey,
                                     @Nullable @QueryValue String tenantKey) {
        return connections.list(Caller.of(authentication).actingFor(tenantKey), integrationId != null ? integrationId : integrationKey,
            query.search(), query.withArchived(), query.page());
    }

    @Post
    @Idempotent("POST /connections")
    public MutableHttpResponse<?> create(Authentication authentication, @Nullable @Valid @Body ConnectionRequest body) {
        Caller caller = Caller.of(authentication);
        return HttpResponse.created(connectFlow.identify(caller, connections.create(caller, body)));
    }

    @Get("/{selector}")
    public ConnectionView get(Authentication authentication, @PathVariable String selector) {
        return connections.view(Caller.of(authentication), selector);
    }

    @Patch("/{selector}")
    public ConnectionView patch(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body ConnectionRequest body) {
        return connections.patch(Caller.of(authentication), selector, body);
    }

    @Put("/{selector}")
    public ConnectionView put(Authentication authentication, @PathVariable String selector, @Nullable @Valid @Body ConnectionRequest body) {
        return connections.put(Caller.of(authentication), selector, body);
    }

    @Delete("/{selector}")
    public ConnectionView archive(Authentication authentication, @PathVariable String selector,
                                  @Nullable @QueryValue String tenantKey) {
        return connections.archive(Caller.of(authentication).actingFor(tenantKey), selector);
    }

    @Post("/{selector}/restore")
    @Consumes(MediaType.ALL) // no body; HTTP clients (axios) label empty POSTs as forms
    public ConnectionView restore(Authentication authentication, @PathVariable String selector,
                                  @Nullable @QueryValue String tenantKey) {
        return connections.restore(Caller.of(authentication).actingFor(tenantKey), selector);
    }

    @Post("/{selector}/refresh")
    @Consumes(MediaType.ALL) // no body; HTTP clients (axios) label empty POSTs as forms
    public ConnectionView refresh(Authentication authentication, @PathVariable String selector) {
        return connections.view(connections.refreshCredentials(Caller.of(authentication), selector));
    }

    @Post("/{selector}/refresh-credentials")
    @Consumes(MediaType.ALL) // no body; HTTP clients (axios) label empty POSTs as forms
    public ConnectionView refreshCredentials(Authentication authentication, @PathVariable String selector) {
        return refresh(authentication, selector);
    }
}
