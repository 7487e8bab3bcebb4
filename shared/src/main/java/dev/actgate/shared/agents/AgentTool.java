package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.connections.ConnectionState;

/**
 * One tool as an agent sees it: a runnable action on one of the tenant's connections, the generic
 * {@code api_request} tool, a search-mode meta-tool, or a conformance fixture (tests only). Format-neutral:
 * {@link ToolFormats} renders it for MCP, OpenAI and Anthropic.
 *
 * @param identity   what the name is derived from (stable across requests; hashed when the name must be shortened)
 * @param wrapsInput the action's inputSchema is not an object schema, so the tool takes {@code {"input": …}}
 */
public record AgentTool(String name, String identity, String title, String description, ObjectNode inputSchema,
                        ObjectNode outputSchema, Annotations annotations, Kind kind, Target target, boolean wrapsInput) {

    public enum Kind {
        /** A catalog or saved action on one connection. */
        ACTION,
        /** An inline {@code api} request through a connection the agent names (workspace opt-in). */
        API_REQUEST,
        SEARCH_ACTIONS,
        RUN_ACTION,
        LIST_CONNECTIONS,
        /** A fixed-answer tool for the MCP conformance suite; exists only in that test mode. */
        FIXTURE
    }

    /** MCP tool annotations (untrusted hints for the client): read-only, destructive, idempotent, open world. */
    public record Annotations(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
        public static final Annotations META_READ = new Annotations(true, false, true, false);
    }

    /**
     * Where an action tool runs.
     *
     * @param level {@code catalog}, {@code universal}, {@code integration} or {@code connection}
     */
    public record Target(String connectionId, String connectionKey, String connectionName, ConnectionState state,
                         String integrationKey, String integrationName, String actionId, String actionKey, String level) {
    }

    public AgentTool withName(String next) {
        return new AgentTool(next, identity, title, description, inputSchema, outputSchema, annotations, kind, target, wrapsInput);
    }

    /** The {@code POST /act} body that runs this tool with these arguments (what the run log keeps for replay). */
    public ObjectNode actBody(ObjectNode arguments) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        switch (kind) {
            case ACTION -> {
                if (target.actionKey() != null && !"catalog".equals(target.level())) {
                    body.put("key", target.actionKey());
                } else {
                    body.put("id", target.actionId());
                }
                body.put("connectionId", target.connectionId());
                JsonNode input = wrapsInput ? arguments.get("input") : arguments;
                if (input != null && !input.isNull()) {
                    body.set("input", input);
                }
            }
            case API_REQUEST -> {
                body.put("connectionKey", arguments.path("connection").asText());
                ObjectNode api = body.putObject("api");
                api.put("method", arguments.path("method").asText());
                api.put("path", arguments.path("path").asText());
                for (String f : new String[] {"query", "headers", "body"}) {
                    JsonNode v = arguments.get(f);
                    if (v != null && !v.isNull()) {
                        api.set(f, v);
                    }
                }
            }
            default -> throw new IllegalStateException(kind + " does not run through /act");
        }
        return body;
    }
}
