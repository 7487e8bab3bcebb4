package dev.actgate.shared.actions;

import java.util.List;
import java.util.Optional;

/**
 * Saved actions and their revisions. A partition is the workspace id (universal and integration-level actions) or
 * {@code <workspace id>#<tenant key>} (a tenant's connection-level actions), so one tenant's lookups can never see
 * another tenant's actions.
 */
public interface ActionRepository {

    Optional<SavedAction> findById(String partition, String id);

    /** Every action of the partition whose current key is {@code key}, at any scope, archived included. */
    List<SavedAction> findByKey(String partition, String key);

    /** All action records of the partition, oldest first (bounded: see docs/actions.md). */
    List<SavedAction> list(String partition);

    Optional<ActionRevision> revision(String partition, String actionId, int revision);

    /** Revisions, oldest first. */
    List<ActionRevision> revisions(String partition, String actionId);

    /** Writes the record, its key claim and revision 1 in one transaction; ALREADY_EXISTS when the key is taken. */
    void create(SavedAction action);

    /**
     * Replaces the record if its stored version is still {@code previous.version()}; when {@code next.revision()} is
     * new, writes that revision in the same transaction; moves the key claim when the key changed.
     */
    void update(SavedAction previous, SavedAction next);
}
