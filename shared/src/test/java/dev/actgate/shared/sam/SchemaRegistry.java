package dev.actgate.shared.sam;

import dev.actgate.shared.actions.DynamoActionRepository;
import dev.actgate.shared.integrations.DynamoIntegrationRepositoryAccess;
import dev.actgate.shared.runs.DynamoRunLogRepositoryAccess;
import dev.actgate.shared.testing.TestStorage;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/** Table schemas of the repositories added after the first two (kept apart so each domain adds one line). */
final class SchemaRegistry {
    private SchemaRegistry() {
    }

    static Map<String, TableSchema<?>> extra() {
        Map<String, TableSchema<?>> m = new LinkedHashMap<>();
        m.put(TestStorage.tableNames().actions(), DynamoActionRepository.schema());
        m.put("actgate-api-credentials", dev.actgate.shared.apikeys.DynamoServerCredentialRepository.schema());
        m.put(TestStorage.tableNames().integrations(), DynamoIntegrationRepositoryAccess.schema());
        m.put(TestStorage.tableNames().runLogs(), DynamoRunLogRepositoryAccess.schema());
        return m;
    }
}
