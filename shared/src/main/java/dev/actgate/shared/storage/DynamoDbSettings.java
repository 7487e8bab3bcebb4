package dev.actgate.shared.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code actgate.dynamodb.*}: {@code endpoint} (env {@code ACTGATE_DYNAMODB_ENDPOINT}) points the DynamoDB client at
 * another endpoint — {@code sam local}'s containers reach DynamoDB Local that way. Unset or empty (the template
 * declares the variable empty, since SAM local can only override declared variables) means AWS's own.
 */
@ConfigurationProperties("actgate.dynamodb")
public record DynamoDbSettings(@Nullable String endpoint) {
    /** The endpoint to use instead of AWS's, or empty. */
    public String override() {
        return endpoint == null ? "" : endpoint.strip();
    }
}
