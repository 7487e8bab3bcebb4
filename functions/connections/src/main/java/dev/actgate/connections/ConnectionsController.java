package dev.actgate.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** Tenant-owned connections: {@code /connections}. */
@Controller("/connections")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ConnectionsController {
    private final ConnectionService connections;

    public ConnectionsController(ConnectionService connections) {
        this.connections = connections;
    }

    @Get
    public Page<ConnectionView> list(Authentication authentication,
                                     @Nullable @QueryValue String integrationId,
                                     @Nullable @QueryValue String search,
                                     @Nullable @QueryValue String includeArchived,
                                     @Nullable @QueryValue String limit,
                                     @Nullable @QueryValue String cursor) {
        return connections.list(Caller.of(authentication), integrationId, search, "1".equals(includeArchived)
            || "true".equals(includeArchived), PageRequest.of(limit, cursor));
    }
}
