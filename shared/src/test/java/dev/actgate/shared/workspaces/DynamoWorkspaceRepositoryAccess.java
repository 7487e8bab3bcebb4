package dev.actgate.shared.workspaces;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** Test access to the package-private schema. */
public final class DynamoWorkspaceRepositoryAccess {
    public static TableSchema<?> schema() {
        return DynamoWorkspaceRepository.SCHEMA;
    }
}
