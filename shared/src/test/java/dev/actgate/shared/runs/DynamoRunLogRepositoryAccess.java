package dev.actgate.shared.runs;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** Test access to the package-private schema. */
public final class DynamoRunLogRepositoryAccess {
    public static TableSchema<?> schema() {
        return DynamoRunLogRepository.SCHEMA;
    }
}
