package dev.actgate.act.dialects;

import dev.actgate.shared.actions.ActionDefinition;
import dev.actgate.shared.actions.ActionLookup;
import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The actions a dialect can name and list: catalog actions (named by id, e.g. {@code github-list-repos}) and saved
 * actions (named by key, e.g. {@code create-lead}), as {@code GET /actions} would show them. Each dialect spells the
 * name its own way ({@link DialectNames}); this class only finds and lists.
 */
@Singleton
public class DialectActions {
    private final ActionService actions;
    private final ActionLookup lookup;
    private final ConnectorCatalog catalog;
    private final IntegrationService integrations;

    public DialectActions(ActionService actions, ActionLookup lookup, ConnectorCatalog catalog, IntegrationService integrations) {
        this.actions = actions;
        this.lookup = lookup;
        this.catalog = catalog;
        this.integrations = integrations;
    }

    /** True when {@code name} is a catalog action's id (so /act names it by {@code id}, not {@code key}). */
    public boolean isCatalog(String name) {
        return name != null && lookup.catalogAction(name).isPresent();
    }

    /** /act names catalog actions and saved-action ids by {@code id}, saved actions by {@code key}. */
    public boolean byId(String name) {
        return isCatalog(name) || Ids.looksLikeId(name, "act");
    }

    /**
     * The actions of one app (an integration key or a connector key), or every saved action and the whole catalog
     * when {@code app} is null; {@code search} filters by words in id, key, name and description.
     */
    public List<ActionView> list(Caller caller, String app, String search) {
        if (app != null && !app.isBlank()) {
            Optional<Integration> integration = integrations.find(caller.workspaceId(), app);
            ActionService.ListQuery q = integration.isPresent()
                ? new ActionService.ListQuery(integration.get().id(), null, null, null, null, search, null, false, PageRequest.of("1000", null))
                : new ActionService.ListQuery(null, null, null, null, app, search, null, false, PageRequest.of("1000", null));
            if (integration.isEmpty() && catalog.find(app).isEmpty()) {
                return List.of();
            }
            return actions.list(caller, q).items();
        }
        List<ActionView> out = new ArrayList<>(actions.list(caller, new ActionService.ListQuery(null, null, null, null, null, search,
            null, false, PageRequest.of("1000", null))).items());
        lookup.catalogActions(null, search).forEach(d -> out.add(ActionView.catalog(d)));
        return out;
    }

    /** One action by its dialect name (catalog id, saved key or saved id), at a revision or the current one. */
    public Optional<ActionView> find(Caller caller, String name, Integer revision) {
        if (name == null || name.isBlank() || name.length() > 256) {
            return Optional.empty();
        }
        Optional<ActionDefinition> c = lookup.catalogAction(name);
        if (c.isPresent()) {
            return Optional.of(ActionView.catalog(c.get()));
        }
        try {
            if (Ids.looksLikeId(name, "act")) {
                return Optional.of(actions.view(caller, name, ActionService.Qualifiers.none(), revision));
            }
            return Optional.of(actions.viewByKey(caller, name, ActionService.Qualifiers.none(), revision));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.ACTION_NOT_FOUND || e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The name a dialect shows for an action: its key when saved, its id in the catalog. */
    public static String name(ActionView v) {
        return v.key() != null ? v.key() : v.id();
    }

    /** The app an action belongs to: its integration's key, else its connector's (null for universal actions). */
    public static String app(ActionView v) {
        return v.integrationKey() != null ? v.integrationKey() : v.connectorKey();
    }

    public Optional<Integration> integration(Caller caller, String selector) {
        return selector == null ? Optional.empty() : integrations.find(caller.workspaceId(), selector);
    }

    public boolean connectorExists(String key) {
        return key != null && catalog.find(key).isPresent();
    }
}
