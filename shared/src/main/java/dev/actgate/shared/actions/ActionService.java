package dev.actgate.shared.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.json.Bodies;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.Cursors;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Saved-action use cases: create, read, change (each content change is a new revision), archive, restore, and
 * discovery (filters, catalog actions, ranking by intent). Writes need a manager token; tenants list and read.
 * See docs/actions.md for the decisions.
 */
@Singleton
public class ActionService {
    static final Set<String> CONTENT_FIELDS = Set.of("key", "name", "description", "type", "config", "inputSchema",
        "outputSchema", "idempotent");
    static final Set<String> SCOPE_FIELDS = Set.of("integrationKey", "integrationId", "connectionKey", "connectionId",
        "externalAppId", "connectorKey", "tenantKey");
    static final Set<String> WRITABLE = union(CONTENT_FIELDS, SCOPE_FIELDS, Set.of("intent"));
    static final Set<String> TYPES = Set.of(ActionDefinition.API_REQUEST, ActionDefinition.RUN_JAVASCRIPT);
    static final Set<String> LAYERS = Set.of(SavedAction.UNIVERSAL, SavedAction.INTEGRATION, SavedAction.CONNECTION);
    static final int MAX_CODE_CHARS = 200_000;
    static final int MAX_DESCRIPTION_CHARS = 4_000;
    /** A DynamoDB item holds 400 KB; the record and each revision carry the content once. */
    static final int MAX_CONTENT_BYTES = 300_000;

    private final ActionRepository actions;
    private final SavedActionLookup saved;
    private final IntegrationService integrations;
    private final ConnectionService connections;
    private final ActionLookup lookup;
    private final BeanProvider<ActionContentChecks> checks;
    private final ObjectMapper json;

    public ActionService(ActionRepository actions, SavedActionLookup saved, IntegrationService integrations,
                         ConnectionService connections, ActionLookup lookup, BeanProvider<ActionContentChecks> checks,
                         ObjectMapper json) {
        this.actions = actions;
        this.saved = saved;
        this.integrations = integrations;
        this.connections = connections;
        this.lookup = lookup;
        this.checks = checks;
        this.json = json;
    }

    /** Narrows a selector by key to one level (management routes address one action exactly; no override). */
    public record Qualifiers(String integrationId, String integrationKey, String connectionId, String connectionKey,
                             String layer) {
        public static Qualifiers none() {
            return new Qualifiers(null, null, null, null, null);
        }
    }

    /** {@code GET /actions} filters. */
    public record ListQuery(String integrationId, String integrationKey, String connectionId, String connectionKey,
                            String connectorKey, String search, String intent, boolean includeArchived, PageRequest page) {
    }

