package dev.actgate.shared.storage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The conditions the repositories' writes are guarded by (pure; the reads and puts are covered on DynamoDB Local). */
class ItemsTest {
    @Test
    void absentNamesTheKeyAttribute() {
        Expression e = Items.absent("sk");
        assertEquals("attribute_not_exists(sk)", e.expression());
        assertNull(e.expressionValues());
    }

    @Test
    void versionIsBindsTheExpectedVersionAsANumber() {
        Expression e = Items.versionIs(41);
        assertEquals("version = :v", e.expression());
        assertEquals(Map.of(":v", AttributeValue.fromN("41")), e.expressionValues());
    }
}
