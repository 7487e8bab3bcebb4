package dev.actgate.shared.storage;

import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code actgate.tables.*}: the physical table names, all in one place with their defaults. In AWS they come from the
 * function's environment (template.yaml sets {@code ACTGATE_TABLES_*} from the stack's tables, e.g.
 * {@code ACTGATE_TABLES_RUN_LOGS} for {@code run-logs}); locally the defaults match the tables the runtime creates.
 */
@ConfigurationProperties("actgate.tables")
public record TableNames(
    @Bindable(defaultValue = "actgate-workspaces") String workspaces,
    @Bindable(defaultValue = "actgate-integrations") String integrations,
    @Bindable(defaultValue = "actgate-connections") String connections,
    @Bindable(defaultValue = "actgate-actions") String actions,
    @Bindable(defaultValue = "actgate-run-logs") String runLogs,
    @Bindable(defaultValue = "actgate-idempotency") String idempotency,
    @Bindable(defaultValue = API_CREDENTIALS) String apiCredentials,
    @Bindable(defaultValue = APPROVALS) String approvals) {

    static final String API_CREDENTIALS = "actgate-api-credentials";
    static final String APPROVALS = "actgate-approvals";

    @ConfigurationInject
    public TableNames {
    }

    /** The six data tables named explicitly (tools and tests that open them without an application context). */
    public TableNames(String workspaces, String integrations, String connections, String actions, String runLogs,
                      String idempotency) {
        this(workspaces, integrations, connections, actions, runLogs, idempotency, API_CREDENTIALS, APPROVALS);
    }

    /** The same names with another api-credentials table. */
    public TableNames withApiCredentials(String table) {
        return new TableNames(workspaces, integrations, connections, actions, runLogs, idempotency, table, approvals);
    }
}
