package dev.actgate.shared.connections;

import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.storage.ReadCacheSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decorator's rules without I/O, against an in-memory table that counts reads: hits read nothing, every write of
 * this instance (including a lost condition) drops the record's entries, entries never cross scopes, misses are not
 * cached. (The same rules through the real handler and DynamoDB Local: the act function's ReadCacheIntegrationTest.)
 */
class CachingConnectionRepositoryTest {
    static final String ALICE = "ws1#alice";
    static final String BOB = "ws1#bob";

    /** An in-memory ConnectionRepository keyed like the table (scope + id, scope + key), counting reads. */
    static final class MemoryTable implements ConnectionRepository {
        final Map<String, Connection> byId = new HashMap<>();
        final Map<String, Connection> byKey = new HashMap<>();
        int reads;
        boolean leaseWins = true;

        void put(String scope, Connection c) {
            byId.put(scope + "|" + c.id(), c);
            byKey.put(scope + "|" + c.key(), c);
        }

        @Override
        public Optional<Connection> findById(String scope, String id) {
            reads++;
            return Optional.ofNullable(byId.get(scope + "|" + id));
        }

        @Override
        public Optional<Connection> findByKey(String scope, String key) {
            reads++;
            return Optional.ofNullable(byKey.get(scope + "|" + key));
        }

        @Override
        public Page<Connection> list(String scope, String integrationId, String search, boolean includeArchived, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void create(String scope, Connection c) {
            put(scope, c);
        }

        @Override
        public void update(String scope, Connection previous, Connection next) {
            byKey.remove(scope + "|" + previous.key());
            put(scope, next);
        }

        @Override
        public boolean acquireRefreshLease(String scope, String id, long credentialsVersion, Instant leaseUntil) {
            return leaseWins;
        }

        @Override
        public boolean storeRefreshed(String scope, Connection next, long expectedCredentialsVersion) {
            put(scope, next);
            return true;
        }

        @Override
        public void putConnectState(String scope, String nonce, String data, Instant expiresAt) {
        }

        @Override
        public Optional<String> takeConnectState(String scope, String nonce) {
            return Optional.empty();
        }
    }

    static Connection connection(String id, String key, String tenant, long version) {
        return new Connection.Builder().id(id).key(key).workspaceId("ws1").tenantKey(tenant).state(ConnectionState.READY)
            .version(version).build();
    }

    static CachingConnectionRepository cached(MemoryTable table) {
        return new CachingConnectionRepository(table, new ReadCacheSettings(true, Duration.ofMinutes(10), 10_000));
    }

    @Test
    void hitsReadNothingAndMissesAreNotCached() {
        MemoryTable table = new MemoryTable();
        CachingConnectionRepository repo = cached(table);
        assertTrue(repo.findByKey(ALICE, "main").isEmpty());
        table.put(ALICE, connection("conn_1", "main", "alice", 1));
        assertTrue(repo.findByKey(ALICE, "main").isPresent(), "a miss is not remembered");
        int reads = table.reads;
        for (int i = 0; i < 5; i++) {
            repo.findByKey(ALICE, "main");
            repo.findById(ALICE, "conn_1");
        }
        assertEquals(reads + 1, table.reads, "one read for the id entry, none for the hits");
    }

    @Test
    void entriesNeverCrossScopes() {
        MemoryTable table = new MemoryTable();
        table.put(ALICE, connection("conn_1", "main", "alice", 1));
        table.put(BOB, connection("conn_2", "main", "bob", 1));
        CachingConnectionRepository repo = cached(table);
        assertEquals("conn_1", repo.findByKey(ALICE, "main").orElseThrow().id());
        assertEquals("conn_2", repo.findByKey(BOB, "main").orElseThrow().id());
        assertTrue(repo.findById(BOB, "conn_1").isEmpty(), "alice's cached id is not bob's");
        assertEquals("conn_1", repo.findByKey(ALICE, "main").orElseThrow().id());
    }

    @Test
    void ownWritesDropTheEntriesByIdAndByOldAndNewKey() {
        MemoryTable table = new MemoryTable();
        Connection v1 = connection("conn_1", "main", "alice", 1);
        table.put(ALICE, v1);
        CachingConnectionRepository repo = cached(table);
        repo.findByKey(ALICE, "main");
        repo.findById(ALICE, "conn_1");
        Connection renamed = v1.toBuilder().key("renamed").state(ConnectionState.DISCONNECTED).version(2).build();
        repo.update(ALICE, v1, renamed);
        assertEquals(ConnectionState.DISCONNECTED, repo.findById(ALICE, "conn_1").orElseThrow().state());
        assertTrue(repo.findByKey(ALICE, "main").isEmpty(), "the old key is gone at once");
        assertEquals(2, repo.findByKey(ALICE, "renamed").orElseThrow().version());
    }

    @Test
    void aLostRefreshLeaseDropsTheEntriesEvenByKey() {
        MemoryTable table = new MemoryTable();
        Connection v1 = connection("conn_1", "main", "alice", 1);
        table.put(ALICE, v1);
        CachingConnectionRepository repo = cached(table);
        repo.findByKey(ALICE, "main");
        // Another instance refreshed the credentials meanwhile: our copy is stale and our lease attempt loses.
        table.put(ALICE, v1.toBuilder().credentialsVersion(5).version(2).build());
        table.leaseWins = false;
        assertFalse(repo.acquireRefreshLease(ALICE, "conn_1", 0, Instant.now().plusSeconds(30)));
        assertEquals(5, repo.findByKey(ALICE, "main").orElseThrow().credentialsVersion(), "the key entry was dropped too");
    }
}
