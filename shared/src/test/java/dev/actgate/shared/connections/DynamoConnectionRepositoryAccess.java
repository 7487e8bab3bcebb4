package dev.actgate.shared.connections;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** Test access to the package-private schema. */
public final class DynamoConnectionRepositoryAccess {
    public static TableSchema<?> schema() {
        return DynamoConnectionRepository.SCHEMA;
    }
}
