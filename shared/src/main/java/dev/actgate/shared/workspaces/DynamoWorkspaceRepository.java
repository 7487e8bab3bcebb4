package dev.actgate.shared.workspaces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.ItemSchema;
import dev.actgate.shared.storage.Items;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

/** Workspaces table: partition key {@code pk} = the workspace key. */
@Singleton
public class DynamoWorkspaceRepository implements WorkspaceRepository {

    /** Stored form; nested lists are JSON text so the schema stays flat and cheap to build. */
    public static final class Item {
        public String pk;
        public String id;
        public String name;
        public String secrets;
        public String publicKeys;
        public String settings;
        public String createdAt;
        public Long version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).build();

    private static final TypeReference<List<Workspace.SigningSecret>> SECRETS = new TypeReference<>() { };
    private static final TypeReference<List<Workspace.PublicKeyRegistration>> KEYS = new TypeReference<>() { };

    private final DynamoDbTable<Item> table;
    private final ObjectMapper json;

    public DynamoWorkspaceRepository(DynamoDbEnhancedClient client, TableNames tables, ObjectMapper json) {
        this.table = client.table(tables.workspaces(), SCHEMA);
        this.json = json;
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
            i.secrets = json.writeValueAsString(w.secrets());
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
            return new Workspace(i.id, i.pk, i.name, json.readValue(i.secrets, SECRETS),
                i.publicKeys == null ? List.of() : json.readValue(i.publicKeys, KEYS),
                i.settings == null ? null : json.readValue(i.settings, WorkspaceSettings.class),
                Instant.parse(i.createdAt), i.version == null ? 0 : i.version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored workspace " + i.pk + " is unreadable", e);
        }
    }
}
