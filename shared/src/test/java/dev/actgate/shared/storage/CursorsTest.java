package dev.actgate.shared.storage;

import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cursors are opaque, round-trip, and can never carry a partition of their own. */
class CursorsTest {
    static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyRoundTripsAndThePartitionComesFromTheCaller() {
        String cursor = Cursors.encode(Map.of("pk", AttributeValue.fromS("ws_1#alice"), "sk", AttributeValue.fromS("C#conn_1")), "pk");
        assertTrue(!cursor.contains("alice") && !new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).contains("alice"),
            "the partition is not in the cursor");
        Map<String, AttributeValue> key = Cursors.decode(cursor, "pk", "ws_1#bob", Set.of("sk"));
        assertEquals("C#conn_1", key.get("sk").s());
        assertEquals("ws_1#bob", key.get("pk").s(), "the caller's own partition, whatever the cursor was made from");
    }

    @Test
    void noKeyNoCursor() {
        assertNull(Cursors.encode(Map.of(), "pk"));
        assertNull(Cursors.encode(null, "pk"));
        assertNull(Cursors.decode(null, "pk", "p", Set.of("sk")));
        assertNull(Cursors.decode(" ", "pk", "p", Set.of("sk")));
    }

    @Test
    void aCursorNamingThePartitionOrAnUnknownAttributeIsRefused() {
        String withPartition = b64("pk\u001fws_1#alice\u001fsk\u001fC#x\u001f");
        assertEquals(400, assertThrows(ApiException.class, () -> Cursors.decode(withPartition, "pk", "ws_1#bob", Set.of("sk", "pk")))
            .code().status());
        String unknown = b64("gsi\u001fx\u001f");
        assertThrows(ApiException.class, () -> Cursors.decode(unknown, "pk", "p", Set.of("sk")));
    }

    @ParameterizedTest(name = "malformed cursor \"{0}\" → 400")
    @ValueSource(strings = {"not base64!", "c2s", "AAAA", "b2Zmc2V0OjM"})
    void malformedCursorsAreA400(String cursor) {
        ApiException e = assertThrows(ApiException.class, () -> Cursors.decode(cursor, "pk", "p", Set.of("sk")));
        assertEquals(400, e.code().status());
        assertTrue(e.getMessage().startsWith("Invalid cursor"), e.getMessage());
    }

    @Test
    void offsetsUseTheSameFormat() {
        assertEquals(0, Cursors.decodeOffset(null));
        assertEquals(25, Cursors.decodeOffset(Cursors.encodeOffset(25)));
        assertEquals("offset\u001f25\u001f", new String(Base64.getUrlDecoder().decode(Cursors.encodeOffset(25)), StandardCharsets.UTF_8));
        String keyCursor = Cursors.encode(Map.of("sk", AttributeValue.fromS("x")), "pk");
        assertThrows(ApiException.class, () -> Cursors.decodeOffset(keyCursor), "a query's cursor is not an offset");
        assertThrows(ApiException.class, () -> Cursors.decodeOffset(b64("offset\u001f-1\u001f")));
        assertThrows(ApiException.class, () -> Cursors.decodeOffset(b64("offset\u001f99999999999\u001f")));
        assertThrows(ApiException.class, () -> Cursors.decodeOffset(b64("offset:3")), "the old offset spelling is gone");
    }
}
