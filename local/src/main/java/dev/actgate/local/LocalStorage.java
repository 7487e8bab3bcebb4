package dev.actgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.testing.SamTemplate;
import dev.actgate.testing.LocalDynamoDb;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.workspaces.DynamoWorkspaceRepository;
import dev.actgate.shared.workspaces.WorkspaceService;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;

/**
 * The local DynamoDB: the one {@code scripts/dev} runs (found through .actgate/dev.properties), or, when it is not
 * running, an embedded one on the same data folder for the length of a CLI command.
 */
final class LocalStorage implements AutoCloseable {
    final URI endpoint;
    final DynamoDbClient client;
    private final LocalDynamoDb owned;
    private final String workspacesTable;
    /** The master key that seals workspace secrets (issue 11, item 8); null: written in plain text, with a warning. */
    private dev.actgate.shared.credentials.MasterKeyProvider masterKey;

    private LocalStorage(URI endpoint, LocalDynamoDb owned) {
        this.endpoint = endpoint;
        this.owned = owned;
        this.client = LocalDynamoDb.client(endpoint);
        this.workspacesTable = "actgate-workspaces";
    }

    private LocalStorage(DynamoDbClient client, String workspacesTable) {
        this.endpoint = null;
        this.owned = null;
        this.client = client;
        this.workspacesTable = workspacesTable;
    }

    /** A deployed stack's workspaces table, with the AWS SDK's default credentials and region (or the one given). */
    static LocalStorage aws(String region, String workspacesTable) {
        var builder = DynamoDbClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        if (region != null) {
            builder.region(software.amazon.awssdk.regions.Region.of(region));
        }
        LocalStorage storage = new LocalStorage(builder.build(), workspacesTable);
        // The stack's KMS key (output CredentialsKeyId) seals the secrets exactly as the functions open them.
        String kmsKeyId = System.getenv("ACTGATE_CREDENTIALS_KMS_KEY_ID");
        if (kmsKeyId != null && !kmsKeyId.isBlank()) {
            var kms = software.amazon.awssdk.services.kms.KmsClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
            if (region != null) {
                kms.region(software.amazon.awssdk.regions.Region.of(region));
            }
            storage.masterKey = new dev.actgate.shared.credentials.KmsMasterKeyProvider(kms.build(), kmsKeyId.strip());
        } else {
            System.err.println("warning: ACTGATE_CREDENTIALS_KMS_KEY_ID is not set (the stack output CredentialsKeyId): "
                + "workspace secrets written now are stored in plain text");
        }
        return storage;
    }

    /** Seals workspace secrets with the local master key file (the runtime's, or sam local's). */
    LocalStorage withMasterKeyFile(java.nio.file.Path file) {
        this.masterKey = new dev.actgate.shared.credentials.LocalMasterKeyProvider(file);
        return this;
    }

    /** A DynamoDB Local someone else runs (the container {@code scripts/sam-local} starts), tables from the template. */
    static LocalStorage endpoint(URI endpoint, LocalPaths paths) {
        LocalStorage storage = new LocalStorage(endpoint, null);
        LocalDynamoDb.createTables(storage.client, SamTemplate.load(paths.template(), "actgate"));
        return storage;
    }

    static LocalStorage startServer(LocalPaths paths, int port) {
        paths.ensureState();
        LocalDynamoDb db = LocalDynamoDb.start(paths.dynamoData(), port);
        LocalStorage storage = new LocalStorage(db.endpoint(), db).withMasterKeyFile(paths.masterKey());
        LocalDynamoDb.createTables(storage.client, SamTemplate.load(paths.template(), "actgate"));
        paths.tighten();   // the database files DynamoDB Local just created (umask-default modes)
        return storage;
    }

    /** Attaches to the running dev server's DynamoDB, or starts an embedded one on the same data. */
    static LocalStorage attach(LocalPaths paths) {
        Properties dev = readDevState(paths);
        String port = dev.getProperty("dynamodb.port");
        if (port != null && reachable(Integer.parseInt(port))) {
            return new LocalStorage(URI.create("http://" + LocalDynamoDb.LOOPBACK + ":" + port), null)
                .withMasterKeyFile(paths.masterKey());
        }
        try {
            return startServer(paths, LocalDynamoDb.freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Properties readDevState(LocalPaths paths) {
        Properties p = new Properties();
        if (Files.exists(paths.devState())) {
            try (InputStream in = Files.newInputStream(paths.devState())) {
                p.load(in);
            } catch (IOException e) {
                // unreadable state: treat as absent
            }
        }
        return p;
    }

    static void writeDevState(LocalPaths paths, Properties p) throws IOException {
        paths.ensureState();
        try (OutputStream out = LocalPaths.ownerOnly(paths.devState())) {
            p.store(out, "actgate local runtime state");
        }
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket(LocalDynamoDb.LOOPBACK, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    WorkspaceService workspaces() {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new WorkspaceService(new DynamoWorkspaceRepository(enhanced, tableNames(), json,
            masterKey == null ? null : new dev.actgate.shared.credentials.CredentialCipher(masterKey)));
    }

    private TableNames tableNames() {
        return new TableNames(workspacesTable, "actgate-integrations", "actgate-connections", "actgate-actions", "actgate-run-logs",
            "actgate-idempotency");
    }

    /** Server credentials (API keys, OAuth clients) in the given table (locally: the runtime's actgate-api-credentials). */
    dev.actgate.shared.apikeys.ApiCredentialService apiCredentials(String table) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        return new dev.actgate.shared.apikeys.ApiCredentialService(
            new dev.actgate.shared.apikeys.DynamoServerCredentialRepository(enhanced,
                table == null ? tableNames() : tableNames().withApiCredentials(table)),
            workspaces(), new dev.actgate.shared.apikeys.ApiCredentialSettings());
    }

    @Override
    public void close() {
        client.close();
        if (owned != null) {
            owned.close();
        }
    }
}
