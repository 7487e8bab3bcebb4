package dev.actgate.shared.storage;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The enhanced client wraps the {@link DynamoDbClient} that micronaut-aws-sdk-v2 builds (region, credentials and
 * the endpoint override come from {@code aws.*} configuration; the transport is the URLConnection client, the
 * lightest for cold start).
 */
@Factory
public class DynamoDbFactory {

    @Singleton
    DynamoDbEnhancedClient enhancedClient(DynamoDbClient client) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    }
}
