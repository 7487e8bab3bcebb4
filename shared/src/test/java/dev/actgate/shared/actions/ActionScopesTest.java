package dev.actgate.shared.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.auth.Caller;
import dev.actgate.shared.connections.Connection;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.json.TypedBodies;
import dev.actgate.shared.integrations.Integration;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scope rules with in-memory look-ups: no storage, only the decisions. */
class ActionScopesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Caller MANAGER = new Caller("ws_1", "acme", null, true);
    static final Caller TENANT = new Caller("ws_1", "acme", "alice", false);

    static final Integration CRM = integration("int_crm", "crm", "hubspot", null);
    static final Integration MAIL = integration("int_mail", "mail", "gmail", null);
    static final Integration OLD = integration("int_old", "old", "slack", Instant.EPOCH);
    static final Connection ALICE_CRM = new Connection.Builder().id("conn_1").key("alice-crm").workspaceId("ws_1")
        .tenantKey("alice").integrationId("int_crm").integrationKey("crm").connectorKey("hubspot").build();

    /** What the look-ups were asked, so a test can see that a rule stopped before asking. */
    final List<String> asked = new ArrayList<>();

    final ActionScopes.Lookups lookups = new ActionScopes.Lookups() {
        final Map<String, Integration> byKeyOrId = Map.of("crm", CRM, "int_crm", CRM, "mail", MAIL, "int_mail", MAIL,
            "hubspot", CRM, "old", OLD, "slack", OLD);

        @Override
        public Integration activeIntegration(Caller caller, String selector) {
            asked.add("active " + selector);
            Integration i = byKeyOrId.get(selector);
            if (i == null || i.archived()) {
                throw new ApiException(ErrorCode.INTEGRATION_NOT_FOUND, "no " + selector);
            }
            return i;
        }

        @Override
        public Optional<Integration> integration(String workspaceId, String selector) {
            asked.add("find " + selector);
            return Optional.ofNullable(byKeyOrId.get(selector));
        }

        @Override
        public Connection connection(Caller caller, String id, String key) {
            asked.add("connection " + id + " " + key);
            if ("alice-crm".equals(key) || "conn_1".equals(id)) {
                return ALICE_CRM;
            }
            throw new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "no connection");
        }
    };

    static Integration integration(String id, String key, String connector, Instant archivedAt) {
        return new Integration.Builder().id(id).key(key).name(key).workspaceId("ws_1").connectorKey(connector)
            .archivedAt(archivedAt).version(1).build();
    }

    static ActionRequest body(String json) {
        return TypedBodies.bind(json, ActionRequest.class);
    }

    ActionScopes.Scope scope(Caller caller, String json, String path) throws Exception {
        return ActionScopes.scope(caller, body(json), path, lookups);
    }

    static SavedAction saved(ActionScopes.Scope s) {
        ActionContent c = new ActionContent("k", "k", null, ActionDefinition.API_REQUEST, JSON.createObjectNode(), null, null, false);
        return new SavedAction("act_1", "ws_1", s.layer(), s.tenantKey(), s.integrationId(), s.integrationKey(), s.connectorKey(),
            s.connectionId(), s.connectionKey(), c, 1, Instant.EPOCH, Instant.EPOCH, null, 1);
    }

    @Test
    void aBodyWithoutScopeFieldsIsUniversal() throws Exception {
        ActionScopes.Scope s = scope(MANAGER, "{\"key\":\"k\"}", null);
        assertEquals(SavedAction.UNIVERSAL, s.layer());
        assertEquals(List.of(), asked);
    }

    @Test
    void theIntegrationComesFromThePathTheKeyOrTheExternalApp() throws Exception {
        assertEquals("int_crm", scope(MANAGER, "{}", "crm").integrationId());
        assertEquals("int_crm", scope(MANAGER, "{\"integrationKey\":\"crm\"}", null).integrationId());
        ActionScopes.Scope byApp = scope(MANAGER, "{\"externalAppId\":\"hubspot\"}", null);
        assertEquals(SavedAction.INTEGRATION, byApp.layer());
        assertEquals("hubspot", byApp.connectorKey());
    }

    @Test
    void conflictingNamesAreRefusedWithTheReason() {
        assertTrue(assertThrows(ApiException.class, () -> scope(MANAGER, "{\"integrationKey\":\"mail\"}", "crm"))
            .getMessage().contains("another integration than the path"));
        assertTrue(assertThrows(ApiException.class, () -> scope(MANAGER, "{\"integrationId\":\"int_crm\",\"integrationKey\":\"mail\"}", null))
            .getMessage().contains("another integration than integrationId"));
        assertTrue(assertThrows(ApiException.class, () -> scope(MANAGER, "{\"externalAppId\":\"a\",\"connectorKey\":\"b\"}", null))
            .getMessage().contains("different connectors"));
        assertTrue(assertThrows(ApiException.class, () -> scope(MANAGER, "{\"integrationKey\":\"crm\",\"connectorKey\":\"gmail\"}", null))
            .getMessage().contains("is not an integration of external app 'gmail'"));
        assertTrue(assertThrows(ApiException.class, () -> scope(TENANT, "{\"integrationKey\":\"mail\",\"connectionKey\":\"alice-crm\"}", null))
            .getMessage().contains("is not a connection of integration 'mail'"));
    }

    @Test
    void anExternalAppNeedsAnIntegrationThatIsNotArchived() {
        ApiException none = assertThrows(ApiException.class, () -> scope(MANAGER, "{\"externalAppId\":\"notion\"}", null));
        assertEquals(ErrorCode.VALIDATION_ERROR, none.code());
        assertTrue(none.getMessage().contains("create one first"));
        assertEquals(ErrorCode.INTEGRATION_NOT_FOUND,
            assertThrows(ApiException.class, () -> scope(MANAGER, "{\"externalAppId\":\"slack\"}", null)).code());
    }

    @Test
    void aConnectionScopeBelongsToTheCallersTenant() throws Exception {
        ActionScopes.Scope s = scope(TENANT, "{\"connectionKey\":\"alice-crm\"}", null);
        assertEquals(SavedAction.CONNECTION, s.layer());
        assertEquals("alice", s.tenantKey());
        assertEquals("conn_1", s.connectionId());
        assertEquals("int_crm", s.integrationId());
    }

    @Test
    void tenantKeyOnlyFitsAConnectionLevelAction() throws Exception {
        ActionScopes.requireTenantKeyFits(body("{\"tenantKey\":\"alice\"}"), scope(TENANT, "{\"connectionKey\":\"alice-crm\"}", null));
        ActionScopes.Scope universal = scope(MANAGER, "{}", null);
        assertThrows(ApiException.class, () -> ActionScopes.requireTenantKeyFits(body("{\"tenantKey\":\"alice\"}"), universal));
        ActionScopes.requireTenantKeyFits(body("{}"), universal);
    }

    @Test
    void actingAsAnotherTenantNeedsAManagerWithoutATenant() {
        assertSame(TENANT, ActionScopes.actingAs(TENANT, null));
        assertSame(TENANT, ActionScopes.actingAs(TENANT, "alice"));
        assertEquals(ErrorCode.FORBIDDEN, assertThrows(ApiException.class, () -> ActionScopes.actingAs(TENANT, "bob")).code());
        Caller asBob = ActionScopes.actingAs(MANAGER, "bob");
        assertEquals("bob", asBob.tenantKey());
        assertTrue(asBob.manager());
        Caller managerOfAlice = new Caller("ws_1", "acme", "alice", true);
        assertEquals(ErrorCode.VALIDATION_ERROR, assertThrows(ApiException.class, () -> ActionScopes.actingAs(managerOfAlice, "bob")).code());
        assertEquals(ErrorCode.VALIDATION_ERROR, assertThrows(ApiException.class, () -> ActionScopes.actingAs(MANAGER, "x".repeat(257))).code());
    }

    @Test
    void aChangeMayRepeatTheScopeButNeverMoveTheAction() throws Exception {
        SavedAction onCrm = saved(scope(MANAGER, "{\"integrationKey\":\"crm\"}", null));
        asked.clear();
        ActionScopes.requireSameScope(MANAGER, body("{\"name\":\"n\",\"tenantKey\":\"x\"}"), onCrm, lookups);
        assertEquals(List.of(), asked, "no scope field named: nothing to look up");
        ActionScopes.requireSameScope(MANAGER, body("{\"integrationKey\":\"crm\"}"), onCrm, lookups);
        ApiException moved = assertThrows(ApiException.class,
            () -> ActionScopes.requireSameScope(MANAGER, body("{\"integrationKey\":\"mail\"}"), onCrm, lookups));
        assertTrue(moved.getMessage().contains("cannot move to another level or owner (it is integration 'crm')"), moved.getMessage());
        ApiException unknown = assertThrows(ApiException.class,
            () -> ActionScopes.requireSameScope(MANAGER, body("{\"integrationKey\":\"nope\"}"), onCrm, lookups));
        assertEquals(ErrorCode.VALIDATION_ERROR, unknown.code());
        assertTrue(unknown.getMessage().startsWith("An action cannot move to another level or owner (no nope)"), unknown.getMessage());
    }
}
