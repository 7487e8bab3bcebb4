package dev.actgate.shared.connections;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.credentials.SealedSecret;
import dev.actgate.shared.storage.KeyedTable;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.ItemSchema;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

/**
 * Connections table. Partition {@code pk} = {@code workspaceId#tenantKey} (one tenant's connections); records and
 * key claims follow {@link KeyedTable}; the refresh lease and refreshed credentials are targeted updates.
 */
@Singleton
public class DynamoConnectionRepository implements ConnectionRepository {
    static final String RECORD = "C#";
    /** OAuth2 authorizations in progress: single-use, expiring (TTL on expiresAt). */
    static final String STATE = "S#";

    public static final class Item {
        public String pk, sk, id, key, name, workspaceId, tenantKey, integrationId, integrationKey, connectorKey;
        public String state, error, meta, fields, identity, credentials, credentialsExpireAt, searchText;
        public String createdAt, updatedAt, lastActiveAt, archivedAt;
        public Boolean isDefault, isTenantDefault;
        public Long credentialsVersion, refreshLeaseUntil, version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).tag("sk", primarySortKey()).build();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final KeyedTable<Item> records;
    private final DynamoDbClient client;
    private final String tableName;
    private final JsonAttributes json;

    public DynamoConnectionRepository(DynamoDbEnhancedClient enhanced, DynamoDbClient client, TableNames tables, JsonAttributes json) {
        this.client = client;
        this.tableName = tables.connections();
        this.records = new KeyedTable<>(enhanced, enhanced.table(tableName, SCHEMA), RECORD, "connection");
        this.json = json;
    }

    @Override
    public Optional<Connection> findById(String scope, String id) {
        return Optional.ofNullable(records.get(scope, id)).map(this::toDomain);
    }

    @Override
    public Optional<Connection> findByKey(String scope, String key) {
        return Optional.ofNullable(records.getByKey(scope, key)).map(this::toDomain);
    }

    @Override
    public Page<Connection> list(String scope, String integrationId, String search, boolean includeArchived, PageRequest page) {
        java.util.Map<String, String> equals = new java.util.HashMap<>();
        equals.put("integrationId", integrationId);
        return records.list(scope, KeyedTable.listFilter(includeArchived, equals, search), page, this::toDomain);
    }

    @Override
    public void create(String scope, Connection c) {
        records.create(scope, toItem(scope, c), c.key());
    }

    @Override
    public void update(String scope, Connection previous, Connection next) {
        records.update(scope, toItem(scope, next), previous.version(), previous.key(), next.key());
    }

