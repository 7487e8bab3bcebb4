package dev.actgate.shared.integrations;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** Test access to the package-private schema. */
public final class DynamoIntegrationRepositoryAccess {
    public static TableSchema<?> schema() {
        return DynamoIntegrationRepository.SCHEMA;
    }
}
