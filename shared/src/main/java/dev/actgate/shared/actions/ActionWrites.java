package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.actions.ActionService.Qualifiers;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.integrations.Integration;
import dev.actgate.shared.integrations.IntegrationService;
import dev.actgate.shared.storage.Ids;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;

/**
 * Saved-action writes (manager tokens only): create, PATCH and PUT (each content change is a new revision; a no-op
 * makes none), archive and restore. The scope and content rules are {@link ActionScopes} and
 * {@link ActionContentRules}; this class applies them and stores the result.
 */
@Singleton
public class ActionWrites {
    private final ActionRepository actions;
    private final ActionQueries queries;
    private final IntegrationService integrations;
    private final BeanProvider<ActionContentChecks> checks;
    private final ObjectMapper json;
    private final ActionScopes.Lookups lookups = new ScopeLookups();

    public ActionWrites(ActionRepository actions, ActionQueries queries, IntegrationService integrations,
                        BeanProvider<ActionContentChecks> checks, ObjectMapper json) {
        this.actions = actions;
        this.queries = queries;
        this.integrations = integrations;
        this.checks = checks;
        this.json = json;
    }

    /** {@code POST /actions}, or {@code POST /integrations/{sel}/actions} with {@code integrationSelector}. */
    public ActionView create(Caller caller, ActionRequest rawBody, String integrationSelector) {
        caller.requireManager();
        ActionRequest body = ActionContentRules.writableBody(rawBody);
        Caller as = ActionScopes.actingAs(caller, body.tenantKey());
        ActionScopes.Scope scope = ActionScopes.scope(as, body, integrationSelector, lookups);
        ActionScopes.requireTenantKeyFits(body, scope);
        ActionContent content = ActionContentRules.content(body, json, this::contentChecks);
        Instant now = Instant.now();
        SavedAction a = new SavedAction(Ids.newId("act"), as.workspaceId(), scope.layer(), scope.tenantKey(), scope.integrationId(),
            scope.integrationKey(), scope.connectorKey(), scope.connectionId(), scope.connectionKey(), content, 1, now, now, null, 1);
        actions.create(a);
        return ActionView.of(a);
    }

    /** {@code PATCH}: the given top-level fields replace the stored ones ({@code null} removes an optional field). */
    public ActionView patch(Caller caller, String selector, Qualifiers q, ActionRequest rawBody) {
        return change(caller, selector, q, rawBody, ActionContentRules::patched);
    }

    /** {@code PUT}: the body is the whole content (fields left out are cleared; the key is kept when left out). */
    public ActionView put(Caller caller, String selector, Qualifiers q, ActionRequest rawBody) {
        return change(caller, selector, q, rawBody, ActionContentRules::replaced);
    }

    /** How PATCH or PUT combine the stored content with the body into the body of the next revision. */
    private interface Merge {
        ActionRequest apply(ActionContent current, ActionRequest body);
    }

    private ActionView change(Caller caller, String selector, Qualifiers q, ActionRequest rawBody, Merge merge) {
        caller.requireManager();
        ActionRequest body = ActionContentRules.writableBody(rawBody);
        Caller as = ActionScopes.actingAs(caller, body.tenantKey());
        SavedAction current = queries.get(as, selector, q);
        ActionScopes.requireSameScope(as, body, current, lookups);
        return save(current, merge.apply(current.content(), body));
    }

    public ActionView archive(Caller caller, String selector, Qualifiers q) {
        caller.requireManager();
        SavedAction current = queries.get(caller, selector, q);
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
        SavedAction current = queries.get(caller, selector, q);
        if (!current.archived()) {
            return ActionView.of(current);
        }
        SavedAction next = current.withArchivedAt(null, Instant.now());
        actions.update(current, next);
        return ActionView.of(next);
    }

    private ActionView save(SavedAction current, ActionRequest merged) {
        ActionContent next = ActionContentRules.content(merged, json, this::contentChecks);
        if (next.sameAs(current.content())) {
            return ActionView.of(current);
        }
        SavedAction updated = current.withContent(next, current.revision() + 1, Instant.now());
        actions.update(current, updated);
        return ActionView.of(updated);
    }

    private ActionContentChecks contentChecks() {
        if (!checks.isPresent()) {
            throw new ApiException(ErrorCode.CONFIGURATION_ERROR,
                "This function cannot validate action content: saved actions are written through the actions function");
        }
        return checks.get();
    }

    /** The look-ups the scope rules ask for, answered by the integration service and the connection read. */
    private final class ScopeLookups implements ActionScopes.Lookups {
        @Override
        public Integration activeIntegration(Caller caller, String selector) {
            return integrations.requireActive(caller, selector);
        }

        @Override
        public Optional<Integration> integration(String workspaceId, String selector) {
            return integrations.find(workspaceId, selector);
        }

        @Override
        public Connection connection(Caller caller, String id, String key) {
            return queries.connection(caller, id, key);
        }
    }
}
