package dev.actgate.shared.connections;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

/** Connection use cases for the connections function and the /act engine. */
@Singleton
public class ConnectionService {
    private final ConnectionRepository connections;

    public ConnectionService(ConnectionRepository connections) {
        this.connections = connections;
    }

    public Page<ConnectionView> list(Caller caller, String integrationId, String search, boolean includeArchived,
                                     PageRequest page) {
        return connections.list(caller.tenantScope(), integrationId, search, includeArchived, page)
            .map(c -> ConnectionView.of(c, false, null));
    }
}
