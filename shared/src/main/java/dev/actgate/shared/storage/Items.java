package dev.actgate.shared.storage;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reads and conditional writes the repositories share over an enhanced-client table: strongly consistent gets,
 * "all items whose sort key starts with" queries, and puts guarded by "not there yet" or "still at this version".
 */
public final class Items {
    /** DynamoDB's limit on a sort key; a longer one cannot be stored, so reading it is answered without a call. */
    public static final int MAX_SORT_KEY = 1024;

    private Items() {
    }

    /** The item at {@code (pk, sk)}, read strongly consistently; null when there is none. */
    public static <I> I get(DynamoDbTable<I> table, String pk, String sk) {
        if (sk.length() > MAX_SORT_KEY) {
            return null;
        }
        return table.getItem(GetItemEnhancedRequest.builder()
            .key(Key.builder().partitionValue(pk).sortValue(sk).build()).consistentRead(true).build());
    }

    /** The items of partition {@code pk} whose sort key starts with {@code prefix}, in order, at most {@code max}. */
    public static <I> List<I> withPrefix(DynamoDbTable<I> table, String pk, String prefix, int max) {
        List<I> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Page<I> page = table.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBeginsWith(Key.builder().partitionValue(pk).sortValue(prefix).build()))
                .consistentRead(true).exclusiveStartKey(start).build()).iterator().next();
            out.addAll(page.items());
            start = page.lastEvaluatedKey();
        } while (start != null && !start.isEmpty() && out.size() < max);
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** The condition "no item at this key yet", on the given key attribute. */
    public static Expression absent(String keyAttribute) {
        return Expression.builder().expression("attribute_not_exists(" + keyAttribute + ")").build();
    }

    /** The condition "the stored item is still at {@code version}" (optimistic updates). */
    public static Expression versionIs(long version) {
        return Expression.builder().expression("version = :v")
            .expressionValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))).build();
    }

    /** Puts the item when the condition holds; false when it did not (nothing written). */
    public static <I> boolean putIf(DynamoDbTable<I> table, I item, Expression condition) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(itemClass(table)).item(item).conditionExpression(condition).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The same conditional put, as one part of a transaction. */
    public static <I> TransactPutItemEnhancedRequest<I> transactPutIf(DynamoDbTable<I> table, I item, Expression condition) {
        return TransactPutItemEnhancedRequest.builder(itemClass(table)).item(item).conditionExpression(condition).build();
    }

    private static <I> Class<I> itemClass(DynamoDbTable<I> table) {
        return table.tableSchema().itemType().rawClass();
    }
}
