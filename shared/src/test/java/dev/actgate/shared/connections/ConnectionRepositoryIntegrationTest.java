package dev.actgate.shared.connections;

import dev.actgate.shared.testing.TestStorage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The repository contract on DynamoDB Local (in this JVM, tables from template.yaml). */
class ConnectionRepositoryIntegrationTest extends ConnectionRepositoryContract {
    @Override
    protected DynamoDbClient client() {
        return TestStorage.client();
    }
}
