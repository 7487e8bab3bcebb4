package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.IntentRanker;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionState;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The agent-facing use cases, one {@link Session} per request: which tools a tenant has (static mode: one per
 * action; search mode: three stateless meta-tools over the same set), and calling one. Every action call is turned
 * into its {@code /act} body and handed to the {@link ToolRunner} (the engine); nothing here runs anything itself.
 */
@Singleton
public class AgentTools {
    public static final String SEARCH_ACTIONS = "search_actions";
    public static final String RUN_ACTION = "run_action";
    public static final String LIST_CONNECTIONS = "list_connections";
    static final int DEFAULT_SEARCH_RESULTS = 10;
    static final int MAX_SEARCH_RESULTS = 50;

    private final ToolCatalog catalog;
    private final ConformanceFixtures fixtures;

    public AgentTools(ToolCatalog catalog, ConformanceFixtures fixtures) {
        this.catalog = catalog;
        this.fixtures = fixtures;
    }

    public Session session(Caller caller, ToolFilter filter, ToolRunner runner) {
        return new Session(caller, filter, runner);
    }

    /** One request's view of the caller's tools (computed once, on first use). */
    public final class Session implements McpProtocol.Backend {
        private final Caller caller;
        private final ToolFilter filter;
        private final ToolRunner runner;
        private ToolCatalog.Tools tools;

        Session(Caller caller, ToolFilter filter, ToolRunner runner) {
            this.caller = caller;
            this.filter = filter;
            this.runner = runner;
        }

        ToolCatalog.Tools tools() {
            if (tools == null) {
                tools = catalog.tools(caller, filter);
            }
            return tools;
        }

        @Override
        public List<AgentTool> listed() {
            if (filter.mode() == ToolFilter.Mode.SEARCH) {
                List<AgentTool> out = new ArrayList<>(metaTools());
                if (fixtures.enabled()) {
                    out.addAll(fixtures.tools());
                }
                out.sort(Comparator.comparing(AgentTool::name));
                return out;
            }
            return tools().listed();
        }

        @Override
        public Optional<AgentTool> find(String name) {
            if (filter.mode() == ToolFilter.Mode.SEARCH) {
                return listed().stream().filter(t -> t.name().equals(name)).findFirst();
            }
            return tools().find(name);
        }

        @Override
        public String listScope() {
            return filter.canonical();
        }

        @Override
        public ObjectNode call(AgentTool tool, ObjectNode arguments, String idempotencyKey) {
            return switch (tool.kind()) {
                case FIXTURE -> fixtures.call(tool.name()).orElseThrow();
                case ACTION, API_REQUEST -> run(tool, arguments, idempotencyKey);
                case SEARCH_ACTIONS -> search(arguments);
                case RUN_ACTION -> runAction(arguments, idempotencyKey);
                case LIST_CONNECTIONS -> listConnections();
            };
        }

        private ObjectNode run(AgentTool tool, ObjectNode arguments, String idempotencyKey) {
            ObjectNode args = tool.kind() == AgentTool.Kind.ACTION ? StrictSchema.dropNullsForOptional(tool.inputSchema(), arguments)
                : arguments;
            if (tool.kind() == AgentTool.Kind.API_REQUEST) {
                for (String f : new String[] {"connection", "method", "path"}) {
                    if (!args.path(f).isTextual()) {
                        return ToolResults.text("The arguments do not match the tool's inputSchema (1 problem):\n- /" + f
                            + ": is required and must be a string\nFix the arguments and call the tool again.", true);
                    }
                }
            }
            return ToolResults.render(tool, runner.run(caller, tool, tool.actBody(args), idempotencyKey));
        }

        private List<AgentTool> runnable() {
            return tools().callable().stream()
                .filter(t -> t.kind() == AgentTool.Kind.ACTION || t.kind() == AgentTool.Kind.API_REQUEST).toList();
        }

        private ObjectNode search(ObjectNode args) {
            JsonNode q = args.get("query");
            if (q != null && !q.isNull() && !q.isTextual()) {
                return ToolResults.text("query must be a string (what the user wants to do)", true);
            }
            String query = q == null || q.isNull() ? "" : q.asText();
            int limit = args.path("limit").canConvertToInt() ? args.path("limit").asInt() : DEFAULT_SEARCH_RESULTS;
            limit = Math.max(1, Math.min(MAX_SEARCH_RESULTS, limit));
            String connection = args.path("connectionKey").asText(null);
            List<AgentTool> candidates = runnable().stream()
                .filter(t -> connection == null || t.target() == null || connection.equals(t.target().connectionKey())).toList();
            List<AgentTool> ranked;
            if (query.isBlank()) {
                ranked = candidates;
            } else {
                List<IntentRanker.Doc> docs = candidates.stream().map(t -> new IntentRanker.Doc(
                    t.target() == null ? t.name() : t.target().actionKey() != null ? t.target().actionKey() : t.target().actionId(),
                    t.title(), t.description(), t.inputSchema())).toList();
                double[] scores = IntentRanker.score(query, docs);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < scores.length; i++) {
                    if (scores[i] > 0) {
                        order.add(i);
                    }
                }
                order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
                ranked = order.stream().map(candidates::get).toList();
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("total", ranked.size());
            ArrayNode results = out.putArray("results");
            for (AgentTool t : ranked.subList(0, Math.min(limit, ranked.size()))) {
                ObjectNode r = results.addObject().put("name", t.name()).put("title", t.title()).put("description", t.description());
                r.set("inputSchema", t.inputSchema());
                r.put("readOnly", t.annotations().readOnly());
                if (t.target() != null) {
                    r.put("connectionKey", t.target().connectionKey()).put("integrationKey", t.target().integrationKey())
                        .put("connectionState", t.target().state().name());
                    if (t.target().state() != ConnectionState.READY) {
                        r.put("note", "The user must reconnect '" + t.target().connectionKey() + "' before this action can run");
                    }
                }
            }
            out.put("howToRun", "Call run_action with {\"action\": <name>, \"input\": {…}} using a name from results");
            return ToolResults.structured(out);
        }

