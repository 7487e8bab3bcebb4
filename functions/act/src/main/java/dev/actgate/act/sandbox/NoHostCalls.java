package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The host of a script that is run for its own sake (SnapStart priming, the sandbox benchmark) and calls nothing:
 * every host call is refused with {@code reason}, so a script that did call out would fail loudly, not reach anything.
 */
public final class NoHostCalls implements SandboxHost {
    private final String reason;

    public NoHostCalls(String reason) {
        this.reason = reason;
    }

    @Override
    public JsonNode apiRequest(JsonNode request) {
        throw new UnsupportedOperationException(reason);
    }

    @Override
    public JsonNode act(JsonNode actBody) {
        throw new UnsupportedOperationException(reason);
    }

    @Override
    public JsonNode listConnections(JsonNode query) {
        throw new UnsupportedOperationException(reason);
    }
}
