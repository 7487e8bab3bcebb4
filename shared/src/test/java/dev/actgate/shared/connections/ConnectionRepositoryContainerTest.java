package dev.actgate.shared.connections;

import dev.actgate.shared.storage.LocalDynamoDb;
import dev.actgate.shared.testing.TestStorage;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The same repository contract on LocalStack through Testcontainers. Needs a Docker engine: without one the class
 * is reported as skipped (disabledWithoutDocker), never failed — DynamoDB Local covers the same behaviour.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConnectionRepositoryContainerTest extends ConnectionRepositoryContract {
    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
        .withServices(LocalStackContainer.Service.DYNAMODB);

    private static DynamoDbClient client;

    @Override
    protected synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                .endpointOverride(LOCALSTACK.getEndpointOverride(LocalStackContainer.Service.DYNAMODB))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
            LocalDynamoDb.createTables(client, TestStorage.template());
        }
        return client;
    }
}
