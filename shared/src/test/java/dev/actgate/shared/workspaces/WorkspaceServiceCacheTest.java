package dev.actgate.shared.workspaces;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workspace cache: bounded, and random (unknown) keys cannot flush the real workspaces out of it. */
class WorkspaceServiceCacheTest {
    static Workspace workspace(String key) {
        return new Workspace("ws_" + key, key, key, List.of(new Workspace.SigningSecret("s1", "x".repeat(43), Instant.now())),
            List.of(), null, Instant.now(), 1);
    }

    @Test
    void aFloodOfUnknownKeysDoesNotEvictKnownWorkspaces() {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace("acme"));
        WorkspaceService service = new WorkspaceService(repo, 60_000);
        assertTrue(service.find("acme").isPresent());
        assertEquals(1, repo.reads("acme"));
        for (int i = 0; i < 25_000; i++) {
            assertTrue(service.find("random-" + i).isEmpty());
        }
        assertTrue(service.find("acme").isPresent());
        assertEquals(1, repo.reads("acme"), "acme stayed cached through 25,000 unknown keys");
        int[] sizes = service.cacheSizes();
        assertEquals(1, sizes[0]);
        assertTrue(sizes[1] <= WorkspaceService.MAX_UNKNOWN_KEYS, "the unknown-key cache is bounded: " + sizes[1]);
    }

    @Test
    void unknownKeysAreRememberedBrieflySoARepeatCostsNoRead() throws InterruptedException {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        WorkspaceService service = new WorkspaceService(repo, 60_000);
        service.find("typo");
        service.find("typo");
        assertEquals(1, repo.reads("typo"));
        Thread.sleep(WorkspaceService.NEGATIVE_CACHE_MILLIS + 50);
        repo.create(workspace("typo"));
        assertTrue(service.find("typo").isPresent(), "a workspace created after a miss is found within the negative TTL");
        assertEquals(2, repo.reads("typo"));
    }

    @Test
    void knownWorkspacesAreBoundedToo() {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        WorkspaceService service = new WorkspaceService(repo, 60_000);
        for (int i = 0; i < WorkspaceService.MAX_WORKSPACES + 500; i++) {
            repo.create(workspace("w" + i));
            service.find("w" + i);
        }
        assertEquals(WorkspaceService.MAX_WORKSPACES, service.cacheSizes()[0]);
    }
}
