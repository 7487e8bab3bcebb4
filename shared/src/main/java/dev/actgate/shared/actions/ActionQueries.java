package dev.actgate.shared.actions;

import dev.actgate.shared.actions.ActionService.ListQuery;
import dev.actgate.shared.actions.ActionService.Qualifiers;
import dev.actgate.shared.actions.ActionService.RevisionView;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.connections.ConnectionService;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Cursors;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Saved-action reads and discovery: one action by id or key (narrowed to a level), a revision, the revision list, and
 * the filtered, ranked list of saved and catalog actions a caller can see. Reads never write; tenants may call them.
 */
@Singleton
public record ActionQueries(ActionRepository actions, SavedActionLookup saved, IntegrationService integrations,
                            ConnectionService connections, ActionLookup lookup) {
    static final Set<String> LAYERS = Set.of(SavedAction.UNIVERSAL, SavedAction.INTEGRATION, SavedAction.CONNECTION);

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
        return narrowOne(caller, selector, q);
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

    /** A connection named by id and/or key in the caller's tenant (the tenant is required). */
    Connection connection(Caller caller, String id, String key) {
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
}
