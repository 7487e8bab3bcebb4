package dev.actgate.shared.integrations;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;

import java.util.Optional;

/** Workspace-owned integrations; keys are unique per workspace. */
public interface IntegrationRepository {

    Optional<Integration> findById(String workspaceId, String id);

    Optional<Integration> findByKey(String workspaceId, String key);

    Page<Integration> list(String workspaceId, String search, boolean includeArchived, PageRequest page);

    void create(Integration integration);

    void update(Integration previous, Integration next);
}
