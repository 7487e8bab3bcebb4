package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.storage.Keys;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Items;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.TableNames;
import dev.actgate.shared.storage.Transactions;
import dev.actgate.shared.storage.ItemSchema;
import jakarta.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

/**
 * Actions table. Partition {@code pk} = workspace id, or {@code <workspace id>#<tenant key>} for a tenant's
 * connection-level actions. Sort keys:
 * <ul>
 *   <li>{@code A#<id>}: the action record, with the content of its current revision (one read runs it);</li>
 *   <li>{@code R#<id>#<revision, 10 digits>}: an immutable revision (written once, never overwritten);</li>
 *   <li>{@code K#<key>#<scope>}: the claim of a key in one scope ({@code U}, {@code I#<integration id>},
 *       {@code C#<connection id>}), pointing at the id. Key first, so every scope of one key is one Query
 *       ({@code begins_with K#<key>#}; keys cannot contain {@code #}).</li>
 * </ul>
 * Record, claim and revision are written in one transaction with conditions (the {@code KeyedTable} pattern, with a
 * revision item added), so keys are unique per scope and a revision is never half-written.
 */
@Singleton
public class DynamoActionRepository implements ActionRepository {
    static final String RECORD = "A#";
    static final String REVISION = "R#";
    static final String CLAIM = "K#";
    /** A workspace's actions are an admin-curated set; listing reads at most this many records per partition. */
    static final int MAX_LISTED = 10_000;

    public static final class Item {
        public String pk, sk, id, key, scope, layer, tenantKey, integrationId, integrationKey, connectorKey, connectionId,
            connectionKey, name, description, type, config, inputSchema, outputSchema, createdAt, updatedAt, archivedAt;
        public Boolean idempotent;
        public Integer revision;
        public Long version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).tag("sk", primarySortKey()).build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<Item> table;
    private final JsonAttributes json;

    public DynamoActionRepository(DynamoDbEnhancedClient enhanced, TableNames tables, JsonAttributes json) {
        this.enhanced = enhanced;
        this.table = enhanced.table(tables.actions(), SCHEMA);
        this.json = json;
    }

    /** The table schema (for the template contract test). */
    public static TableSchema<Item> schema() {
        return SCHEMA;
    }

    static String revisionSk(String id, int revision) {
        return Keys.join(REVISION + id, String.format("%010d", revision));
    }

