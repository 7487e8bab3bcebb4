package dev.actgate.shared.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.actgate.testing.SamTemplate;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.storage.TableNames;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.HashMap;
import java.util.Map;

/**
 * One DynamoDB Local per test JVM (in memory), its tables created from template.yaml exactly as the local runtime
 * creates them. Tests isolate themselves by creating their own workspace, never by dropping tables.
 */
public final class TestStorage {
    private static LocalDynamoDb server;
    private static DynamoDbClient client;
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private TestStorage() {
    }

    public static synchronized LocalDynamoDb server() {
        if (server == null) {
            server = LocalDynamoDb.start(null, 0);
            client = server.client();
            LocalDynamoDb.createTables(client, template());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    private static String masterKey;

    /** One local master key file per test JVM (the local runtime's key provider, as in scripts/dev). */
    public static synchronized String masterKeyFile() {
        if (masterKey == null) {
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("actgate-test-keys");
                masterKey = dir.resolve("master.key").toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return masterKey;
    }

    public static SamTemplate template() {
        return SamTemplate.load(SamTemplate.locate(), "actgate");
    }

    public static DynamoDbClient client() {
        server();
        return client;
    }

    public static DynamoDbEnhancedClient enhanced() {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client()).build();
    }

    public static TableNames tableNames() {
        return new TableNames("actgate-workspaces", "actgate-integrations", "actgate-connections", "actgate-actions",
            "actgate-run-logs", "actgate-idempotency");
    }

    public static JsonAttributes jsonAttributes() {
        return new JsonAttributes(JSON);
    }

    /** Micronaut configuration that points a function at this DynamoDB Local. */
    public static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("aws.services.dynamodb.endpoint-override", server().endpoint().toString());
        p.put("aws.region", LocalDynamoDb.REGION.id());
        p.put("aws.access-key-id", LocalDynamoDb.ACCESS_KEY);
        p.put("aws.secret-key", LocalDynamoDb.SECRET_KEY);
        p.put("actgate.credentials.local-key-file", masterKeyFile());
        return p;
    }
}
