package dev.actgate.shared.storage;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;

/** Points the DynamoDB client at {@link DynamoDbSettings#getEndpoint()} when it is set. */
@Singleton
public class DynamoDbEndpointOverride implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    private final String endpoint;

    public DynamoDbEndpointOverride(DynamoDbSettings settings) {
        this.endpoint = settings.override();
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        DynamoDbClientBuilder builder = event.getBean();
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}
