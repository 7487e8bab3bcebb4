package dev.actgate.shared.apikeys;

import dev.actgate.shared.storage.ItemSchema;
import dev.actgate.shared.storage.Items;
import dev.actgate.shared.storage.TableNames;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/**
 * The api-credentials table: {@code pk} = the credential id (which the presented value carries, so checking a key is
 * one strongly consistent read), {@code sk} = its kind; the {@code byWorkspace} index ({@code wsPk}, {@code sk}) lists
 * a workspace's keys or clients. Access tokens carry {@code purgeAt}, the table's TTL attribute, and no {@code wsPk}.
 */
@Singleton
public class DynamoServerCredentialRepository implements ServerCredentialRepository {
    static final String INDEX = "byWorkspace";

    /** Stored form. */
    public static final class Item {
        public String pk;
        public String sk;
        public String wsPk;
        public String workspaceId;
        public String workspaceKey;
        public String name;
        public String prefix;
        public String secretHash;
        public String clientId;
        public String createdAt;
        public String expiresAt;
        public String lastUsedAt;
        public String revokedAt;
        public Long purgeAt;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new).tag("pk", primaryPartitionKey())
        .tag("sk", primarySortKey(), secondarySortKey(INDEX))
        .tag("wsPk", secondaryPartitionKey(INDEX)).build();

    private final DynamoDbTable<Item> table;
    private final DynamoDbIndex<Item> byWorkspace;

    public DynamoServerCredentialRepository(DynamoDbEnhancedClient client, TableNames tables) {
        this.table = client.table(tables.apiCredentials(), SCHEMA);
        this.byWorkspace = table.index(INDEX);
    }

    /** The table schema (for the template contract test). */
    public static TableSchema<Item> schema() {
        return SCHEMA;
    }

    @Override
    public void create(ServerCredential c) {
        table.putItem(PutItemEnhancedRequest.builder(Item.class).item(toItem(c)).conditionExpression(Items.absent("pk")).build());
    }

    @Override
    public Optional<ServerCredential> find(String id, ServerCredential.Kind kind) {
        if (id == null || id.isEmpty() || id.length() > 200) {
            return Optional.empty();
        }
        Item item = table.getItem(GetItemEnhancedRequest.builder()
            .key(Key.builder().partitionValue(id).sortValue(kind.name()).build()).consistentRead(true).build());
        return Optional.ofNullable(item).map(DynamoServerCredentialRepository::toDomain);
    }

    @Override
    public List<ServerCredential> list(String workspaceId, ServerCredential.Kind kind) {
        List<ServerCredential> out = new ArrayList<>();
        SdkIterable<Page<Item>> pages = byWorkspace.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
            Key.builder().partitionValue(workspaceId).sortValue(kind.name()).build())));
        for (Page<Item> page : pages) {
            page.items().forEach(i -> out.add(toDomain(i)));
            if (out.size() >= 1000) {
                break;
            }
        }
        out.sort(Comparator.comparing(ServerCredential::createdAt).thenComparing(ServerCredential::id));
        return out;
    }

    @Override
    public boolean revoke(String workspaceId, String id, ServerCredential.Kind kind, Instant at) {
        Optional<ServerCredential> found = find(id, kind);
        if (found.isEmpty() || !workspaceId.equals(found.get().workspaceId())) {
            return false;
        }
        if (found.get().revokedAt() != null) {
            return true;
        }
        return Items.putIf(table, toItem(found.get().withRevokedAt(at)), Expression.builder().expression("wsPk = :ws")
            .expressionValues(Map.of(":ws", AttributeValue.fromS(workspaceId))).build());
    }

    @Override
    public void touch(ServerCredential c, Instant at) {
        // Conditional on the stored lastUsedAt and on not being revoked meanwhile, so a touch never undoes a revoke.
        Expression.Builder condition = Expression.builder();
        if (c.lastUsedAt() == null) {
            condition.expression("attribute_exists(pk) AND attribute_not_exists(lastUsedAt) AND attribute_not_exists(revokedAt)");
        } else {
            condition.expression("attribute_exists(pk) AND lastUsedAt = :last AND attribute_not_exists(revokedAt)")
                .expressionValues(Map.of(":last", AttributeValue.fromS(c.lastUsedAt().toString())));
        }
        // When the condition fails, another request recorded a use first or the credential was revoked: either way
        // there is nothing to do.
        Items.putIf(table, toItem(c.withLastUsedAt(at)), condition.build());
    }

    private static Item toItem(ServerCredential c) {
        Item i = new Item();
        i.pk = c.id();
        i.sk = c.kind().name();
        i.wsPk = c.kind() == ServerCredential.Kind.ACCESS_TOKEN ? null : c.workspaceId();
        i.workspaceId = c.workspaceId();
        i.workspaceKey = c.workspaceKey();
        i.name = c.name();
        i.prefix = c.prefix();
        i.secretHash = c.secretHash();
        i.clientId = c.clientId();
        i.createdAt = c.createdAt().toString();
        i.expiresAt = c.expiresAt() == null ? null : c.expiresAt().toString();
        i.lastUsedAt = c.lastUsedAt() == null ? null : c.lastUsedAt().toString();
        i.revokedAt = c.revokedAt() == null ? null : c.revokedAt().toString();
        // Access tokens are removed by DynamoDB's TTL a day after they expire; keys and clients stay listed.
        i.purgeAt = c.kind() == ServerCredential.Kind.ACCESS_TOKEN && c.expiresAt() != null
            ? c.expiresAt().plusSeconds(86_400).getEpochSecond() : null;
        return i;
    }

    private static ServerCredential toDomain(Item i) {
        return new ServerCredential(i.pk, ServerCredential.Kind.valueOf(i.sk), i.workspaceId, i.workspaceKey,
            i.name, i.prefix, i.secretHash, i.clientId, Instant.parse(i.createdAt), parse(i.expiresAt), parse(i.lastUsedAt),
            parse(i.revokedAt));
    }

    private static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
