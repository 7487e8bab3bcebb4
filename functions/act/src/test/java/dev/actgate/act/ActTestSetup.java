package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sets up integrations and connections with the same services the connections function calls (the act function
 * does not serve those routes), in an application context of the act function: same DynamoDB, same key file.
 */
final class ActTestSetup {
    private ActTestSetup() {
    }

    static void integration(Workspace ws, String key, String baseUrl, Map<String, Object> auth, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("key", key);
        body.put("baseUrl", baseUrl);
        body.put("auth", auth);
        services().integrations(ws, body);
    }

    static void integrationFromConnector(Workspace ws, String connectorKey, String baseUrl) {
        services().integrations(ws, Map.of("connectorKey", connectorKey, "baseUrl", baseUrl));
    }

    /** A new workspace with the GitHub catalog integration at {@code baseUrl} and {@code tenant}'s connection {@code gh}. */
    static Workspace githubWorkspace(String baseUrl, String tenant, String accessToken) {
        Workspace ws = TestWorkspaces.create();
        integrationFromConnector(ws, "github", baseUrl);
        connection(ws, tenant, "github", "gh", Map.of("accessToken", accessToken), false);
        return ws;
    }

    static String connection(Workspace ws, String tenant, String integrationKey, String key, Map<String, String> credentials,
                             boolean tenantDefault) {
        return services().connection(ws, tenant, Map.of("integrationKey", integrationKey, "key", key, "credentials", credentials,
            "isTenantDefault", tenantDefault));
    }

    static void patchConnection(Workspace ws, String tenant, String selector, Map<String, Object> body) {
        var caller = new dev.actgate.shared.auth.Caller(ws.id(), ws.key(), tenant, false);
        services().harness.context().getBean(dev.actgate.shared.connections.ConnectionService.class)
            .patch(caller, selector, dev.actgate.shared.testing.TestStorage.JSON.convertValue(body, dev.actgate.shared.connections.ConnectionRequest.class));
    }

    static void archiveConnection(Workspace ws, String tenant, String selector) {
        var caller = new dev.actgate.shared.auth.Caller(ws.id(), ws.key(), tenant, false);
        services().harness.context().getBean(dev.actgate.shared.connections.ConnectionService.class).archive(caller, selector);
    }

    private static Services services() {
        return Services.INSTANCE;
    }

    /** Calls the shared services in an application context of the act function (same DynamoDB, same key file). */
    static final class Services {
        static final Services INSTANCE = new Services();
        private final FunctionHarness harness = FunctionHarness.start();

        void integrations(Workspace ws, Map<String, Object> body) {
            var caller = new dev.actgate.shared.auth.Caller(ws.id(), ws.key(), null, true);
            harness.context().getBean(dev.actgate.shared.integrations.IntegrationService.class)
                .create(caller, dev.actgate.shared.testing.TestStorage.JSON.convertValue(body, dev.actgate.shared.integrations.IntegrationRequest.class));
        }

        String connection(Workspace ws, String tenant, Map<String, Object> body) {
            var caller = new dev.actgate.shared.auth.Caller(ws.id(), ws.key(), tenant, false);
            return harness.context().getBean(dev.actgate.shared.connections.ConnectionService.class)
                .create(caller, dev.actgate.shared.testing.TestStorage.JSON.valueToTree(body)).id();
        }
    }

    static void assertStatus(int expected, FunctionHarness.Response r) {
        assertEquals(expected, r.status(), r.toString());
    }
}
