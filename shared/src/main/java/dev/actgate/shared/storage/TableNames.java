package dev.actgate.shared.storage;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Physical table names. In AWS they come from the function's environment (template.yaml sets
 * {@code ACTGATE_TABLES_*} from the stack's tables); locally the defaults match the tables the runtime creates.
 */
@Singleton
public class TableNames {
    private final String workspaces;
    private final String integrations;
    private final String connections;
    private final String actions;
    private final String runLogs;
    private final String idempotency;

    public TableNames(@Value("${actgate.tables.workspaces:actgate-workspaces}") String workspaces,
                      @Value("${actgate.tables.integrations:actgate-integrations}") String integrations,
                      @Value("${actgate.tables.connections:actgate-connections}") String connections,
                      @Value("${actgate.tables.actions:actgate-actions}") String actions,
                      @Value("${actgate.tables.run-logs:actgate-run-logs}") String runLogs,
                      @Value("${actgate.tables.idempotency:actgate-idempotency}") String idempotency) {
        this.workspaces = workspaces;
        this.integrations = integrations;
        this.connections = connections;
        this.actions = actions;
        this.runLogs = runLogs;
        this.idempotency = idempotency;
    }

    public String workspaces() { return workspaces; }
    public String integrations() { return integrations; }
    public String connections() { return connections; }
    public String actions() { return actions; }
    public String runLogs() { return runLogs; }
    public String idempotency() { return idempotency; }
}
