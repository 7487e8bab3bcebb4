package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.ItemSchema;
import dev.actgate.shared.storage.Items;
import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.credentials.SecretBinding;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/** Workspaces table: partition key {@code pk} = the workspace key. */
@Singleton
public class DynamoWorkspaceRepository implements WorkspaceRepository {

    /** Stored form; nested lists are JSON text so the schema stays flat and cheap to build. */
    public static final class Item {
        public String pk;
        public String id;
        public String name;
        /** Plain-text secrets: only items written before sealing (read, and sealed on their next write). */
        public String secrets;
        /** The secrets sealed with the credential envelope encryption (a {@link SealedSecret} as JSON). */
        public String sealedSecrets;
        public String publicKeys;
        public String settings;
        public String createdAt;
        public Long version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).build();

    private static final TypeReference<List<Workspace.SigningSecret>> SECRETS = new TypeReference<>() { };
    private static final TypeReference<List<Workspace.PublicKeyRegistration>> KEYS = new TypeReference<>() { };

    /** Workspace secrets belong to no tenant: the binding names a fixed marker and a fixed record. */
    static final String NO_TENANT = "~workspace";
    static final String RECORD = "workspace-secrets";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoWorkspaceRepository.class);

    private final DynamoDbTable<Item> table;
    private final ObjectMapper json;
    /** The credential cipher, resolved on first use (a function needs the master key only once a sealed item is read). */
    private final Supplier<CredentialCipher> cipher;

    /** Without a master key: reads plain items only and writes plain (tests and tools that have no key). */
    public DynamoWorkspaceRepository(DynamoDbEnhancedClient client, TableNames tables, ObjectMapper json) {
        this(client, tables, json, (CredentialCipher) null);
    }

    /** With the credential cipher: secrets are sealed on write and opened on read. */
    public DynamoWorkspaceRepository(DynamoDbEnhancedClient client, TableNames tables, ObjectMapper json, CredentialCipher cipher) {
        this.table = client.table(tables.workspaces(), SCHEMA);
        this.json = json;
        this.cipher = () -> cipher;
    }

    @Inject
    public DynamoWorkspaceRepository(DynamoDbEnhancedClient client, TableNames tables, ObjectMapper json,
                                     BeanProvider<CredentialCipher> cipher) {
        this.table = client.table(tables.workspaces(), SCHEMA);
        this.json = json;
        this.cipher = cipher::get;
    }

    static SecretBinding binding(String workspaceId) {
        return new SecretBinding(workspaceId, NO_TENANT, RECORD);
    }

    @Override
    public Optional<Workspace> findByKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 200) {
            return Optional.empty();
        }
        Item item = table.getItem(GetItemEnhancedRequest.builder().key(Key.builder().partitionValue(key).build())
            .consistentRead(true).build());
        return Optional.ofNullable(item).map(this::toDomain);
    }

    @Override
    public void create(Workspace workspace) {
        if (!Items.putIf(table, toItem(workspace), Items.absent("pk"))) {
            throw new ApiException(ErrorCode.ALREADY_EXISTS, "Workspace '" + workspace.key() + "' already exists");
        }
    }

    @Override
    public void update(Workspace workspace) {
        if (!Items.putIf(table, toItem(workspace), Items.versionIs(workspace.version() - 1))) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "Workspace changed concurrently; retry");
        }
    }

    private Item toItem(Workspace w) {
        try {
            Item i = new Item();
            i.pk = w.key();
            i.id = w.id();
            i.name = w.name();
            byte[] secrets = json.writeValueAsBytes(w.secrets());
            CredentialCipher c = cipher.get();
            if (c != null) {
                i.sealedSecrets = json.writeValueAsString(c.seal(secrets, binding(w.id())));
            } else {
                LOG.warn("No master key: workspace {} is stored with its secrets in plain text", w.key());
                i.secrets = new String(secrets, java.nio.charset.StandardCharsets.UTF_8);
            }
            java.util.Arrays.fill(secrets, (byte) 0);
            i.publicKeys = json.writeValueAsString(w.publicKeys());
            i.settings = json.writeValueAsString(w.settings());
            i.createdAt = w.createdAt().toString();
            i.version = w.version();
            return i;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise workspace", e);
        }
    }

    private Workspace toDomain(Item i) {
        try {
            return new Workspace(i.id, i.pk, i.name, secrets(i),
                i.publicKeys == null ? List.of() : json.readValue(i.publicKeys, KEYS),
                i.settings == null ? null : json.readValue(i.settings, WorkspaceSettings.class),
                Instant.parse(i.createdAt), i.version == null ? 0 : i.version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored workspace " + i.pk + " is unreadable", e);
        }
    }

    /** The signing secrets: opened from the sealed attribute, or read from an old plain-text item. */
    private List<Workspace.SigningSecret> secrets(Item i) throws JsonProcessingException {
        if (i.sealedSecrets == null) {
            return i.secrets == null ? List.of() : json.readValue(i.secrets, SECRETS);
        }
        CredentialCipher c = cipher.get();
        if (c == null) {
            throw new IllegalStateException("Workspace " + i.pk + " has sealed secrets and this process has no master key");
        }
        byte[] plain = c.open(json.readValue(i.sealedSecrets, SealedSecret.class), binding(i.id));
        try {
            return json.readValue(plain, SECRETS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Sealed secrets of workspace " + i.pk + " are unreadable");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }
}
