package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.testing.TestStorage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The actions table on DynamoDB Local: key claims per scope, immutable revisions, optimistic updates, tenant partitions. */
class DynamoActionRepositoryIntegrationTest {
    final DynamoActionRepository repo = new DynamoActionRepository(TestStorage.enhanced(), TestStorage.tableNames(),
        TestStorage.jsonAttributes());
    final String ws = "ws_" + Ids.randomToken(6);

    static ActionContent content(String key, String path) {
        ObjectNode config = TestStorage.JSON.createObjectNode();
        config.putObject("request").put("method", "GET").put("path", path);
        return new ActionContent(key, key, null, ActionDefinition.API_REQUEST, config, null, null, false);
    }

    SavedAction action(String layer, String tenant, String integrationId, String connectionId, ActionContent c) {
        Instant now = Instant.now();
        return new SavedAction(Ids.newId("act"), ws, layer, tenant, integrationId, integrationId == null ? null : "crm", null,
            connectionId, connectionId == null ? null : "c1", c, 1, now, now, null, 1);
    }

    @Test
    void oneKeyPerScopeAndEveryScopeOfAKeyInOneQuery() {
        repo.create(action(SavedAction.UNIVERSAL, null, null, null, content("sync", "/u")));
        repo.create(action(SavedAction.INTEGRATION, null, "int_a", null, content("sync", "/a")));
        repo.create(action(SavedAction.INTEGRATION, null, "int_b", null, content("sync", "/b")));
        repo.create(action(SavedAction.CONNECTION, "alice", "int_a", "conn_1", content("sync", "/c")));
        ApiException taken = assertThrows(ApiException.class,
            () -> repo.create(action(SavedAction.INTEGRATION, null, "int_a", null, content("sync", "/again"))));
        assertEquals("ALREADY_EXISTS", taken.code().name());
        assertEquals(3, repo.findByKey(ws, "sync").size(), "workspace partition: universal and two integrations");
        assertEquals(1, repo.findByKey(ws + "#alice", "sync").size(), "alice's partition");
        assertEquals(0, repo.findByKey(ws + "#bob", "sync").size(), "bob's partition");
        assertEquals(0, repo.findByKey(ws, "syn").size(), "a key prefix is not a key");
        assertEquals(3, repo.list(ws).size());
    }

    @Test
    void updatesAreOptimisticWriteRevisionsAndMoveTheKeyClaim() {
        SavedAction v1 = action(SavedAction.UNIVERSAL, null, null, null, content("old-key", "/1"));
        repo.create(v1);
        SavedAction v2 = v1.withContent(content("new-key", "/2"), 2, Instant.now());
        repo.update(v1, v2);
        assertEquals(List.of(), repo.findByKey(ws, "old-key"));
        assertEquals(v1.id(), repo.findByKey(ws, "new-key").get(0).id());
        ApiException stale = assertThrows(ApiException.class, () -> repo.update(v1, v1.withContent(content("old-key", "/x"), 2, Instant.now())));
        assertEquals(409, stale.code().status());
        SavedAction archived = v2.withArchivedAt(Instant.now(), Instant.now());
        repo.update(v2, archived);
        SavedAction stored = repo.findById(ws, v1.id()).orElseThrow();
        assertTrue(stored.archived());
        assertEquals(2, stored.revision());
        assertEquals("/1", repo.revision(ws, v1.id(), 1).orElseThrow().content().config().path("request").path("path").asText());
        assertEquals(List.of(1, 2), repo.revisions(ws, v1.id()).stream().map(ActionRevision::revision).toList());
        assertTrue(repo.revision(ws, v1.id(), 3).isEmpty());
        SavedAction other = action(SavedAction.UNIVERSAL, null, null, null, content("other", "/o"));
        repo.create(other);
        ApiException clash = assertThrows(ApiException.class,
            () -> repo.update(other, other.withContent(content("new-key", "/o2"), 2, Instant.now())));
        assertEquals("ALREADY_EXISTS", clash.code().name());
        assertEquals(1, repo.findById(ws, other.id()).orElseThrow().revision(), "nothing of a refused update is written");
        assertEquals(List.of(1), repo.revisions(ws, other.id()).stream().map(ActionRevision::revision).toList());
    }
}