    @Override
    public boolean acquireRefreshLease(String scope, String id, long credentialsVersion, Instant leaseUntil) {
        try {
            client.updateItem(r -> r.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS(scope), "sk", AttributeValue.fromS(RECORD + id)))
                .updateExpression("SET refreshLeaseUntil = :until")
                .conditionExpression("credentialsVersion = :cv AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now)")
                .expressionAttributeValues(Map.of(
                    ":until", AttributeValue.fromN(Long.toString(leaseUntil.toEpochMilli())),
                    ":cv", AttributeValue.fromN(Long.toString(credentialsVersion)),
                    ":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean storeRefreshed(String scope, Connection next, long expectedCredentialsVersion) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":cv", AttributeValue.fromN(Long.toString(expectedCredentialsVersion)));
        values.put(":ncv", AttributeValue.fromN(Long.toString(next.credentialsVersion())));
        values.put(":state", AttributeValue.fromS(next.state().name()));
        values.put(":updatedAt", AttributeValue.fromS(next.updatedAt().toString()));
        values.put(":one", AttributeValue.fromN("1"));
        List<String> set = new ArrayList<>(List.of("credentialsVersion = :ncv", "#state = :state", "updatedAt = :updatedAt",
            "version = version + :one"));
        List<String> remove = new ArrayList<>(List.of("refreshLeaseUntil"));
        if (next.credentials() != null) {
            set.add("credentials = :cred");
            values.put(":cred", AttributeValue.fromS(json.write(next.credentials())));
        }
        if (next.credentialsExpireAt() != null) {
            set.add("credentialsExpireAt = :exp");
            values.put(":exp", AttributeValue.fromS(next.credentialsExpireAt().toString()));
        } else {
            remove.add("credentialsExpireAt");
        }
        if (next.error() != null) {
            set.add("#error = :error");
            values.put(":error", AttributeValue.fromS(next.error()));
        } else {
            remove.add("#error");
        }
        try {
            client.updateItem(r -> r.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS(scope), "sk", AttributeValue.fromS(RECORD + next.id())))
                .updateExpression("SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove))
                .conditionExpression("credentialsVersion = :cv")
                .expressionAttributeNames(Map.of("#state", "state", "#error", "error"))
                .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void putConnectState(String scope, String nonce, String data, Instant expiresAt) {
        client.putItem(p -> p.tableName(tableName).item(Map.of(
            "pk", AttributeValue.fromS(scope), "sk", AttributeValue.fromS(STATE + nonce), "data", AttributeValue.fromS(data),
            "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
    }

    @Override
    public Optional<String> takeConnectState(String scope, String nonce) {
        try {
            var old = client.deleteItem(d -> d.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS(scope), "sk", AttributeValue.fromS(STATE + nonce)))
                .conditionExpression("attribute_exists(sk) AND expiresAt > :now")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000))))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
            return old == null || old.get("data") == null ? Optional.empty() : Optional.of(old.get("data").s());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private Item toItem(String scope, Connection c) {
        Item i = new Item();
        i.pk = scope;
        i.sk = RECORD + c.id();
        i.id = c.id();
        i.key = c.key();
        i.name = c.name();
        i.workspaceId = c.workspaceId();
        i.tenantKey = c.tenantKey();
        i.integrationId = c.integrationId();
        i.integrationKey = c.integrationKey();
        i.connectorKey = c.connectorKey();
        i.state = c.state().name();
        i.error = c.error();
        i.isDefault = c.isDefault() ? Boolean.TRUE : null;
        i.isTenantDefault = c.isTenantDefault() ? Boolean.TRUE : null;
        i.meta = json.write(c.meta());
        i.fields = c.fields().isEmpty() ? null : json.write(c.fields());
        i.identity = json.write(c.identity());
        i.credentials = json.write(c.credentials());
        i.credentialsExpireAt = JsonAttributes.instant(c.credentialsExpireAt());
        i.credentialsVersion = c.credentialsVersion();
        i.refreshLeaseUntil = c.refreshLeaseUntil() == null ? null : c.refreshLeaseUntil().toEpochMilli();
        i.searchText = ((c.name() == null ? "" : c.name()) + " " + c.key()).toLowerCase(Locale.ROOT);
        i.createdAt = JsonAttributes.instant(c.createdAt());
        i.updatedAt = JsonAttributes.instant(c.updatedAt());
        i.lastActiveAt = JsonAttributes.instant(c.lastActiveAt());
        i.archivedAt = JsonAttributes.instant(c.archivedAt());
        i.version = c.version();
        return i;
    }

    private Connection toDomain(Item i) {
        return new Connection(i.id, i.key, i.name, i.workspaceId, i.tenantKey, i.integrationId, i.integrationKey,
            i.connectorKey, ConnectionState.valueOf(i.state), i.error, Boolean.TRUE.equals(i.isDefault),
            Boolean.TRUE.equals(i.isTenantDefault), json.read(i.meta, ObjectNode.class), json.read(i.fields, STRING_MAP),
            json.read(i.identity, ExternalIdentity.class), json.read(i.credentials, SealedSecret.class),
            JsonAttributes.instant(i.credentialsExpireAt), i.credentialsVersion == null ? 0 : i.credentialsVersion,
            i.refreshLeaseUntil == null ? null : Instant.ofEpochMilli(i.refreshLeaseUntil),
            JsonAttributes.instant(i.createdAt), JsonAttributes.instant(i.updatedAt), JsonAttributes.instant(i.lastActiveAt),
            JsonAttributes.instant(i.archivedAt), i.version == null ? 0 : i.version);
    }
}
