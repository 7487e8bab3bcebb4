package dev.actgate.shared.storage;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;

/**
 * Points the DynamoDB client at another endpoint when {@code actgate.dynamodb.endpoint} (env
 * {@code ACTGATE_DYNAMODB_ENDPOINT}) is set — {@code sam local}'s containers reach DynamoDB Local that way. The
 * template declares the variable empty (SAM local can only override declared variables); empty means AWS's own.
 */
@Singleton
public class DynamoDbEndpointOverride implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    private final String endpoint;

    public DynamoDbEndpointOverride(@Value("${actgate.dynamodb.endpoint:}") String endpoint) {
        this.endpoint = endpoint == null ? "" : endpoint.strip();
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
