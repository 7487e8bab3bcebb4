package dev.actgate.shared.actions;

import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Ids;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@code /act} finds saved actions ({@link ActionLookup.SavedActions}): by id, or by key with the override
 * order connection → integration → universal, optionally pinned to a revision. Reads only the actions table
 * (the workspace partition and the caller's tenant partition), so it is cheap in the act function.
 */
@Singleton
public class SavedActionLookup implements ActionLookup.SavedActions {
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+\\-]{0,127}");

    private final ActionRepository actions;

    public SavedActionLookup(ActionRepository actions) {
        this.actions = actions;
    }

    @Override
    public Optional<ActionDefinition> byId(Caller caller, String id, Integer version) {
        return findById(caller, id).filter(a -> !a.archived()).map(a -> pinned(a, version));
    }

    @Override
    public Optional<ActionDefinition> byKey(Caller caller, String key, String integrationId, String connectionId, Integer version) {
        List<SavedAction> active = withKey(caller, key).stream().filter(a -> !a.archived()).toList();
        Optional<SavedAction> chosen;
        if (connectionId != null || integrationId != null) {
            chosen = active.stream()
                .filter(a -> switch (a.layer()) {
                    case SavedAction.CONNECTION -> connectionId != null && connectionId.equals(a.connectionId());
                    case SavedAction.INTEGRATION -> integrationId != null && integrationId.equals(a.integrationId());
                    default -> true;
                })
                .max(Comparator.comparingInt(SavedAction::precedence));
        } else if (active.size() > 1) {
            throw ambiguous(key, active, true);
        } else {
            chosen = active.stream().findFirst();
        }
        return chosen.map(a -> pinned(a, version));
    }

    // ------------------------------------------------------------------ shared with ActionQueries

    /** The partitions a caller can see: the workspace, and its tenant's when the token names one. */
    static List<String> partitions(Caller caller) {
        List<String> out = new ArrayList<>(2);
        out.add(caller.workspaceId());
        if (caller.tenantKey() != null) {
            out.add(SavedAction.partitionOf(caller.workspaceId(), caller.tenantKey()));
        }
        return out;
    }

    Optional<SavedAction> findById(Caller caller, String id) {
        if (!Ids.looksLikeId(id, "act")) {
            return Optional.empty();
        }
        for (String partition : partitions(caller)) {
            Optional<SavedAction> found = actions.findById(partition, id);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Every action the caller can see with this key, at any level, archived included. */
    List<SavedAction> withKey(Caller caller, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return List.of();
        }
        List<SavedAction> out = new ArrayList<>();
        for (String partition : partitions(caller)) {
            out.addAll(actions.findByKey(partition, key));
        }
        out.sort(Comparator.comparingInt(SavedAction::precedence).reversed().thenComparing(SavedAction::id));
        return out;
    }

    ActionDefinition pinned(SavedAction a, Integer version) {
        if (version == null || version == a.revision()) {
            return a.definition(a.content(), a.revision());
        }
        ActionRevision r = revision(a, version);
        return a.definition(r.content(), r.revision());
    }

    ActionRevision revision(SavedAction a, int version) {
        Optional<ActionRevision> r = version >= 1 && version <= a.revision()
            ? actions.revision(a.partition(), a.id(), version) : Optional.empty();
        return r.orElseThrow(() -> ApiException.validation("Action '" + (a.key() != null ? a.key() : a.id()) + "' has no version "
            + version + ": its versions are 1 to " + a.revision(), Map.of("actionId", a.id(), "currentRevision", a.revision())));
    }

    /** 400 ACTION_AMBIGUOUS: which actions share the key and which qualifiers pick one. */
    static ApiException ambiguous(String key, List<SavedAction> candidates, boolean running) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (SavedAction a : candidates) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("layer", a.layer());
            if (a.integrationKey() != null) {
                m.put("integrationKey", a.integrationKey());
            }
            if (a.connectionKey() != null) {
                m.put("connectionKey", a.connectionKey());
            }
            listed.add(m);
        }
        String where = String.join("; ", candidates.stream().map(SavedAction::describeScope).toList());
        String how = running
            ? "pass connectionId or connectionKey (runs the one that applies to that connection: connection, else its "
                + "integration's, else universal), or integrationId or integrationKey, or run it by id"
            : "pass connectionId or connectionKey, integrationId or integrationKey, or layer=universal to pick one, or use its id";
        return new ApiException(ErrorCode.ACTION_AMBIGUOUS, "Action key '" + key + "' exists at " + candidates.size()
            + " levels (" + where + "): " + how, Map.of("candidates", listed));
    }
}
