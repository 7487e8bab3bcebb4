package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

/** The pure parts of {@link KeyedTable}: the list filter, the record sort key and the errors it names (no I/O). */
class KeyedTableTest {
    public static final class Item {
        public String pk, sk, id, key, searchText, archivedAt;
        public Long version;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).tag("sk", primarySortKey()).build();

    /** A table object only: building it sends nothing (the endpoint is never called by these tests). */
    static KeyedTable<Item> table() {
        DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        return new KeyedTable<>(enhanced, enhanced.table("things", SCHEMA), "T#", "thing");
    }

    @Test
    void nothingToFilterIsNoFilter() {
        assertNull(KeyedTable.listFilter(true, Map.of(), null));
        assertNull(KeyedTable.listFilter(true, Map.of(), "  "));
        Map<String, String> unset = new LinkedHashMap<>();
        unset.put("integrationId", null);
        assertNull(KeyedTable.listFilter(true, unset, null), "an attribute asked for with no value filters nothing");
    }

    @Test
    void archivedRecordsAreHiddenUnlessAskedFor() {
        Expression hidden = KeyedTable.listFilter(false, Map.of(), null);
        assertEquals("attribute_not_exists(archivedAt)", hidden.expression());
        assertNull(hidden.expressionValues(), "no placeholders, no values (DynamoDB refuses an empty value map)");
    }

    @Test
    void equalsAndSearchAreAndedWithTheirValuesBound() {
        Map<String, String> equals = new LinkedHashMap<>();
        equals.put("integrationId", "int_1");
        Expression e = KeyedTable.listFilter(false, equals, "Acme CRM");
        assertEquals("attribute_not_exists(archivedAt) AND integrationId = :integrationId AND contains(searchText, :search)",
            e.expression());
        assertEquals(Map.of(":integrationId", AttributeValue.fromS("int_1"), ":search", AttributeValue.fromS("acme crm")),
            e.expressionValues(), "search is case-insensitive: matched lower-cased against searchText");
    }

    @Test
    void recordsLiveUnderTheirPrefixAndClaimsUnderK() {
        assertEquals("T#thing_1", table().recordSk("thing_1"));
        assertEquals("K#", KeyedTable.KEY_PREFIX);
    }

    @Test
    void aConcurrentChangeIsAConflictTheCallerCanRetry() {
        ApiException e = table().concurrentChange();
        assertEquals(ErrorCode.IDEMPOTENCY_IN_PROGRESS, e.code());
        assertTrue(e.getMessage().startsWith("The thing changed concurrently"), e.getMessage());
    }
}
