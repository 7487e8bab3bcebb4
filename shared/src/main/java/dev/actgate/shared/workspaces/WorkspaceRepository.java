package dev.actgate.shared.workspaces;

import java.util.Optional;

/** Workspace records, looked up by the key tokens carry. */
public interface WorkspaceRepository {

    Optional<Workspace> findByKey(String key);

    /** Stores a new workspace; fails with ALREADY_EXISTS if the key is taken. */
    void create(Workspace workspace);

    /** Replaces a workspace if its stored version is still {@code workspace.version() - 1} (optimistic locking). */
    void update(Workspace workspace);
}
