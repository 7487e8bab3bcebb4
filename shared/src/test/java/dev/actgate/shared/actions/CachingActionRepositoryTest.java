package dev.actgate.shared.actions;

import dev.actgate.shared.storage.ReadCacheSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CachingActionRepository's rules without I/O, against an in-memory table that counts reads: hits read nothing, empty
 * answers are cached too (within the bound), entries never cross partitions (workspace, tenant), every write drops
 * its partition's entries, and entries expire after the bound. (Through the real handler and DynamoDB Local: the act
 * function's ReadCacheIntegrationTest.)
 */
class CachingActionRepositoryTest {
    static final String WS = "ws1";
    static final String ALICE = "ws1#alice";
    static final String BOB = "ws1#bob";

    static final class MemoryTable implements ActionRepository {
        final List<SavedAction> rows = new ArrayList<>();
        int reads;

        @Override
        public Optional<SavedAction> findById(String partition, String id) {
            reads++;
            return rows.stream().filter(a -> a.partition().equals(partition) && a.id().equals(id)).findFirst();
        }

        @Override
        public List<SavedAction> findByKey(String partition, String key) {
            reads++;
            return rows.stream().filter(a -> a.partition().equals(partition) && key.equals(a.key())).toList();
        }

        @Override
        public List<SavedAction> list(String partition) {
            reads++;
            return rows.stream().filter(a -> a.partition().equals(partition)).toList();
        }

        @Override
        public Optional<ActionRevision> revision(String partition, String actionId, int revision) {
            reads++;
            return rows.stream().filter(a -> a.partition().equals(partition) && a.id().equals(actionId)).findFirst()
                .map(a -> new ActionRevision(a.id(), revision, a.content(), a.createdAt()));
        }

        @Override
        public List<ActionRevision> revisions(String partition, String actionId) {
            reads++;
            return List.of();
        }

        @Override
        public void create(SavedAction action) {
            rows.add(action);
        }

        @Override
        public void update(SavedAction previous, SavedAction next) {
            rows.remove(previous);
            rows.add(next);
        }
    }

    static SavedAction action(String id, String tenant, String key, String path) {
        ActionContent content = new ActionContent(key, key, null, ActionDefinition.API_REQUEST,
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("path", path), null, null, false);
        return new SavedAction(id, WS, tenant == null ? SavedAction.UNIVERSAL : SavedAction.CONNECTION, tenant, null, null, null,
            tenant == null ? null : "con_1", null, content, 1, Instant.EPOCH, Instant.EPOCH, null, 1);
    }

    static ReadCacheSettings ttl(Duration ttl) {
        return new ReadCacheSettings(true, ttl, 10_000);
    }

    @Test
    void hitsAndEmptyAnswersReadNothingWithinTheBound() {
        MemoryTable table = new MemoryTable();
        table.create(action("act_1", null, "list", "/a"));
        CachingActionRepository cache = new CachingActionRepository(table, ttl(Duration.ofMinutes(10)));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, cache.findByKey(WS, "list").size());
            assertEquals(0, cache.findByKey(ALICE, "list").size(), "alice has no override");
            assertTrue(cache.findById(WS, "act_1").isPresent());
            assertTrue(cache.revision(WS, "act_1", 1).isPresent());
        }
        assertEquals(4, table.reads, "one read per distinct lookup");
        cache.list(WS);
        cache.list(WS);
        assertEquals(6, table.reads, "listing is never cached");
    }

    @Test
    void partitionsNeverShareAnEntryAndAWriteDropsItsPartition() {
        MemoryTable table = new MemoryTable();
        CachingActionRepository cache = new CachingActionRepository(table, ttl(Duration.ofMinutes(10)));
        SavedAction aliceOnly = action("act_2", "alice", "who", "/alice");
        cache.create(aliceOnly);
        assertEquals(List.of(aliceOnly), cache.findByKey(ALICE, "who"));
        assertEquals(List.of(), cache.findByKey(BOB, "who"), "alice's override is not bob's");
        assertEquals(Optional.empty(), cache.findById(BOB, "act_2"));
        assertEquals(List.of(), cache.findByKey(WS, "who"));
        int before = table.reads;
        SavedAction renamed = new SavedAction(aliceOnly.id(), WS, aliceOnly.layer(), "alice", null, null, null, "con_1", null,
            new ActionContent("who", "who", null, ActionDefinition.API_REQUEST, null, null, null, false), 2, Instant.EPOCH,
            Instant.EPOCH, Instant.EPOCH, 2);
        cache.update(aliceOnly, renamed);
        assertTrue(cache.findByKey(ALICE, "who").get(0).archived(), "this instance's write is seen at once");
        assertEquals(List.of(), cache.findByKey(BOB, "who"));
        assertEquals(before + 1, table.reads, "only alice's partition was dropped");
    }

    @Test
    void entriesExpireAfterTheBound() throws InterruptedException {
        MemoryTable table = new MemoryTable();
        CachingActionRepository cache = new CachingActionRepository(table, ttl(Duration.ofMillis(100)));
        assertEquals(List.of(), cache.findByKey(ALICE, "late"));
        table.create(action("act_3", "alice", "late", "/late"));   // written elsewhere: not through the cache
        assertEquals(List.of(), cache.findByKey(ALICE, "late"), "within the bound the empty answer stands");
        Thread.sleep(250);
        assertEquals(1, cache.findByKey(ALICE, "late").size(), "past the bound the new action is read");
    }
}
