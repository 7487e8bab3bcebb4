package dev.actgate.shared.apikeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.auth.TokenRejection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceRepository;
import dev.actgate.shared.workspaces.WorkspaceService;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of server credentials, against an in-memory repository (the DynamoDB one has its integration tests). */
class ApiCredentialServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final class MemoryRepository implements ServerCredentialRepository {
        final Map<String, ServerCredential> items = new ConcurrentHashMap<>();

        @Override
        public void create(ServerCredential c) {
            items.put(c.kind() + c.id(), c);
        }

        @Override
        public Optional<ServerCredential> find(String id, ServerCredential.Kind kind) {
            return Optional.ofNullable(items.get(kind + id));
        }

        @Override
        public List<ServerCredential> list(String workspaceId, ServerCredential.Kind kind) {
            List<ServerCredential> out = new ArrayList<>();
            items.values().stream().filter(c -> c.kind() == kind && c.workspaceId().equals(workspaceId)).forEach(out::add);
            return out;
        }

        @Override
        public boolean revoke(String workspaceId, String id, ServerCredential.Kind kind, Instant at) {
            ServerCredential c = items.get(kind + id);
            if (c == null || !c.workspaceId().equals(workspaceId)) {
                return false;
            }
            items.put(kind + id, c.withRevokedAt(at));
            return true;
        }

        @Override
        public void touch(ServerCredential c, Instant at) {
            items.computeIfPresent(c.kind() + c.id(), (k, v) -> v.revokedAt() == null ? v.withLastUsedAt(at) : v);
        }
    }

    final MemoryRepository repo = new MemoryRepository();
    final Workspace ws = new Workspace("ws_1", "acme", "Acme", List.of(new Workspace.SigningSecret("s", "x".repeat(40), Instant.now())),
        List.of(), null, Instant.now(), 1);
    final ApiCredentialService service = new ApiCredentialService(repo, new WorkspaceService(new WorkspaceRepository() {
        @Override
        public Optional<Workspace> findByKey(String key) {
            return key.equals("acme") ? Optional.of(ws) : Optional.empty();
        }

        @Override
        public void create(Workspace workspace) {
        }

        @Override
        public void update(Workspace workspace) {
        }
    }), new ApiCredentialSettings());
    final Caller manager = new Caller("ws_1", "acme", null, true);

    @Test
    void aKeyIsStoredOnlyAsAHashAndAuthenticatesItsWorkspace() throws Exception {
        ApiCredentialService.Issued issued = service.create(manager, ServerCredential.Kind.API_KEY, new CredentialRequest("ci", null, null));
        String key = issued.secret();
        ServerCredential stored = repo.find(issued.credential().id(), ServerCredential.Kind.API_KEY).orElseThrow();
        assertFalse(stored.toString().contains(key));
        assertNotEquals(key, stored.secretHash());
        assertEquals(64, stored.secretHash().length(), "SHA-256 hex");
        assertTrue(key.startsWith(stored.prefix()));
        ApiCredentialService.Principal p = service.authenticate(key);
        assertEquals("ws_1", p.workspaceId());
        assertEquals("acme", p.workspaceKey());
        assertTrue(repo.find(stored.id(), ServerCredential.Kind.API_KEY).orElseThrow().lastUsedAt() != null);
    }

    @Test
    void revokedExpiredAndAlteredKeysAreRefused() throws Exception {
        String key = service.create(manager, ServerCredential.Kind.API_KEY, null).secret();
        assertThrows(TokenRejection.class, () -> service.authenticate(key.substring(0, key.length() - 1) + "x"));
        assertThrows(TokenRejection.class, () -> service.authenticate(key + "x"));
        String id = service.list(manager, ServerCredential.Kind.API_KEY).get(0).id();
        service.revoke(manager, ServerCredential.Kind.API_KEY, id);
        TokenRejection r = assertThrows(TokenRejection.class, () -> service.authenticate(key));
        assertTrue(r.getMessage().contains("revoked"));

        ServerCredential expired = new ServerCredential("key_00000000000000000000000000", ServerCredential.Kind.API_KEY, "ws_1", "acme",
            null, "agk_00000000000000000000000000", ApiCredentialService.hash("agk_00000000000000000000000000_secret"), null,
            Instant.now().minusSeconds(100), Instant.now().minusSeconds(1), null, null);
        repo.create(expired);
        assertTrue(assertThrows(TokenRejection.class, () -> service.authenticate("agk_00000000000000000000000000_secret"))
            .getMessage().contains("expired"));
    }

    @Test
    void onlyManagersManageAndOnlyTheirWorkspace() {
        Caller tenant = new Caller("ws_1", "acme", "alice", false);
        assertThrows(ApiException.class, () -> service.create(tenant, ServerCredential.Kind.API_KEY, null));
        assertThrows(ApiException.class, () -> service.list(tenant, ServerCredential.Kind.API_KEY));
        String id = service.create(manager, ServerCredential.Kind.API_KEY, null).credential().id();
        assertThrows(ApiException.class, () -> service.revoke(new Caller("ws_2", "other", null, true), ServerCredential.Kind.API_KEY, id));
    }

    @Test
    void clientsGetAccessTokensThatDieWithTheClient() throws Exception {
        ApiCredentialService.Issued client = service.create(manager, ServerCredential.Kind.OAUTH_CLIENT, null);
        assertThrows(TokenRejection.class, () -> service.issueAccessToken(client.credential().id(), "wrong"));
        ApiCredentialService.AccessToken t = service.issueAccessToken(client.credential().id(), client.secret());
        assertTrue(t.expiresIn() > 3500 && t.expiresIn() <= 3600);
        assertEquals(client.credential().id(), service.authenticate(t.accessToken()).credentialId());
        service.revoke(manager, ServerCredential.Kind.OAUTH_CLIENT, client.credential().id());
        assertThrows(TokenRejection.class, () -> service.authenticate(t.accessToken()));
        assertThrows(TokenRejection.class, () -> service.issueAccessToken(client.credential().id(), client.secret()));
    }
}
