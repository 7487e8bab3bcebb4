package dev.actgate.shared.connections;

import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.storage.JsonAttributes;
import dev.actgate.shared.storage.Page;
import dev.actgate.shared.storage.PageRequest;
import dev.actgate.shared.testing.TestStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the connections repository must do, run against every DynamoDB we support: DynamoDB Local here, LocalStack
 * where a Docker engine exists. Each test works in a fresh tenant partition.
 */
abstract class ConnectionRepositoryContract {
    protected abstract DynamoDbClient client();

    ConnectionRepository repo;
    String scope;

    @BeforeEach
    void setUp() {
        DynamoDbClient client = client();
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        repo = new DynamoConnectionRepository(enhanced, client, TestStorage.tableNames(), new JsonAttributes(TestStorage.JSON));
        scope = "ws_test#tenant-" + Ids.randomToken(6);
    }

    static Connection connection(String key, String integrationId) {
        Instant now = Instant.now();
        return new Connection.Builder().id(Ids.newId("conn")).key(key).name("Conn " + key).workspaceId("ws_test")
            .tenantKey("t").integrationId(integrationId).integrationKey("int-" + integrationId).connectorKey("github")
            .state(ConnectionState.READY).createdAt(now).updatedAt(now).version(1).credentialsVersion(1).build();
    }

    @Test
    void createThenFindByIdAndKey() {
        Connection c = connection("gh-alice", "int_1");
        repo.create(scope, c);
        assertEquals(c.key(), repo.findById(scope, c.id()).orElseThrow().key());
        assertEquals(c.id(), repo.findByKey(scope, "gh-alice").orElseThrow().id());
        assertTrue(repo.findByKey("ws_test#someone-else", "gh-alice").isEmpty(), "another tenant's partition sees nothing");
    }

    @Test
    void keysAreUniquePerTenant() {
        repo.create(scope, connection("dup", "int_1"));
        ApiException e = assertThrows(ApiException.class, () -> repo.create(scope, connection("dup", "int_1")));
        assertEquals(ErrorCode.ALREADY_EXISTS, e.code());
        repo.create("ws_test#other", connection("dup", "int_1"));
    }

    @Test
    void pagesHaveNoDuplicatesOrGaps() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 53; i++) {
            Connection c = connection("k" + i, i % 2 == 0 ? "int_even" : "int_odd");
            repo.create(scope, c);
            created.add(c.id());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Connection> page = repo.list(scope, null, null, false, PageRequest.of("7", cursor));
            assertTrue(page.items().size() <= 7);
            page.items().forEach(c -> seen.add(c.id()));
            cursor = page.cursor();
        } while (cursor != null);
        assertEquals(53, seen.size());
        assertEquals(created, new HashSet<>(seen));

        List<String> even = new ArrayList<>();
        cursor = null;
        do {
            Page<Connection> page = repo.list(scope, "int_even", null, false, PageRequest.of("5", cursor));
            page.items().forEach(c -> even.add(c.integrationId()));
            cursor = page.cursor();
        } while (cursor != null);
        assertEquals(27, even.size());
        assertTrue(even.stream().allMatch("int_even"::equals));
    }

    @Test
    void archivedConnectionsAreHiddenFromLists() {
        Connection a = connection("a", "int_1");
        repo.create(scope, a);
        Connection archived = a.toBuilder().archivedAt(Instant.now()).version(2).build();
        repo.update(scope, a, archived);
        assertEquals(0, repo.list(scope, null, null, false, PageRequest.of(null, null)).items().size());
        assertEquals(1, repo.list(scope, null, null, true, PageRequest.of(null, null)).items().size());
    }

    @Test
    void searchMatchesNameOrKeyIgnoringCase() {
        repo.create(scope, connection("github-alice", "int_1"));
        repo.create(scope, connection("slack-bob", "int_2"));
        Page<Connection> page = repo.list(scope, null, "GitHub", false, PageRequest.of(null, null));
        assertEquals(List.of("github-alice"), page.items().stream().map(Connection::key).toList());
    }

    @Test
    void staleUpdateIsRefusedAndKeyMovesAtomically() {
        Connection c = connection("old-key", "int_1");
        repo.create(scope, c);
        Connection renamed = c.toBuilder().key("new-key").version(2).build();
        repo.update(scope, c, renamed);
        assertTrue(repo.findByKey(scope, "old-key").isEmpty());
        assertEquals(c.id(), repo.findByKey(scope, "new-key").orElseThrow().id());
        ApiException stale = assertThrows(ApiException.class, () -> repo.update(scope, c, c.toBuilder().name("x").version(2).build()));
        assertEquals(ErrorCode.IDEMPOTENCY_IN_PROGRESS, stale.code());
        Connection other = connection("taken", "int_1");
        repo.create(scope, other);
        ApiException taken = assertThrows(ApiException.class, () -> repo.update(scope, renamed, renamed.toBuilder().key("taken").version(3).build()));
        assertEquals(ErrorCode.ALREADY_EXISTS, taken.code());
        assertEquals("new-key", repo.findById(scope, c.id()).orElseThrow().key(), "a refused update changes nothing");
    }

    @Test
    void exactlyOneConcurrentCallerGetsTheRefreshLease() throws Exception {
        Connection c = connection("lease", "int_1");
        repo.create(scope, c);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return repo.acquireRefreshLease(scope, c.id(), 1, Instant.now().plusSeconds(10));
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
        Connection refreshed = c.toBuilder().credentialsVersion(2).updatedAt(Instant.now()).build();
        assertTrue(repo.storeRefreshed(scope, refreshed, 1));
        assertFalse(repo.storeRefreshed(scope, refreshed, 1), "a second store with the old version is refused");
        Connection stored = repo.findById(scope, c.id()).orElseThrow();
        assertEquals(2, stored.credentialsVersion());
        assertNull(stored.refreshLeaseUntil(), "storing releases the lease");
        assertEquals(2, stored.version());
    }

    @Test
    void tamperedCursorIsRefused() {
        ApiException e = assertThrows(ApiException.class, () -> repo.list(scope, null, null, false, PageRequest.of("5", "!!not-a-cursor")));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    }
}
