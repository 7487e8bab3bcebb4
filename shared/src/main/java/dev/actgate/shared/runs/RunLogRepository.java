package dev.actgate.shared.runs;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;

import java.time.Instant;
import java.util.Optional;

/** Action run logs: written by the act function, read by the run-logs function. */
public interface RunLogRepository {

    void save(RunLog log);

    Optional<RunLog> find(String workspaceId, String tenantKey, String id);

    /** Newest first. {@code tenantKey} null lists the whole workspace (manager tokens). */
    Page<RunLog> list(String workspaceId, String tenantKey, Filter filter, PageRequest page);

    record Filter(String actionId, String actionKey, String connectionId, String connectionKey, String integrationKey,
                  String status, Instant from, Instant to, String errorText) {
        public Filter(String actionId, String actionKey, String connectionId, String connectionKey, String integrationKey,
                      String status, Instant from, Instant to) {
            this(actionId, actionKey, connectionId, connectionKey, integrationKey, status, from, to, null);
        }
    }
}
