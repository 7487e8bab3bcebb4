package dev.actgate.shared.auth;

import dev.actgate.shared.apikeys.ApiCredentialService;
import dev.actgate.shared.apikeys.ServerCredential;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCallerTest {
    static final ApiCredentialService.Principal KEY = new ApiCredentialService.Principal("key_1", ServerCredential.Kind.API_KEY, "ws_1", "acme");

    @Test
    void aServerCredentialActsForTheNamedTenantAndIsNeverAManager() {
        var auth = ServerCaller.authentication(KEY);
        assertTrue(ServerCaller.isServerCredential(auth));
        Caller c = ServerCaller.actingFor(auth, "alice", "external_user_id");
        assertEquals("alice", c.tenantKey());
        assertEquals("ws_1", c.workspaceId());
        assertFalse(c.manager());
        assertThrows(ApiException.class, c::requireManager);
        Caller plain = Caller.of(auth);
        assertFalse(plain.manager());
        assertEquals(null, plain.tenantKey(), "on its own a server credential names no tenant");
        ApiException missing = assertThrows(ApiException.class, () -> ServerCaller.actingFor(auth, null, "external_user_id"));
        assertTrue(missing.getMessage().contains("external_user_id"));
    }

    @Test
    void aTenantTokenActsOnlyForItself() {
        var auth = new Caller("ws_1", "acme", "alice", false).toAuthentication();
        assertFalse(ServerCaller.isServerCredential(auth));
        assertEquals("alice", ServerCaller.actingFor(auth, null, "user_id").tenantKey());
        assertEquals("alice", ServerCaller.actingFor(auth, "alice", "user_id").tenantKey());
        assertEquals(ErrorCode.FORBIDDEN, assertThrows(ApiException.class, () -> ServerCaller.actingFor(auth, "bob", "user_id")).code());
    }

    @Test
    void aManagerTokenMayNameAnyTenant() {
        var auth = new Caller("ws_1", "acme", null, true).toAuthentication();
        Caller c = ServerCaller.actingFor(auth, "bob", "endUserId");
        assertEquals("bob", c.tenantKey());
        assertTrue(c.manager());
    }
}
