package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The storage pattern every addressable record uses (connections, integrations, actions): in one partition, the
 * record at {@code sk = <recordPrefix><id>} and a pointer claiming its key at {@code sk = K#<key>}, written and moved
 * in the same transaction, so keys are unique within the partition and a lookup by key is two strongly consistent
 * reads. Updates are optimistic on the record's {@code version}.
 *
 * @param <I> the item class; its schema must have string {@code pk}, {@code sk} and {@code id}, and a {@code version}
 */
public final class KeyedTable<I> {
    public static final String KEY_PREFIX = "K#";

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<I> table;
    private final String recordPrefix;
    private final String what;

    /** {@code what} names the record in errors ("connection", "integration"). */
    public KeyedTable(DynamoDbEnhancedClient enhanced, DynamoDbTable<I> table, String recordPrefix, String what) {
        this.enhanced = enhanced;
        this.table = table;
        this.recordPrefix = recordPrefix;
        this.what = what;
    }

    public String recordSk(String id) {
        return recordPrefix + id;
    }

    public I get(String pk, String id) {
        return Items.get(table, pk, recordSk(id));
    }

    public I getByKey(String pk, String key) {
        I pointer = Items.get(table, pk, KEY_PREFIX + key);
        return pointer == null ? null : get(pk, idOf(pointer));
    }

    private String idOf(I item) {
        return table.tableSchema().attributeValue(item, "id").s();
    }

    /** The pointer item {@code (pk, sk = K#key, id)} that claims a key. */
    private I pointer(String pk, String key, String id) {
        return table.tableSchema().mapToItem(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(KEY_PREFIX + key),
            "id", AttributeValue.fromS(id)));
    }

    /** Writes a new record and claims its key (if any) atomically; ALREADY_EXISTS when the key is taken. */
    public void create(String pk, I item, String key) {
        Expression notExists = Items.absent("sk");
        if (key == null) {
            if (!Items.putIf(table, item, notExists)) {
                throw new ApiException(ErrorCode.ALREADY_EXISTS, what + " already exists");
            }
            return;
        }
        try {
            enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(table, Items.transactPutIf(table, item, notExists))
                .addPutItem(table, Items.transactPutIf(table, pointer(pk, key, idOf(item)), notExists))
                .build());
        } catch (TransactionCanceledException e) {
            if (Transactions.failedCondition(e) >= 0) {
                throw keyTaken(key);
            }
            throw e;
        }
    }

    /**
     * Replaces the record if its stored version is still {@code expectedVersion}, moving the key claim from
     * {@code previousKey} to {@code nextKey} in the same transaction when they differ.
     */
    public void update(String pk, I next, long expectedVersion, String previousKey, String nextKey) {
        Expression sameVersion = Items.versionIs(expectedVersion);
        if (java.util.Objects.equals(previousKey, nextKey)) {
            if (!Items.putIf(table, next, sameVersion)) {
                throw concurrentChange();
            }
            return;
        }
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(table, Items.transactPutIf(table, next, sameVersion));
        if (previousKey != null) {
            tx.addDeleteItem(table, Key.builder().partitionValue(pk).sortValue(KEY_PREFIX + previousKey).build());
        }
        if (nextKey != null) {
            tx.addPutItem(table, Items.transactPutIf(table, pointer(pk, nextKey, idOf(next)), Items.absent("sk")));
        }
        try {
            enhanced.transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
            int failed = Transactions.failedCondition(e);
            if (failed == 0) {
                throw concurrentChange();
            }
            if (failed > 0) {
                throw keyTaken(nextKey);
            }
            throw e;
        }
    }

    private ApiException keyTaken(String key) {
        return new ApiException(ErrorCode.ALREADY_EXISTS, "A " + what + " with key '" + key + "' already exists");
    }

    /**
     * The filter every list uses: archived records hidden unless asked for, exact matches on some attributes, and a
     * case-insensitive {@code search} over the record's {@code searchText}. Null when there is nothing to filter.
     */
    public static Expression listFilter(boolean includeArchived, Map<String, String> equals, String search) {
        List<String> parts = new ArrayList<>();
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        if (!includeArchived) {
            parts.add("attribute_not_exists(archivedAt)");
        }
        equals.forEach((attribute, value) -> {
            if (value != null) {
                parts.add(attribute + " = :" + attribute);
                values.put(":" + attribute, AttributeValue.fromS(value));
            }
        });
        if (search != null && !search.isBlank()) {
            parts.add("contains(searchText, :search)");
            values.put(":search", AttributeValue.fromS(search.toLowerCase(java.util.Locale.ROOT)));
        }
        return parts.isEmpty() ? null : Expression.builder().expression(String.join(" AND ", parts))
            .expressionValues(values.isEmpty() ? null : values).build();
    }

    public ApiException concurrentChange() {
        return new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS, "The " + what + " changed concurrently; read it again and retry");
    }

    /**
     * Records of the partition in sort-key (creation) order, filtered; fills a page across DynamoDB pages so
     * filters never return short pages with a cursor, and cursors point at the last item returned.
     */
    public <T> Page<T> list(String pk, Expression filter, PageRequest page, Function<I, T> mapper) {
        Map<String, AttributeValue> start = Cursors.decode(page.cursor(), "pk", pk, Set.of("sk"));
        if (start != null && !start.get("sk").s().startsWith(recordPrefix)) {
            throw ApiException.validation("Invalid cursor: pass the cursor value from a previous page unchanged");
        }
        List<I> items = new ArrayList<>();
        Map<String, AttributeValue> last;
        do {
            QueryEnhancedRequest.Builder q = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBeginsWith(Key.builder().partitionValue(pk).sortValue(recordPrefix).build()))
                .consistentRead(true)
                .limit(page.limit() - items.size())
                .exclusiveStartKey(start);
            if (filter != null) {
                q.filterExpression(filter);
            }
            var result = table.query(q.build()).iterator().next();
            items.addAll(result.items());
            last = result.lastEvaluatedKey();
            start = last;
        } while (items.size() < page.limit() && last != null && !last.isEmpty());
        String cursor = null;
        if (last != null && !last.isEmpty()) {
            String sk = items.isEmpty() ? last.get("sk").s() : recordSk(idOf(items.get(items.size() - 1)));
            cursor = Cursors.encode(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)), "pk");
        }
        return new Page<>(items.stream().map(mapper).toList(), cursor);
    }
}
