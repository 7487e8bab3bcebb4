package dev.actgate.shared.connections;

import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.testing.TestStorage;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same repository contract on LocalStack through Testcontainers. Needs a Docker engine: without one every test
 * is reported skipped with that reason (an assumption in each test's set-up, so the count shows), never failed —
 * DynamoDB Local covers the same behaviour.
 */
class ConnectionRepositoryContainerTest extends ConnectionRepositoryContract {
    private static LocalStackContainer localstack;
    private static DynamoDbClient client;

    @Override
    protected synchronized DynamoDbClient client() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine (LocalStack runs in a container)");
        if (client == null) {
            localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                .withServices(LocalStackContainer.Service.DYNAMODB);
            localstack.start();
            client = DynamoDbClient.builder()
                .endpointOverride(localstack.getEndpointOverride(LocalStackContainer.Service.DYNAMODB))
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
            LocalDynamoDb.createTables(client, TestStorage.template());
        }
        return client;
    }

    @AfterAll
    static synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (localstack != null) {
            localstack.stop();
            localstack = null;
        }
    }
}