    /** One revision as {@code GET /actions/{sel}/revisions} lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevisionView(int revision, boolean current, Instant createdAt, String key, String name, String description,
                               String type, ObjectNode config, JsonNode inputSchema, JsonNode outputSchema, Boolean idempotent) {
        static RevisionView of(ActionRevision r, int current) {
            ActionContent c = r.content();
            return new RevisionView(r.revision(), r.revision() == current, r.createdAt(), c.key(), c.name(), c.description(),
                c.type(), c.config(), c.inputSchema(), c.outputSchema(), c.idempotent() ? Boolean.TRUE : null);
        }
    }

    private record Scope(String layer, String tenantKey, String integrationId, String integrationKey, String connectorKey,
                         String connectionId, String connectionKey) {
        boolean sameAs(SavedAction a) {
            return layer.equals(a.layer()) && Objects.equals(tenantKey, a.tenantKey())
                && Objects.equals(integrationId, a.integrationId()) && Objects.equals(connectionId, a.connectionId());
        }
    }

    /**
     * The caller a request acts as. Connection-level actions live in their tenant's partition: a manager token without
     * a tenant may name one with {@code tenantKey}; a tenant token may only name itself.
     */
    public static Caller actingAs(Caller caller, String tenantKey) {
        if (tenantKey == null || tenantKey.isBlank() || tenantKey.equals(caller.tenantKey())) {
            return caller;
        }
        if (!caller.manager()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "tenantKey names another tenant: only a manager token may act for a tenant");
        }
        if (caller.tenantKey() != null) {
            throw ApiException.validation("tenantKey '" + tenantKey + "' differs from the tenant of the token ('" + caller.tenantKey() + "')");
        }
        if (tenantKey.length() > 256) {
            throw ApiException.validation("tenantKey is too long");
        }
        return new Caller(caller.workspaceId(), caller.workspaceKey(), tenantKey, true);
    }

    // ------------------------------------------------------------------ reads

    /** By id (any level the caller can see) or by key narrowed by {@code q}; archived included. */
    public SavedAction get(Caller caller, String selector, Qualifiers q) {
        if (selector == null || selector.isBlank() || selector.length() > 256) {
            throw notFound(selector);
        }
        if (Ids.looksLikeId(selector, "act")) {
            Optional<SavedAction> byId = saved.findById(caller, selector);
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        List<SavedAction> candidates = narrow(caller, saved.withKey(caller, selector), q);
        if (candidates.isEmpty()) {
            throw notFound(selector);
        }
        if (candidates.size() > 1) {
            throw SavedActionLookup.ambiguous(selector, candidates, false);
        }
        return candidates.get(0);
    }

    /** A saved action (at a revision when {@code version} is given), or a connector's catalog action by its id. */
    public ActionView view(Caller caller, String selector, Qualifiers q, Integer version) {
        SavedAction a;
        try {
            a = get(caller, selector, q);
        } catch (ApiException e) {
            Optional<ActionDefinition> catalog = e.code() == ErrorCode.ACTION_NOT_FOUND ? lookup.catalogAction(selector) : Optional.empty();
            if (catalog.isEmpty()) {
                throw e;
            }
            if (version != null && version != 1) {
                throw ApiException.validation("Catalog action '" + selector + "' has only version 1");
            }
            return ActionView.catalog(catalog.get());
        }
        if (version == null || version == a.revision()) {
            return ActionView.of(a);
        }
        ActionRevision r = saved.revision(a, version);
        return ActionView.at(a, r.content(), r.revision());
    }

    /** {@code GET /action?key=…}: the object selector of the SDK; a key is required. */
    public ActionView viewByKey(Caller caller, String key, Qualifiers q, Integer version) {
        if (key == null || key.isBlank()) {
            throw ApiException.validation("key is required (GET /action?key=…&integrationKey=…); use GET /actions/{id} for ids");
        }
        SavedAction a = narrowOne(caller, key, q);
        return view(caller, a.id(), Qualifiers.none(), version);
    }

    public List<RevisionView> revisions(Caller caller, String selector, Qualifiers q) {
        SavedAction a = get(caller, selector, q);
        List<RevisionView> out = new ArrayList<>();
        actions.revisions(a.partition(), a.id()).forEach(r -> out.add(RevisionView.of(r, a.revision())));
        out.sort(Comparator.comparingInt(RevisionView::revision).reversed());
        return out;
    }

    private SavedAction narrowOne(Caller caller, String key, Qualifiers q) {
        List<SavedAction> candidates = narrow(caller, saved.withKey(caller, key), q);
        if (candidates.isEmpty()) {
            throw notFound(key);
        }
        if (candidates.size() > 1) {
            throw SavedActionLookup.ambiguous(key, candidates, false);
        }
        return candidates.get(0);
    }

    /** Keeps the candidates at exactly the level the qualifiers name (all of them when none is given). */
    private List<SavedAction> narrow(Caller caller, List<SavedAction> candidates, Qualifiers q) {
        if (q.connectionId() != null || q.connectionKey() != null) {
            Connection c = connection(caller, q.connectionId(), q.connectionKey());
            return candidates.stream().filter(a -> SavedAction.CONNECTION.equals(a.layer()) && c.id().equals(a.connectionId())).toList();
        }
        if (q.integrationId() != null || q.integrationKey() != null) {
            Integration i = integrations.get(caller, q.integrationId() != null ? q.integrationId() : q.integrationKey());
            return candidates.stream().filter(a -> SavedAction.INTEGRATION.equals(a.layer()) && i.id().equals(a.integrationId())).toList();
        }
        if (q.layer() != null) {
            if (!LAYERS.contains(q.layer())) {
                throw ApiException.validation("layer must be one of universal, integration, connection");
            }
            return candidates.stream().filter(a -> q.layer().equals(a.layer())).toList();
        }
        return candidates;
    }

    private Connection connection(Caller caller, String id, String key) {
        if (caller.tenantKey() == null) {
            throw ApiException.validation("Connections belong to tenants: use a token with a tenantKey, or pass tenantKey "
                + "(manager tokens) to name the tenant whose connection this is");
        }
        Connection c = connections.get(caller, id != null ? id : key);
        if (id != null && key != null && !key.equals(c.key())) {
            throw ApiException.validation("connectionId and connectionKey name different connections");
        }
        return c;
    }

    private static ApiException notFound(String selector) {
        return ApiException.notFound(ErrorCode.ACTION_NOT_FOUND, "Action", selector);
    }

    // ------------------------------------------------------------------ discovery

    /**
     * Saved actions the caller can see, narrowed by the filters, followed by the catalog actions of the connector in
     * play (named by externalAppId/connectorKey, or the integration's / connection's connector). With a connection or
     * an integration the list is that surface: one action per key, the one {@code /act} would run. With
     * {@code intent} the list is ranked (BM25, {@link IntentRanker}), best first, and items that match no word are left out.
     */
    public Page<ActionView> list(Caller caller, ListQuery q) {
        String connector = q.connectorKey();
        Connection connection = null;
        Integration integration = null;
        if (q.connectionId() != null || q.connectionKey() != null) {
            connection = connection(caller, q.connectionId(), q.connectionKey());
            integration = integrations.find(caller.workspaceId(), connection.integrationId()).orElse(null);
        } else if (q.integrationId() != null || q.integrationKey() != null) {
            integration = integrations.get(caller, q.integrationId() != null ? q.integrationId() : q.integrationKey());
        }
        if (connector == null && integration != null) {
            connector = integration.connectorKey();
        }

        List<SavedAction> all = new ArrayList<>();
        for (String partition : SavedActionLookup.partitions(caller)) {
            all.addAll(actions.list(partition));
        }
        all.sort(Comparator.comparing(SavedAction::id));
        List<SavedAction> chosen;
        if (connection != null || integration != null) {
            String connectionId = connection == null ? null : connection.id();
            String integrationId = integration != null ? integration.id() : connection.integrationId();
            chosen = surface(all.stream().filter(a -> switch (a.layer()) {
                case SavedAction.CONNECTION -> a.connectionId().equals(connectionId);
                case SavedAction.INTEGRATION -> a.integrationId().equals(integrationId);
                default -> true;
            }).toList(), q.includeArchived());
        } else if (q.connectorKey() != null) {
            chosen = all.stream().filter(a -> q.connectorKey().equals(a.connectorKey()))
                .filter(a -> q.includeArchived() || !a.archived()).toList();
        } else {
            chosen = all.stream().filter(a -> q.includeArchived() || !a.archived()).toList();
        }

        List<ActionView> items = new ArrayList<>();
        chosen.forEach(a -> items.add(ActionView.of(a)));
        if (connector != null) {
            lookup.catalogActions(connector, null).forEach(d -> items.add(ActionView.catalog(d)));
        }
        List<ActionView> filtered = items;
        if (q.search() != null && !q.search().isBlank()) {
            String needle = q.search().toLowerCase(Locale.ROOT);
            filtered = items.stream().filter(v -> (v.id() + " " + Objects.toString(v.key(), "") + " " + Objects.toString(v.name(), "")
                + " " + Objects.toString(v.description(), "")).toLowerCase(Locale.ROOT).contains(needle)).toList();
        }
        if (q.intent() != null && !q.intent().isBlank()) {
            filtered = rank(q.intent(), filtered);
        }
        return page(filtered, q.page());
    }

    /** One action per key (connection over integration over universal); archived ones only listed, never chosen. */
    private static List<SavedAction> surface(List<SavedAction> candidates, boolean includeArchived) {
        Map<String, SavedAction> best = new HashMap<>();
        for (SavedAction a : candidates) {
            if (!a.archived() && a.key() != null) {
                best.merge(a.key(), a, (x, y) -> y.precedence() > x.precedence() ? y : x);
            }
        }
        return candidates.stream()
            .filter(a -> a.archived() ? includeArchived : a.key() == null || best.get(a.key()) == a)
            .toList();
    }

    static List<ActionView> rank(String intent, List<ActionView> items) {
        List<IntentRanker.Doc> docs = items.stream()
            .map(v -> new IntentRanker.Doc(v.key() != null ? v.key() : v.id(), v.name(), v.description(), v.inputSchema())).toList();
        double[] scores = IntentRanker.score(intent, docs);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (scores[i] > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return order.stream().map(i -> items.get(i).withScore(scores[i])).toList();
    }

    private static Page<ActionView> page(List<ActionView> items, PageRequest page) {
        int from = Math.min(Cursors.decodeOffset(page.cursor()), items.size());
        int end = Math.min(items.size(), from + page.limit());
        return new Page<>(List.copyOf(items.subList(from, end)), end < items.size() ? Cursors.encodeOffset(end) : null);
    }

    // ------------------------------------------------------------------ writes (manager)

    /** {@code POST /actions}, or {@code POST /integrations/{sel}/actions} with {@code integrationSelector}. */
    public ActionView create(Caller caller, JsonNode rawBody, String integrationSelector) {
        caller.requireManager();
        ObjectNode body = writableBody(rawBody);
        Caller as = actingAs(caller, Bodies.string(body, "tenantKey"));
        Scope scope = scope(as, body, integrationSelector);
        if (body.hasNonNull("tenantKey") && !SavedAction.CONNECTION.equals(scope.layer())) {
            throw ApiException.validation("tenantKey only applies to connection-level actions (with connectionId or connectionKey)");
        }
        ActionContent content = content(body);
        Instant now = Instant.now();
        SavedAction a = new SavedAction(Ids.newId("act"), as.workspaceId(), scope.layer(), scope.tenantKey(), scope.integrationId(),
            scope.integrationKey(), scope.connectorKey(), scope.connectionId(), scope.connectionKey(), content, 1, now, now, null, 1);
        actions.create(a);
        return ActionView.of(a);
    }

    /** {@code PATCH}: the given top-level fields replace the stored ones ({@code null} removes an optional field). */
    public ActionView patch(Caller caller, String selector, Qualifiers q, JsonNode rawBody) {
        caller.requireManager();
        ObjectNode body = writableBody(rawBody);
        Caller as = actingAs(caller, Bodies.string(body, "tenantKey"));
        SavedAction current = get(as, selector, q);
        requireSameScope(as, body, current);
        ObjectNode merged = writable(current.content());
        body.fields().forEachRemaining(e -> {
            if (CONTENT_FIELDS.contains(e.getKey())) {
                if (e.getValue().isNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            }
        });
        return save(current, merged);
    }

    /** {@code PUT}: the body is the whole content (fields left out are cleared; the key is kept when left out). */
    public ActionView put(Caller caller, String selector, Qualifiers q, JsonNode rawBody) {
        caller.requireManager();
        ObjectNode body = writableBody(rawBody);
        Caller as = actingAs(caller, Bodies.string(body, "tenantKey"));
        SavedAction current = get(as, selector, q);
        requireSameScope(as, body, current);
        ObjectNode replaced = json.createObjectNode();
        body.fields().forEachRemaining(e -> {
            if (CONTENT_FIELDS.contains(e.getKey()) && !e.getValue().isNull()) {
                replaced.set(e.getKey(), e.getValue());
            }
        });
        if (!body.has("key") && current.key() != null) {
            replaced.put("key", current.key());
        }
        return save(current, replaced);
    }

    public ActionView archive(Caller caller, String selector, Qualifiers q) {
        caller.requireManager();
        SavedAction current = get(caller, selector, q);
        if (current.archived()) {
            return ActionView.of(current);
        }
        SavedAction next = current.withArchivedAt(Instant.now(), Instant.now());
        actions.update(current, next);
        return ActionView.of(next);
    }

    /** Brings an archived action back at its last revision. */
    public ActionView restore(Caller caller, String selector, Qualifiers q) {
        caller.requireManager();
        SavedAction current = get(caller, selector, q);
        if (!current.archived()) {
            return ActionView.of(current);
        }
        SavedAction next = current.withArchivedAt(null, Instant.now());
        actions.update(current, next);
        return ActionView.of(next);
    }

    private ActionView save(SavedAction current, ObjectNode merged) {
        ActionContent next = content(merged);
        if (next.sameAs(current.content())) {
            return ActionView.of(current);
        }
        SavedAction updated = current.withContent(next, current.revision() + 1, Instant.now());
        actions.update(current, updated);
        return ActionView.of(updated);
    }

    private ObjectNode writableBody(JsonNode rawBody) {
        ObjectNode body = Bodies.object(rawBody);
        Bodies.allowOnly(body, WRITABLE);
        if (body.has("intent")) {
            throw ApiException.validation("Creating actions by intent is not supported: send type and config "
                + "(api-request-to-external-app with config.request, or run-javascript with config.code)");
        }
        return body;
    }

    private ObjectNode writable(ActionContent c) {
        ObjectNode o = json.createObjectNode();
        if (c.key() != null) {
            o.put("key", c.key());
        }
        if (c.name() != null) {
            o.put("name", c.name());
        }
        if (c.description() != null) {
            o.put("description", c.description());
        }
        o.put("type", c.type());
        if (c.config() != null) {
            o.set("config", c.config());
        }
        if (c.inputSchema() != null) {
            o.set("inputSchema", c.inputSchema());
        }
        if (c.outputSchema() != null) {
            o.set("outputSchema", c.outputSchema());
        }
        if (c.idempotent()) {
            o.put("idempotent", true);
        }
        return o;
    }

    // ------------------------------------------------------------------ scope

    private Scope scope(Caller caller, ObjectNode body, String integrationSelector) {
        String integrationId = Bodies.string(body, "integrationId");
        String integrationKey = Bodies.string(body, "integrationKey");
        String app = Bodies.string(body, "externalAppId");
        String connectorKey = Bodies.string(body, "connectorKey");
        if (app != null && connectorKey != null && !app.equals(connectorKey)) {
            throw ApiException.validation("externalAppId and connectorKey name different connectors");
        }
        app = app != null ? app : connectorKey;
        String connectionId = Bodies.string(body, "connectionId");
        String connectionKey = Bodies.string(body, "connectionKey");

        Integration integration = integrationSelector == null ? null : integrations.requireActive(caller, integrationSelector);
        for (String named : new String[] {integrationId, integrationKey}) {
            if (named != null) {
                Integration i = integrations.requireActive(caller, named);
                if (integration != null && !integration.id().equals(i.id())) {
                    throw ApiException.validation("The body names integration '" + named + "', another integration than "
                        + (integrationSelector != null ? "the path" : "integrationId"));
                }
                integration = i;
            }
        }
        if (app != null) {
            if (integration != null) {
                if (!app.equals(integration.connectorKey())) {
                    throw ApiException.validation("Integration '" + integration.key() + "' is not an integration of external app '" + app + "'");
                }
            } else {
                String appKey = app;
                integration = integrations.find(caller.workspaceId(), app).filter(i -> appKey.equals(i.connectorKey()))
                    .orElseThrow(() -> ApiException.validation("No integration in this workspace uses external app '" + appKey
                        + "': create one first (POST /integrations {\"connectorKey\": \"" + appKey + "\"}) or name an integration"));
                if (integration.archived()) {
                    throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "Integration '" + integration.key() + "' is archived");
                }
            }
        }
        if (connectionId != null || connectionKey != null) {
            Connection c = connection(caller, connectionId, connectionKey);
            if (c.archived()) {
                throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "Connection '" + c.key() + "' is archived");
            }
            if (integration != null && !integration.id().equals(c.integrationId())) {
                throw ApiException.validation("Connection '" + c.key() + "' is not a connection of integration '" + integration.key() + "'");
            }
            return new Scope(SavedAction.CONNECTION, caller.tenantKey(), c.integrationId(), c.integrationKey(), c.connectorKey(),
                c.id(), c.key());
        }
        if (integration != null) {
            return new Scope(SavedAction.INTEGRATION, null, integration.id(), integration.key(), integration.connectorKey(), null, null);
        }
        return new Scope(SavedAction.UNIVERSAL, null, null, null, null, null, null);
    }

    /** PATCH/PUT may repeat the scope fields (SDKs send records back whole) but cannot move an action. */
    private void requireSameScope(Caller caller, ObjectNode body, SavedAction current) {
        boolean named = false;
        for (String f : SCOPE_FIELDS) {
            if (!f.equals("tenantKey") && body.hasNonNull(f)) {
                named = true;
            }
        }
        if (!named) {
            return;
        }
        Scope scope;
        try {
            scope = scope(caller, body, null);
        } catch (ApiException e) {
            throw ApiException.validation("An action cannot move to another level or owner (" + e.getMessage()
                + "); create a new action instead");
        }
        if (!scope.sameAs(current)) {
            throw ApiException.validation("An action cannot move to another level or owner (it is " + current.describeScope()
                + "); create a new action instead");
        }
    }

    // ------------------------------------------------------------------ content validation

    /** Validates the content fields of a body; nothing is stored unless all of it holds. */
    ActionContent content(ObjectNode body) {
        String key = Bodies.key(Bodies.string(body, "key"), "key");
        String type = Bodies.string(body, "type");
        if (type == null || type.isBlank()) {
            throw ApiException.validation("type is required: " + String.join(" or ", new java.util.TreeSet<>(TYPES)));
        }
        if (!TYPES.contains(type)) {
            throw ApiException.validation("type '" + type + "' is not supported: use " + String.join(" or ", new java.util.TreeSet<>(TYPES)));
        }
        ObjectNode config = Bodies.objectField(body, "config");
        if (config == null) {
            throw ApiException.validation("config is required for a " + type + " action");
        }
        String name = Bodies.name(Bodies.string(body, "name"), "name");
        String description = Bodies.string(body, "description");
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw ApiException.validation("description is longer than " + MAX_DESCRIPTION_CHARS + " characters");
        }
        JsonNode inputSchema = schemaField(body, "inputSchema");
        JsonNode outputSchema = schemaField(body, "outputSchema");
        Boolean idempotent = Bodies.bool(body, "idempotent");

        String code = null;
        if (ActionDefinition.API_REQUEST.equals(type)) {
            config = RequestConfig.validate(config);
        } else {
            RequestConfig.allowOnly(config, Set.of("code"), "config", "code");
            code = Bodies.string(config, "code");
            if (code == null || code.isBlank()) {
                throw ApiException.validation("config.code (the JavaScript to run) is required for a run-javascript action");
            }
            if (code.length() > MAX_CODE_CHARS) {
                throw ApiException.validation("config.code is longer than " + MAX_CODE_CHARS + " characters");
            }
        }
        ActionContent content = new ActionContent(key, name != null ? name : key != null ? key : type, description, type,
            config.deepCopy(), inputSchema, outputSchema, Boolean.TRUE.equals(idempotent));
        if (json.valueToTree(content).toString().getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            throw ApiException.validation("The action is larger than " + MAX_CONTENT_BYTES / 1000 + " KB");
        }
        // Library checks last: they are the expensive ones.
        ActionContentChecks c = contentChecks();
        if (inputSchema != null) {
            c.checkSchema(inputSchema, "inputSchema");
        }
        if (outputSchema != null) {
            c.checkSchema(outputSchema, "outputSchema");
        }
        if (code != null) {
            c.checkJavaScript(code, "config.code");
        }
        return content;
    }

    private ActionContentChecks contentChecks() {
        if (!checks.isPresent()) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR,
                "This function cannot validate action content: saved actions are written through the actions function");
        }
        return checks.get();
    }

    private static JsonNode schemaField(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.validation(field + " must be a JSON Schema object");
        }
        return v.deepCopy();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }
}
