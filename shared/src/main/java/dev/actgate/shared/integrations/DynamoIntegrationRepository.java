package dev.actgate.shared.integrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.KeyedTable;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.ItemSchema;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

/** Integrations table: partition {@code pk} = workspace id; records {@code I#<id>}, key claims per {@link KeyedTable}. */
@Singleton
public class DynamoIntegrationRepository implements IntegrationRepository {
    static final String RECORD = "I#";

    public static final class Item {
        public String pk, sk, id, key, name, connectorKey, baseUrl, auth, parameters, secretParameterNames, secretParameters;
        public String meta, searchText, createdAt, updatedAt, archivedAt;
        public Integer connectTimeoutMs, readTimeoutMs;
        public Long version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).tag("sk", primarySortKey()).build();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<Set<String>> STRING_SET = new TypeReference<>() { };

    private final KeyedTable<Item> records;
    private final JsonAttributes json;

    public DynamoIntegrationRepository(DynamoDbEnhancedClient enhanced, TableNames tables, JsonAttributes json) {
        this.records = new KeyedTable<>(enhanced, enhanced.table(tables.integrations(), SCHEMA), RECORD, "integration");
        this.json = json;
    }

    @Override
    public Optional<Integration> findById(String workspaceId, String id) {
        return Optional.ofNullable(records.get(workspaceId, id)).map(this::toDomain);
    }

    @Override
    public Optional<Integration> findByKey(String workspaceId, String key) {
        return Optional.ofNullable(records.getByKey(workspaceId, key)).map(this::toDomain);
    }

    @Override
    public Page<Integration> list(String workspaceId, String search, boolean includeArchived, PageRequest page) {
        return records.list(workspaceId, KeyedTable.listFilter(includeArchived, Map.of(), search), page, this::toDomain);
    }

    @Override
    public void create(Integration integration) {
        records.create(integration.workspaceId(), toItem(integration), integration.key());
    }

    @Override
    public void update(Integration previous, Integration next) {
        records.update(next.workspaceId(), toItem(next), previous.version(), previous.key(), next.key());
    }

    private Item toItem(Integration g) {
        Item i = new Item();
        i.pk = g.workspaceId();
        i.sk = RECORD + g.id();
        i.id = g.id();
        i.key = g.key();
        i.name = g.name();
        i.connectorKey = g.connectorKey();
        i.baseUrl = g.baseUrl();
        i.auth = json.write(g.auth());
        i.parameters = g.parameters().isEmpty() ? null : json.write(g.parameters());
        i.secretParameterNames = g.secretParameterNames().isEmpty() ? null : json.write(g.secretParameterNames());
        i.secretParameters = json.write(g.secretParameters());
        i.meta = json.write(g.meta());
        i.searchText = (g.name() + " " + g.key() + " " + (g.connectorKey() == null ? "" : g.connectorKey())).toLowerCase(Locale.ROOT);
        i.createdAt = JsonAttributes.instant(g.createdAt());
        i.updatedAt = JsonAttributes.instant(g.updatedAt());
        i.archivedAt = JsonAttributes.instant(g.archivedAt());
        i.connectTimeoutMs = g.connectTimeoutMs();
        i.readTimeoutMs = g.readTimeoutMs();
        i.version = g.version();
        return i;
    }

    private Integration toDomain(Item i) {
        return new Integration.Builder().id(i.id).key(i.key).name(i.name).workspaceId(i.pk).connectorKey(i.connectorKey)
            .baseUrl(i.baseUrl).auth(json.read(i.auth, AuthSpec.class)).parameters(json.read(i.parameters, STRING_MAP))
            .secretParameterNames(json.read(i.secretParameterNames, STRING_SET))
            .secretParameters(json.read(i.secretParameters, SealedSecret.class)).connectTimeoutMs(i.connectTimeoutMs)
            .readTimeoutMs(i.readTimeoutMs).meta(json.read(i.meta, ObjectNode.class))
            .createdAt(JsonAttributes.instant(i.createdAt)).updatedAt(JsonAttributes.instant(i.updatedAt))
            .archivedAt(JsonAttributes.instant(i.archivedAt)).version(i.version == null ? 0 : i.version).build();
    }
}
