package dev.actgate.shared.storage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

/** A stored form's schema read off its public fields: names, types, key tags, and what it refuses. */
class ItemSchemaTest {
    public static final class Item {
        public static final String NOT_AN_ATTRIBUTE = "constants are not stored";
        public String pk, sk, owner, name;
        public Integer revision;
        public Long version;
        public Boolean archived;
        String packagePrivateIsNotStored;
    }

    static final TableSchema<Item> SCHEMA = ItemSchema.of(Item.class, Item::new)
        .tag("pk", primaryPartitionKey()).tag("sk", primarySortKey(), secondarySortKey("byOwner"))
        .tag("owner", secondaryPartitionKey("byOwner")).build();

    @Test
    void everyPublicInstanceFieldIsAnAttributeNamedAsTheField() {
        assertEquals(List.of("pk", "sk", "owner", "name", "revision", "version", "archived"), SCHEMA.attributeNames());
    }

    @Test
    void theTaggedAttributesAreTheKeys() {
        TableMetadata m = SCHEMA.tableMetadata();
        assertEquals("pk", m.primaryPartitionKey());
        assertEquals("sk", m.primarySortKey().orElseThrow());
        assertEquals("owner", m.indexPartitionKey("byOwner"));
        assertEquals("sk", m.indexSortKey("byOwner").orElseThrow());
    }

    @Test
    void valuesRoundTripWithTheirDynamoDbTypesAndNullsAreLeftOut() {
        Item i = new Item();
        i.pk = "ws_1";
        i.sk = "A#1";
        i.revision = 3;
        i.version = 12L;
        i.archived = Boolean.TRUE;
        Map<String, AttributeValue> stored = SCHEMA.itemToMap(i, true);
        assertEquals(Map.of("pk", AttributeValue.fromS("ws_1"), "sk", AttributeValue.fromS("A#1"), "revision", AttributeValue.fromN("3"),
            "version", AttributeValue.fromN("12"), "archived", AttributeValue.fromBool(true)), stored);
        Item back = SCHEMA.mapToItem(stored);
        assertEquals("ws_1", back.pk);
        assertEquals(3, back.revision);
        assertEquals(12L, back.version);
        assertTrue(back.archived);
        assertNull(back.name);
        assertFalse(stored.containsKey("packagePrivateIsNotStored"));
    }

    public static final class Nested {
        public String pk;
        public Map<String, String> meta;
    }

    public static final class Frozen {
        public final String pk = "x";
    }

    public static final class Empty {
    }

    @Test
    void aNestedFieldAFinalFieldOrNoFieldsAtAllIsRefusedWhenTheSchemaIsBuilt() {
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class, () -> ItemSchema.of(Nested.class, Nested::new).build());
        assertTrue(nested.getMessage().contains("meta") && nested.getMessage().contains("JSON text"), nested.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemSchema.of(Frozen.class, Frozen::new).build());
        assertThrows(IllegalArgumentException.class, () -> ItemSchema.of(Empty.class, Empty::new).build());
    }

    @Test
    void taggingAnAttributeTheClassDoesNotHaveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ItemSchema.of(Item.class, Item::new).tag("partition", primaryPartitionKey()).build());
        assertTrue(e.getMessage().contains("'partition'"), e.getMessage());
    }
}
