package dev.actgate.shared.storage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read cache shared by the connection and integration decorators, on its own (no table, no I/O). */
class RecordCacheTest {
    record Rec(String id, String key, int version) {
    }

    final RecordCache<Rec> cache = new RecordCache<>(new ReadCacheSettings(true, Duration.ofMinutes(10), 100), Rec::id);
    final AtomicInteger reads = new AtomicInteger();

    Optional<Rec> read(Rec r) {
        reads.incrementAndGet();
        return Optional.ofNullable(r);
    }

    @Test
    void foundRecordsAreKeptAndMissesAreAskedAgain() {
        Rec a = new Rec("id_1", "main", 1);
        assertEquals(a, cache.byId("ws#alice", "id_1", () -> read(a)).orElseThrow());
        assertEquals(a, cache.byId("ws#alice", "id_1", () -> read(null)).orElseThrow(), "the hit does not read");
        assertTrue(cache.byKey("ws#alice", "other", () -> read(null)).isEmpty());
        assertTrue(cache.byKey("ws#alice", "other", () -> read(null)).isEmpty());
        assertEquals(3, reads.get(), "one read for the id, two for the key that was not found");
    }

    @Test
    void anEntryAnswersOnlyItsOwnPartitionAndItsOwnKind() {
        Rec a = new Rec("id_1", "main", 1);
        cache.byKey("ws#alice", "main", () -> read(a));
        assertTrue(cache.byKey("ws#bob", "main", () -> read(null)).isEmpty(), "alice's key is not bob's");
        assertTrue(cache.byId("ws#alice", "main", () -> read(null)).isEmpty(), "a key is not an id");
    }

    @Test
    void forgettingAnIdDropsEveryEntryHoldingThatRecordInThePartition() {
        Rec a = new Rec("id_1", "main", 1);
        cache.byId("ws#alice", "id_1", () -> read(a));
        cache.byKey("ws#alice", "main", () -> read(a));
        cache.byKey("ws#bob", "main", () -> read(new Rec("id_1", "main", 7)));
        cache.forget("ws#alice", "id_1", null);
        Rec v2 = new Rec("id_1", "main", 2);
        assertEquals(2, cache.byId("ws#alice", "id_1", () -> read(v2)).orElseThrow().version());
        assertEquals(2, cache.byKey("ws#alice", "main", () -> read(v2)).orElseThrow().version(), "the key entry went too");
        assertEquals(7, cache.byKey("ws#bob", "main", () -> read(null)).orElseThrow().version(), "another partition keeps its own");
    }

    @Test
    void forgettingAKeyDropsThatKeysEntry() {
        cache.byKey("ws", "old", () -> read(new Rec("id_1", "old", 1)));
        cache.forget("ws", null, "old");
        assertTrue(cache.byKey("ws", "old", () -> read(null)).isEmpty());
    }
}
