package dev.actgate.shared.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A DynamoDB call that still fails after the SDK's own retries (throttling, a service error, the network) is a
 * 503 the caller may retry, never a 500: nothing was half-written, because multi-record changes are transactions.
 */
@Produces
@Singleton
public class StorageExceptionHandler implements ExceptionHandler<SdkException, HttpResponse<ErrorBody>> {
    private static final Logger LOG = LoggerFactory.getLogger(StorageExceptionHandler.class);

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, SdkException exception) {
        if (exception instanceof software.amazon.awssdk.services.dynamodb.model.DynamoDbException d && d.awsErrorDetails() != null
            && "ValidationException".equals(d.awsErrorDetails().errorCode())
            && String.valueOf(d.awsErrorDetails().errorMessage()).contains("size")) {
            // Retrying cannot help: the record would exceed DynamoDB's 400 KB item limit.
            return ApiExceptionHandler.toResponse(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "The record would be larger than storage allows (400 KB); send less (metadata, parameters, fields)"));
        }
        LOG.warn("Storage call failed on {} {}: {}", request.getMethod(), request.getPath(), exception.getClass().getSimpleName());
        return ApiExceptionHandler.toResponse(new ApiException(ErrorCode.STORAGE_UNAVAILABLE,
            "Storage is temporarily unavailable; retry after a short wait")).header("Retry-After", "1");
    }
}
