package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionRepository;
import dev.actgate.shared.connections.ConnectionState;
import dev.actgate.shared.connections.ExternalIdentity;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.workspaces.WorkspaceService;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools one tenant's agents get, computed per request from storage (nothing is cached or kept between
 * requests): one tool per action on each of the tenant's connections, the action surface exactly as
 * {@code GET /connections/{id}/actions} and {@code /act} resolve it ({@link ActionService#list}: saved actions with
 * the connection → integration → universal override, then the connector's catalog actions), limited by the
 * workspace's {@link AgentAccess}. Names are assigned over the whole tenant list (so URL filters never rename a
 * tool), sorted by name for a deterministic order.
 *
 * <p>{@link Tools#listed} holds the tools of READY connections; {@link Tools#callable} also those of connections that
 * are not ready, so that calling one answers "reconnect first" instead of "unknown tool".
 *
 * <p>A warm function keeps a tenant's unfiltered list for {@code actgate.mcp.tools-cache-ms} (default 5 s, 0 turns it
 * off), so that the pages of one {@code tools/list} and the calls of one agent turn do not each re-read every action.
 * It is only a cache, per workspace and tenant: every call still goes through the engine, which resolves the action and
 * the connection afresh, so a stale entry can at worst produce an error result, never run what the tenant no longer has.
 */
@Singleton
public class ToolCatalog {
    static final int MAX_DESCRIPTION_CHARS = 1_024;
    static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    static final Pattern SEARCH_WORDS = Pattern.compile("(^|[^a-z])(search|query|find|list|lookup|get|read|fetch)([^a-z]|$)");
    public static final String API_REQUEST_TOOL = "api_request";

    private final ConnectionRepository connections;
    private final IntegrationService integrations;
    private final ActionService actions;
    private final ConnectorCatalog catalog;
    private final WorkspaceService workspaces;
    private final ConformanceFixtures fixtures;
    private final long cacheMillis;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private record Cached(Tools tools, long loadedAt) {
    }

    public ToolCatalog(ConnectionRepository connections, IntegrationService integrations, ActionService actions, ConnectorCatalog catalog,
                       WorkspaceService workspaces, ConformanceFixtures fixtures,
                       @io.micronaut.context.annotation.Value("${actgate.mcp.tools-cache-ms:5000}") long cacheMillis) {
        this.cacheMillis = cacheMillis;
        this.connections = connections;
        this.integrations = integrations;
        this.actions = actions;
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.fixtures = fixtures;
    }

    /** The tenant's tools: {@code callable} (every state, filters applied) and {@code listed} (READY only). */
    public record Tools(List<AgentTool> callable, List<Connection> connections) {
        public List<AgentTool> listed() {
            return callable.stream().filter(t -> t.target() == null || t.target().state() == ConnectionState.READY).toList();
        }

        public Optional<AgentTool> find(String name) {
            return callable.stream().filter(t -> t.name().equals(name)).findFirst();
        }
    }

    public Tools tools(Caller caller, ToolFilter filter) {
        caller.requireTenant();
        String key = caller.tenantScope();
        long now = System.currentTimeMillis();
        Cached c = cache.get(key);
        Tools all;
        if (c != null && now - c.loadedAt() < cacheMillis) {
            all = c.tools();
        } else {
            all = load(caller);
            if (cacheMillis > 0) {
                if (cache.size() > 10_000) {
                    cache.clear();
                }
                cache.put(key, new Cached(all, now));
            }
        }
        return new Tools(all.callable().stream().filter(filter::keeps).toList(), all.connections());
    }

    private Tools load(Caller caller) {
        AgentAccess access = workspaces.find(caller.workspaceKey()).map(w -> w.settings()).orElse(WorkspaceSettings.defaults()).agents();
        List<Connection> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Connection> page = connections.list(caller.tenantScope(), null, null, false, PageRequest.of("1000", cursor));
            all.addAll(page.items());
            cursor = page.cursor();
        } while (cursor != null);
        all.sort(Comparator.comparing(Connection::key));

        Map<String, Integer> perIntegration = new HashMap<>();
        all.forEach(c -> perIntegration.merge(c.integrationId(), 1, Integer::sum));
        Map<String, Optional<Integration>> integrationById = new HashMap<>();

        List<AgentTool> tools = new ArrayList<>();
        if (fixtures.enabled()) {
            tools.addAll(fixtures.tools());
        }
        List<Connection> usable = new ArrayList<>();
        for (Connection c : all) {
            Optional<Integration> integration = integrationById.computeIfAbsent(c.integrationId(),
                id -> integrations.find(caller.workspaceId(), id).filter(i -> !i.archived()));
            if (integration.isEmpty()) {
                continue;
            }
            usable.add(c);
            if (!access.catalogActions() && !access.savedActions()) {
                continue;
            }
            String prefix = perIntegration.get(c.integrationId()) == 1 || c.isDefault() ? c.integrationKey() : c.key();
            for (ActionView v : surface(caller, c)) {
                boolean isCatalog = "catalog".equals(v.layer());
                if (isCatalog ? access.catalogActions() : access.savedActions()) {
                    tools.add(actionTool(c, integration.get(), prefix, v));
                }
            }
        }
        if (access.apiRequestTool() && !usable.isEmpty()) {
            tools.add(apiRequestTool(usable));
        }
        tools.sort(Comparator.comparing(AgentTool::name).thenComparing(AgentTool::identity));
        List<AgentTool> named = new ArrayList<>(ToolNames.unique(tools));
        named.sort(Comparator.comparing(AgentTool::name));
        return new Tools(List.copyOf(named), List.copyOf(usable));
    }

    private List<ActionView> surface(Caller caller, Connection c) {
        List<ActionView> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<ActionView> page = actions.list(caller, new ActionService.ListQuery(null, null, c.id(), null, null, null, null, false,
                PageRequest.of("1000", cursor)));
            out.addAll(page.items());
            cursor = page.cursor();
        } while (cursor != null);
        return out;
    }

    AgentTool actionTool(Connection c, Integration integration, String prefix, ActionView v) {
        boolean isCatalog = "catalog".equals(v.layer());
        String actionPart;
        if (isCatalog) {
            String id = v.id();
            String connector = v.connectorKey();
            actionPart = connector != null && id.startsWith(connector + "-") ? id.substring(connector.length() + 1) : id;
        } else {
            actionPart = v.key() != null ? v.key() : v.id();
        }
        String identity = c.id() + "/" + (isCatalog || v.key() == null ? "id:" + v.id() : "key:" + v.key());
        String integrationName = integration.name() != null ? integration.name() : integration.key();
        String actionName = v.name() != null ? v.name() : actionPart;

        StringBuilder d = new StringBuilder(actionName).append(" in ").append(integrationName).append(", as ").append(account(c))
            .append(" (connection '").append(c.key()).append("').");
        if (v.description() != null && !v.description().isBlank()) {
            d.append(' ').append(v.description().trim());
        }
        String description = d.length() > MAX_DESCRIPTION_CHARS ? d.substring(0, MAX_DESCRIPTION_CHARS - 1) + "…" : d.toString();

        JsonNode in = v.inputSchema();
        ObjectNode inputSchema;
        boolean wraps = false;
        if (in == null || in.isNull() || (in.isObject() && in.isEmpty())) {
            inputSchema = JsonNodeFactory.instance.objectNode().put("type", "object");
        } else if (in.isObject() && ("object".equals(in.path("type").asText(null)) || (!in.has("type") && in.has("properties")))) {
            inputSchema = ((ObjectNode) in).deepCopy();
            if (!inputSchema.has("type")) {
                inputSchema.put("type", "object");
            }
        } else {
            inputSchema = JsonNodeFactory.instance.objectNode().put("type", "object");
            inputSchema.putObject("properties").set("input", in);
            inputSchema.putArray("required").add("input");
            inputSchema.put("additionalProperties", false);
            wraps = true;
        }
        JsonNode out = v.outputSchema();
        ObjectNode outputSchema = out != null && out.isObject() && "object".equals(out.path("type").asText(null))
            ? ((ObjectNode) out).deepCopy() : null;

        AgentTool.Target target = new AgentTool.Target(c.id(), c.key(), c.name(), c.state(), c.integrationKey(), integrationName,
            v.id(), isCatalog ? null : v.key(), v.layer());
        return new AgentTool(ToolNames.of(prefix, actionPart, identity), identity, integrationName + ": " + actionName, description,
            inputSchema, outputSchema, annotations(v), AgentTool.Kind.ACTION, target, wraps);
    }

    /**
     * Hints from the action's metadata: {@code readOnly} where the action declares it (connector catalog field),
     * else GET/HEAD requests, and POST searches marked idempotent, are read-only; DELETE is destructive (and so is
     * JavaScript, which may do anything); idempotent when declared or by method; every action acts on an external app.
     */
    AgentTool.Annotations annotations(ActionView v) {
        JsonNode raw = "catalog".equals(v.layer()) ? catalog.findAction(v.id()).map(ConnectorCatalog.CatalogActionRef::action).orElse(null) : null;
        return annotations(v, raw);
    }

    /** @param raw the catalog action as the connector file declares it (its {@code readOnly} wins), or null */
    static AgentTool.Annotations annotations(ActionView v, JsonNode raw) {
        boolean javascript = ActionDefinition.RUN_JAVASCRIPT.equals(v.type());
        String method = v.config() == null ? "" : v.config().path("request").path("method").asText("").toUpperCase(Locale.ROOT);
        boolean idempotentDeclared = Boolean.TRUE.equals(v.idempotent());
        boolean readOnly;
        if (v.readOnly() != null) {
            readOnly = v.readOnly();
        } else if (raw != null && raw.has("readOnly") && raw.get("readOnly").isBoolean()) {
            readOnly = raw.get("readOnly").asBoolean();
        } else {
            String words = (v.id() + " " + (v.key() == null ? "" : v.key()) + " " + (v.name() == null ? "" : v.name()))
                .toLowerCase(Locale.ROOT);
            readOnly = !javascript && (READ_METHODS.contains(method)
                || ("POST".equals(method) && idempotentDeclared && SEARCH_WORDS.matcher(words).find()));
        }
        boolean destructive = !readOnly && (javascript || "DELETE".equals(method));
        boolean idempotent = readOnly || idempotentDeclared || (!javascript && IDEMPOTENT_METHODS.contains(method));
        return new AgentTool.Annotations(readOnly, destructive, idempotent, true);
    }

    static String account(Connection c) {
        ExternalIdentity id = c.identity();
        if (id != null) {
            for (String s : new String[] {id.login(), id.email(), id.name()}) {
                if (s != null && !s.isBlank()) {
                    return "account '" + s + "'";
                }
            }
        }
        return "the account of connection " + (c.name() != null && !c.name().isBlank() ? "'" + c.name() + "'" : "'" + c.key() + "'");
    }

    AgentTool apiRequestTool(List<Connection> usable) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode p = schema.putObject("properties");
        ArrayNode keys = p.putObject("connection").put("type", "string")
            .put("description", "Key of the connection (the account) to send the request through").putArray("enum");
        usable.forEach(c -> keys.add(c.key()));
        ArrayNode methods = p.putObject("method").put("type", "string").putArray("enum");
        List.of("GET", "POST", "PUT", "PATCH", "DELETE").forEach(methods::add);
        p.putObject("path").put("type", "string").put("description", "Path relative to the app's API base URL, e.g. /users/me");
        p.putObject("query").put("type", "object").put("description", "Query parameters").putObject("additionalProperties")
            .putArray("type").add("string").add("number").add("boolean");
        p.putObject("headers").put("type", "object").put("description", "Extra request headers (auth is added by actgate)")
            .putObject("additionalProperties").put("type", "string");
        p.putObject("body").put("description", "JSON request body");
        schema.putArray("required").add("connection").add("method").add("path");
        schema.put("additionalProperties", false);
        StringBuilder d = new StringBuilder("Send an HTTP request to an external app's API through one of the user's connections "
            + "(actgate adds the account's credentials and keeps the request inside the app's base URL). Connections: ");
        for (int i = 0; i < usable.size(); i++) {
            Connection c = usable.get(i);
            d.append(i == 0 ? "" : "; ").append(c.key()).append(" (").append(c.integrationKey()).append(", ").append(c.state()).append(")");
        }
        String description = d.length() > MAX_DESCRIPTION_CHARS ? d.substring(0, MAX_DESCRIPTION_CHARS - 1) + "…" : d.toString();
        return new AgentTool(API_REQUEST_TOOL, "api_request", "Generic API request", description, schema, null,
            new AgentTool.Annotations(false, true, false, true), AgentTool.Kind.API_REQUEST, null, false);
    }
}
