package dev.actgate.shared.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.storage.TableNames;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotency table: one item per scoped key ({@code pk}), {@code state} IN_PROGRESS or DONE, TTL on
 * {@code expiresAt}. Claims are conditional writes, so two invocations never both run the same request; an expired
 * claim (a crashed attempt) may be taken over.
 */
@Singleton
public class DynamoIdempotencyRepository implements IdempotencyRepository {
    /** The table's only key (template.yaml declares it; TemplateTablesTest checks). */
    public static final String KEY_ATTRIBUTE = "pk";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;

    public DynamoIdempotencyRepository(DynamoDbClient dynamo, TableNames tables, ObjectMapper json) {
        this.dynamo = dynamo;
        this.table = tables.idempotency();
        this.json = json;
    }

    @Override
    public boolean claim(String key, String requestHash, String owner, Instant now, Instant claimExpiresAt) {
        try {
            dynamo.putItem(p -> p.tableName(table)
                .item(Map.of(KEY_ATTRIBUTE, s(key), "state", s(IN_PROGRESS), "requestHash", s(requestHash), "owner", s(owner),
                    "expiresAt", n(claimExpiresAt.getEpochSecond())))
                .conditionExpression("attribute_not_exists(" + KEY_ATTRIBUTE + ") OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of(KEY_ATTRIBUTE, s(key))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        boolean done = DONE.equals(item.get("state").s());
        return Optional.of(new IdempotencyRecord(item.get("requestHash").s(), done,
            done ? Integer.parseInt(item.get("status").n()) : 0, done ? item.get("body").s() : null,
            done ? read(item.get("headers").s()) : Map.of()));
    }

    @Override
    public boolean complete(String key, String requestHash, String owner, int status, String body, Map<String, String> headers,
                            Instant expiresAt) {
        try {
            dynamo.putItem(p -> p.tableName(table)
                .item(Map.of(KEY_ATTRIBUTE, s(key), "state", s(DONE), "requestHash", s(requestHash), "owner", s(owner),
                    "status", n(status), "body", s(body), "headers", s(write(headers)), "expiresAt", n(expiresAt.getEpochSecond())))
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", "owner"))
                .expressionAttributeValues(Map.of(":owner", s(owner))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String key, String owner) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of(KEY_ATTRIBUTE, s(key))).conditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", "owner")).expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (RuntimeException e) {
            // It expires on its own.
        }
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String s) {
        try {
            return s == null ? Map.of() : json.readValue(s, STRING_MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
