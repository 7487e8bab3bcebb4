package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What sandboxed code may reach outside itself: the connection's API, other actions and the tenant's connections.
 * Every call is synchronous and made on the thread running the code; an {@link dev.actgate.shared.errors.ApiException}
 * surfaces in JavaScript as a thrown {@code Error} with {@code message}, {@code code} and {@code status}.
 */
public interface SandboxHost {
    /**
     * An HTTP request through the connection; request = {method, path, query?, headers?, data?} and, from
     * {@code membrane.connection(sel).proxy}, {@code connection} = sel. Returns {status, headers, data}.
     */
    JsonNode apiRequest(JsonNode request);

    /** membrane.act(body): runs another action as the same tenant; returns its output. */
    JsonNode act(JsonNode actBody);

    /** membrane.connections.find(query): returns {items, cursor?}. */
    JsonNode listConnections(JsonNode query);

    /**
     * The run's time is up (called by the watchdog, on its own thread, just before it interrupts a blocked host call
     * and closes the context): no further upstream request and no retry may start.
     */
    default void deadlineReached() {
    }
}
