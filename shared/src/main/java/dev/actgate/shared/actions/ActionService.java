package dev.actgate.shared.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.json.TypedBodyReader;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * The saved-action use cases behind the actions routes, as one service per route: reads and discovery are
 * {@link ActionQueries}, writes and revisions {@link ActionWrites}; the rules they apply are {@link ActionScopes}
 * (level, owner, acting tenant) and {@link ActionContentRules} (what valid content is). Writes need a manager token;
 * tenants list and read. See docs/actions.md for the decisions.
 */
@Singleton
public record ActionService(ActionQueries queries, ActionWrites writes, TypedBodyReader bodies) {

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

    /** See {@link ActionScopes#actingAs}. */
    public static Caller actingAs(Caller caller, String tenantKey) {
        return ActionScopes.actingAs(caller, tenantKey);
    }

    // ------------------------------------------------------------------ reads and discovery (ActionQueries)

    public SavedAction get(Caller caller, String selector, Qualifiers q) {
        return queries.get(caller, selector, q);
    }

    public ActionView view(Caller caller, String selector, Qualifiers q, Integer version) {
        return queries.view(caller, selector, q, version);
    }

    public ActionView viewByKey(Caller caller, String key, Qualifiers q, Integer version) {
        return queries.viewByKey(caller, key, q, version);
    }

    public List<RevisionView> revisions(Caller caller, String selector, Qualifiers q) {
        return queries.revisions(caller, selector, q);
    }

    public Page<ActionView> list(Caller caller, ListQuery q) {
        return queries.list(caller, q);
    }

    // ------------------------------------------------------------------ writes (ActionWrites; manager)

    public ActionView create(Caller caller, ActionRequest body, String integrationSelector) {
        return writes.create(caller, body, integrationSelector);
    }

    /** For code that builds the body itself (fixtures, tools): bound and checked exactly as the route's body. */
    public ActionView create(Caller caller, JsonNode body, String integrationSelector) {
        return create(caller, bodies.read(body, ActionRequest.class), integrationSelector);
    }

    public ActionView patch(Caller caller, String selector, Qualifiers q, ActionRequest body) {
        return writes.patch(caller, selector, q, body);
    }

    /** For code that builds the body itself: bound and checked exactly as the route's body. */
    public ActionView patch(Caller caller, String selector, Qualifiers q, JsonNode body) {
        return patch(caller, selector, q, bodies.read(body, ActionRequest.class));
    }

    public ActionView put(Caller caller, String selector, Qualifiers q, ActionRequest body) {
        return writes.put(caller, selector, q, body);
    }

    public ActionView archive(Caller caller, String selector, Qualifiers q) {
        return writes.archive(caller, selector, q);
    }

    public ActionView restore(Caller caller, String selector, Qualifiers q) {
        return writes.restore(caller, selector, q);
    }
}
