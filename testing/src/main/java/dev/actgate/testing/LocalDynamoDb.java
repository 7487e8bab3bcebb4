package dev.actgate.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Amazon's DynamoDB Local (the engine LocalStack wraps), started in this JVM for the local runtime and the tests,
 * with its tables created from template.yaml's own definitions.
 *
 * <p>Local-runtime and test support only (DynamoDB Local is a provided dependency).
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    /** The only address DynamoDB Local listens on. */
    public static final String LOOPBACK = "127.0.0.1";
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts DynamoDB Local; {@code dataDir} null keeps everything in memory, else it persists across restarts. */
    public static LocalDynamoDb start(Path dataDir, int port) {
        try {
            int p = port > 0 ? port : freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(p), "-disableTelemetry"));
            if (dataDir == null) {
                args.add("-inMemory");
            } else {
                Files.createDirectories(dataDir);
                args.addAll(List.of("-sharedDb", "-dbPath", dataDir.toAbsolutePath().toString()));
            }
            // DynamoDB Local prints its banner on stdout; stdout belongs to our callers (the CLI prints only a token).
            java.io.PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                bindToLoopback(server);
                server.start();
                return new LocalDynamoDb(server, p);
            } finally {
                System.setOut(stdout);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start DynamoDB Local", e);
        }
    }

    /**
     * DynamoDB Local has no option for the address it listens on and its Jetty server binds every interface. It is
     * unauthenticated and holds the workspace secrets, so before it starts we set every Jetty connector's host to
     * 127.0.0.1 (reflectively: Jetty is DynamoDB Local's internal dependency). If that fails it does not start.
     */
    static void bindToLoopback(DynamoDBProxyServer proxy) {
        try {
            java.lang.reflect.Field f = DynamoDBProxyServer.class.getDeclaredField("server");
            f.setAccessible(true);
            Object jetty = f.get(proxy);
            Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
            if (connectors.length == 0) {
                throw new IllegalStateException("no connectors");
            }
            for (Object c : connectors) {
                c.getClass().getMethod("setHost", String.class).invoke(c, LOOPBACK);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot bind DynamoDB Local to " + LOOPBACK + "; refusing to listen on every interface", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    public DynamoDbClient client() {
        return client(endpoint());
    }

    public static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Creates every table the template declares (skipping those that exist), with its keys, indexes and TTL. */
    public static List<String> createTables(DynamoDbClient client, SamTemplate template) {
        List<String> created = new ArrayList<>();
        Set<String> existing = Set.copyOf(client.listTables().tableNames());
        for (SamTemplate.TableDef table : template.tables()) {
            if (existing.contains(table.tableName())) {
                addMissingIndexes(client, table);
                continue;
            }
            CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(table.attributeTypes().entrySet().stream()
                    .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                    .toList())
                .keySchema(keys(table.keySchema()));
            if (!table.globalIndexes().isEmpty()) {
                request.globalSecondaryIndexes(table.globalIndexes().stream()
                    .map(i -> GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(keys(i.keySchema()))
                        .projection(projection(i)).build())
                    .toList());
            }
            try {
                client.createTable(request.build());
                created.add(table.tableName());
            } catch (ResourceInUseException e) {
                continue;
            }
            if (table.ttlAttribute() != null) {
                client.updateTimeToLive(r -> r.tableName(table.tableName()).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().attributeName(table.ttlAttribute()).enabled(true).build()));
            }
        }
        return created;
    }

    /**
     * A local state folder made by an older version has the table without an index the template now declares (the
     * run logs' {@code byWorkspaceShard}, say): create it, as a stack update does on a deployed table, and DynamoDB
     * Local backfills it from the items already there. Old indexes are left alone.
     */
    private static void addMissingIndexes(DynamoDbClient client, SamTemplate.TableDef table) {
        if (table.globalIndexes().isEmpty()) {
            return;
        }
        var described = client.describeTable(r -> r.tableName(table.tableName())).table();
        Set<String> present = new java.util.HashSet<>();
        if (described.hasGlobalSecondaryIndexes()) {
            described.globalSecondaryIndexes().forEach(g -> present.add(g.indexName()));
        }
        for (SamTemplate.IndexDef index : table.globalIndexes()) {
            if (present.contains(index.name())) {
                continue;
            }
            client.updateTable(r -> r.tableName(table.tableName())
                .attributeDefinitions(table.attributeTypes().entrySet().stream()
                    .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                    .toList())
                .globalSecondaryIndexUpdates(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate.builder()
                    .create(software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction.builder()
                        .indexName(index.name()).keySchema(keys(index.keySchema())).projection(projection(index)).build())
                    .build()));
        }
    }

    /** The index's projection as the template declares it, so local tables answer queries as deployed ones do. */
    private static Projection projection(SamTemplate.IndexDef index) {
        Projection.Builder p = Projection.builder().projectionType(ProjectionType.fromValue(index.projectionType()));
        if (!index.nonKeyAttributes().isEmpty()) {
            p.nonKeyAttributes(index.nonKeyAttributes());
        }
        return p.build();
    }

    private static List<KeySchemaElement> keys(List<SamTemplate.KeyAttribute> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName(k.name()).keyType(k.keyType()).build()).toList();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // already stopped
        }
    }
}