    static String claimSk(String key, String scope) {
        return Keys.join(CLAIM + key, scope);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<SavedAction> findById(String partition, String id) {
        return Optional.ofNullable(get(partition, RECORD + id)).map(this::toAction);
    }

    @Override
    public List<SavedAction> findByKey(String partition, String key) {
        List<SavedAction> out = new ArrayList<>();
        for (Item claim : query(partition, CLAIM + key + "#", Integer.MAX_VALUE)) {
            Item record = get(partition, RECORD + claim.id);
            // A claim whose record names another key is a leftover of a concurrent rename: ignore it.
            if (record != null && key.equals(record.key)) {
                out.add(toAction(record));
            }
        }
        return out;
    }

    @Override
    public List<SavedAction> list(String partition) {
        return query(partition, RECORD, MAX_LISTED).stream().map(this::toAction).toList();
    }

    @Override
    public Optional<ActionRevision> revision(String partition, String actionId, int revision) {
        return Optional.ofNullable(get(partition, revisionSk(actionId, revision))).map(this::toRevision);
    }

    @Override
    public List<ActionRevision> revisions(String partition, String actionId) {
        return query(partition, REVISION + actionId + "#", MAX_LISTED).stream().map(this::toRevision).toList();
    }

    private Item get(String partition, String sk) {
        return Items.get(table, partition, sk);
    }

    private List<Item> query(String partition, String prefix, int max) {
        return Items.withPrefix(table, partition, prefix, max);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void create(SavedAction a) {
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(table, put(toRecord(a)));
        if (a.key() != null) {
            tx.addPutItem(table, put(claim(a)));
        }
        tx.addPutItem(table, put(toRevisionItem(a, a.content(), a.revision())));
        try {
            enhanced.transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
            int failed = Transactions.failedCondition(e);
            if (failed == 1 && a.key() != null) {
                throw keyTaken(a);
            }
            if (failed >= 0) {
                throw new ApiException(ErrorCode.ALREADY_EXISTS, "Action '" + a.id() + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public void update(SavedAction previous, SavedAction next) {
        List<String> parts = new ArrayList<>();
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(table, Items.transactPutIf(table, toRecord(next), Items.versionIs(previous.version())));
        parts.add("record");
        if (next.revision() != previous.revision()) {
            tx.addPutItem(table, put(toRevisionItem(next, next.content(), next.revision())));
            parts.add("revision");
        }
        if (!Objects.equals(previous.key(), next.key())) {
            if (previous.key() != null) {
                tx.addDeleteItem(table, Key.builder().partitionValue(previous.partition())
                    .sortValue(claimSk(previous.key(), previous.scope())).build());
                parts.add("old claim");
            }
            if (next.key() != null) {
                tx.addPutItem(table, put(claim(next)));
                parts.add("claim");
            }
        }
        try {
            enhanced.transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
            int failed = Transactions.failedCondition(e);
            if (failed >= 0 && "claim".equals(parts.get(failed))) {
                throw keyTaken(next);
            }
            if (failed >= 0) {
                throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "The action changed concurrently; read it again and retry");
            }
            throw e;
        }
    }

    private TransactPutItemEnhancedRequest<Item> put(Item item) {
        return Items.transactPutIf(table, item, Items.absent("sk"));
    }

    private static ApiException keyTaken(SavedAction a) {
        return new ApiException(ErrorCode.ALREADY_EXISTS, "An action with key '" + a.key() + "' already exists at this level ("
            + a.describeScope() + "); the same key may exist once per level");
    }

    // ------------------------------------------------------------------ mapping

    private Item claim(SavedAction a) {
        Item c = new Item();
        c.pk = a.partition();
        c.sk = claimSk(a.key(), a.scope());
        c.id = a.id();
        c.key = a.key();
        c.scope = a.scope();
        return c;
    }

    private Item toRecord(SavedAction a) {
        Item i = new Item();
        i.pk = a.partition();
        i.sk = RECORD + a.id();
        i.id = a.id();
        i.scope = a.scope();
        i.layer = a.layer();
        i.tenantKey = a.tenantKey();
        i.integrationId = a.integrationId();
        i.integrationKey = a.integrationKey();
        i.connectorKey = a.connectorKey();
        i.connectionId = a.connectionId();
        i.connectionKey = a.connectionKey();
        content(i, a.content());
        i.revision = a.revision();
        i.createdAt = JsonAttributes.instant(a.createdAt());
        i.updatedAt = JsonAttributes.instant(a.updatedAt());
        i.archivedAt = JsonAttributes.instant(a.archivedAt());
        i.version = a.version();
        return i;
    }

    private Item toRevisionItem(SavedAction a, ActionContent content, int revision) {
        Item i = new Item();
        i.pk = a.partition();
        i.sk = revisionSk(a.id(), revision);
        i.id = a.id();
        content(i, content);
        i.revision = revision;
        i.createdAt = JsonAttributes.instant(a.updatedAt());
        return i;
    }

    private void content(Item i, ActionContent c) {
        i.key = c.key();
        i.name = c.name();
        i.description = c.description();
        i.type = c.type();
        i.config = json.write(c.config());
        i.inputSchema = json.write(c.inputSchema());
        i.outputSchema = json.write(c.outputSchema());
        i.idempotent = c.idempotent() ? Boolean.TRUE : null;
    }

    private ActionContent content(Item i) {
        return new ActionContent(i.key, i.name, i.description, i.type, json.read(i.config, ObjectNode.class),
            json.read(i.inputSchema, JsonNode.class), json.read(i.outputSchema, JsonNode.class), Boolean.TRUE.equals(i.idempotent));
    }

    private SavedAction toAction(Item i) {
        String workspaceId = i.tenantKey == null ? i.pk : i.pk.substring(0, i.pk.length() - i.tenantKey.length() - 1);
        return new SavedAction(i.id, workspaceId, i.layer, i.tenantKey, i.integrationId, i.integrationKey, i.connectorKey,
            i.connectionId, i.connectionKey, content(i), i.revision == null ? 1 : i.revision, JsonAttributes.instant(i.createdAt),
            JsonAttributes.instant(i.updatedAt), JsonAttributes.instant(i.archivedAt), i.version == null ? 0 : i.version);
    }

    private ActionRevision toRevision(Item i) {
        return new ActionRevision(i.id, i.revision == null ? 1 : i.revision, content(i), JsonAttributes.instant(i.createdAt));
    }
}