        private ObjectNode runAction(ObjectNode args, String idempotencyKey) {
            JsonNode a = args.get("action");
            if (a == null || !a.isTextual() || a.asText().isBlank()) {
                return ToolResults.text("action is required: a name returned by search_actions (or an action key)", true);
            }
            JsonNode input = args.get("input");
            if (input != null && !input.isNull() && !input.isObject()) {
                return ToolResults.text("input must be an object with the action's arguments", true);
            }
            String action = a.asText();
            String connection = args.path("connection").asText(null);
            List<AgentTool> all = runnable();
            List<AgentTool> matches = all.stream().filter(t -> t.name().equals(action)).toList();
            if (matches.isEmpty()) {
                matches = all.stream().filter(t -> t.target() != null
                        && (action.equals(t.target().actionKey()) || action.equals(t.target().actionId()))
                        && (connection == null || connection.equals(t.target().connectionKey()) || connection.equals(t.target().connectionId())))
                    .toList();
            }
            if (matches.isEmpty()) {
                return ToolResults.text("No action '" + action + "'" + (connection == null ? "" : " on connection '" + connection + "'")
                    + " for this user. Call search_actions to find one.", true);
            }
            if (matches.size() > 1) {
                return ToolResults.text("Action '" + action + "' exists on " + matches.size() + " connections ("
                    + String.join(", ", matches.stream().map(t -> t.target().connectionKey()).toList())
                    + "): pass connection, or use the exact name from search_actions.", true);
            }
            ObjectNode arguments = input instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
            return run(matches.get(0), arguments, idempotencyKey);
        }

        private ObjectNode listConnections() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode list = out.putArray("connections");
            List<AgentTool> all = runnable();
            for (Connection c : tools().connections()) {
                if (!filter.connectionKeys().isEmpty() && !filter.connectionKeys().contains(c.key())
                    || !filter.integrationKeys().isEmpty() && !filter.integrationKeys().contains(c.integrationKey())) {
                    continue;
                }
                ObjectNode o = list.addObject().put("key", c.key()).put("name", c.name()).put("integrationKey", c.integrationKey())
                    .put("state", c.state().name()).put("account", ToolCatalog.account(c))
                    .put("actions", all.stream().filter(t -> t.target() != null && c.id().equals(t.target().connectionId())).count());
                if (c.state() == ConnectionState.DISCONNECTED) {
                    o.put("whatToDo", "The user must reconnect this account in the application's connect screen"
                        + (c.error() == null ? "" : " (" + c.error() + ")"));
                } else if (c.state() != ConnectionState.READY) {
                    o.put("whatToDo", "The user must finish connecting this account");
                }
            }
            return ToolResults.structured(out);
        }
    }

    static List<AgentTool> metaTools() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode search = f.objectNode().put("type", "object");
        ObjectNode sp = search.putObject("properties");
        sp.putObject("query").put("type", "string").put("description", "What the user wants to do, in plain words (e.g. 'create an issue')");
        sp.putObject("connectionKey").put("type", "string").put("description", "Only actions of this connection (optional)");
        sp.putObject("limit").put("type", "integer").put("minimum", 1).put("maximum", MAX_SEARCH_RESULTS)
            .put("description", "How many results (default " + DEFAULT_SEARCH_RESULTS + ")");
        search.putArray("required").add("query");
        search.put("additionalProperties", false);

        ObjectNode run = f.objectNode().put("type", "object");
        ObjectNode rp = run.putObject("properties");
        rp.putObject("action").put("type", "string").put("description", "The action's name from search_actions (or its action key)");
        rp.putObject("connection").put("type", "string")
            .put("description", "Connection key; needed only when an action key exists on several connections");
        rp.putObject("input").put("type", "object").put("description", "The action's arguments, as its inputSchema describes");
        run.putArray("required").add("action");
        run.put("additionalProperties", false);

        ObjectNode none = f.objectNode().put("type", "object").put("additionalProperties", false);
        return List.of(
            new AgentTool(SEARCH_ACTIONS, "meta:" + SEARCH_ACTIONS, "Search actions",
                "Find the actions that fit a task among all of the user's connected apps: returns names, descriptions, input "
                    + "schemas and each connection's state. Then run one with run_action.",
                search, null, AgentTool.Annotations.META_READ, AgentTool.Kind.SEARCH_ACTIONS, null, false),
            new AgentTool(RUN_ACTION, "meta:" + RUN_ACTION, "Run an action",
                "Run one action found with search_actions, with its input. Failures come back as an error result that says what "
                    + "to fix (arguments, a connection to reconnect, an approval to wait for).",
                run, null, new AgentTool.Annotations(false, true, false, true), AgentTool.Kind.RUN_ACTION, null, false),
            new AgentTool(LIST_CONNECTIONS, "meta:" + LIST_CONNECTIONS, "List connections",
                "List the user's connected apps and accounts, their state, and how many actions each offers.",
                none, null, AgentTool.Annotations.META_READ, AgentTool.Kind.LIST_CONNECTIONS, null, false));
    }
}
