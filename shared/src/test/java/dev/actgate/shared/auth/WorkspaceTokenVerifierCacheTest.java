package dev.actgate.shared.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.InMemoryWorkspaceRepository;
import dev.actgate.shared.workspaces.WorkspaceService;
import dev.actgate.shared.workspaces.WorkspaceSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The verifier remembers tokens it accepted (a client repeats its bearer token on every call): a remembered token
 * gives the same answer the full check would, and is checked again as soon as the workspace changes or it expires.
 */
class WorkspaceTokenVerifierCacheTest {
    private static final String SECRET_1 = "a".repeat(43);
    private static final String SECRET_2 = "b".repeat(43);

    private static Workspace workspace(long version, String... secrets) {
        List<Workspace.SigningSecret> s = new java.util.ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            s.add(new Workspace.SigningSecret("sec" + i + secrets[i].charAt(0), secrets[i], Instant.now()));
        }
        return new Workspace("ws_acme", "acme", "acme", s, List.of(), WorkspaceSettings.defaults(), Instant.now(), version);
    }

    private static String token(String secret, String tenant, long expInMillis) {
        long now = System.currentTimeMillis();
        return WorkspaceTokenVerifier.signHs256(secret, new JWTClaimsSet.Builder().claim("workspaceKey", "acme")
            .claim("tenantKey", tenant).issueTime(new Date(now)).expirationTime(new Date(now + expInMillis)).build());
    }

    @Test
    void aRememberedTokenAnswersAsTheFullCheckDid() throws Exception {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace(1, SECRET_1));
        WorkspaceTokenVerifier verifier = new WorkspaceTokenVerifier(new WorkspaceService(repo, 0));
        String t = token(SECRET_1, "alice", 600_000);
        Caller first = verifier.verify(t);
        Caller again = verifier.verify(t);
        assertEquals(first, again);
        assertEquals("alice", again.tenantKey());
        assertEquals("ws_acme", again.workspaceId());
    }

    @Test
    void aRetiredSecretStopsWorkingAlthoughItsTokenWasRemembered() throws Exception {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace(1, SECRET_1));
        WorkspaceTokenVerifier verifier = new WorkspaceTokenVerifier(new WorkspaceService(repo, 1));
        String t = token(SECRET_1, "alice", 600_000);
        verifier.verify(t);
        // Rotated twice elsewhere: SECRET_1 is gone; this verifier's workspace cache (1 ms) sees it on the next read.
        repo.update(workspace(3, SECRET_2));
        Thread.sleep(5);
        TokenRejection r = assertThrows(TokenRejection.class, () -> verifier.verify(t));
        assertEquals(WorkspaceTokenVerifier.INVALID_TOKEN, r.getMessage());
    }

    @Test
    void aRememberedTokenIsRefusedOnceExpired() throws Exception {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace(1, SECRET_1));
        WorkspaceTokenVerifier verifier = new WorkspaceTokenVerifier(new WorkspaceService(repo, 60_000));
        // exp just inside the clock skew (JWT times are whole seconds): valid now, expired two and a half seconds later.
        String t = token(SECRET_1, "alice", -WorkspaceTokenVerifier.CLOCK_SKEW_MILLIS + 1500);
        verifier.verify(t);
        Thread.sleep(2600);
        TokenRejection r = assertThrows(TokenRejection.class, () -> verifier.verify(t));
        assertEquals("Token expired", r.getMessage());
    }

    @Test
    void aTokenOfTheOlderSecretIsNotRememberedAndIsRecheckedAfterRetirement() throws Exception {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace(2, SECRET_1, SECRET_2));   // mid-rotation: SECRET_1 is the older one
        WorkspaceService service = new WorkspaceService(repo, 60_000);
        WorkspaceTokenVerifier verifier = new WorkspaceTokenVerifier(service);
        String t = token(SECRET_1, "alice", 600_000);
        verifier.verify(t);
        repo.update(workspace(3, SECRET_2));   // retired elsewhere; the 60 s workspace cache still holds version 2
        Thread.sleep(1100);                    // past the fresh-read throttle (one a second per workspace)
        assertThrows(TokenRejection.class, () -> verifier.verify(t));
    }

    @Test
    void anotherTenantsTokenIsNeverAnsweredFromTheCache() throws Exception {
        InMemoryWorkspaceRepository repo = new InMemoryWorkspaceRepository();
        repo.create(workspace(1, SECRET_1));
        WorkspaceTokenVerifier verifier = new WorkspaceTokenVerifier(new WorkspaceService(repo, 60_000));
        assertEquals("alice", verifier.verify(token(SECRET_1, "alice", 600_000)).tenantKey());
        assertEquals("bob", verifier.verify(token(SECRET_1, "bob", 600_000)).tenantKey());
        String forged = token(SECRET_2, "alice", 600_000);
        assertThrows(TokenRejection.class, () -> verifier.verify(forged));
    }
}
