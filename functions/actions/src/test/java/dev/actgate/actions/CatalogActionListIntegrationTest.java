package dev.actgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.integrations.ConnectorCatalog;
import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.testing.WithFunctionHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The action catalog by app through the actions handler: readOnly/idempotent as the connector declares them (what an
 * MCP tool's hints are made of), and only the named app's connector file is read.
 */
class CatalogActionListIntegrationTest extends WithFunctionHarness {
    static String tenant;

    @BeforeAll
    static void start() {
        tenant = TestWorkspaces.tenantToken(ws, "fay");
    }

    @Test
    void anAppsCatalogActionsCarryTheirHintsAndReadOnlyThatApp() {
        ConnectorCatalog catalog = fn.context().getBean(ConnectorCatalog.class);
        int before = catalog.loadedCount();
        FunctionHarness.Response r = fn.request("GET", "/actions?externalAppId=stripe").bearer(tenant).send();
        assertEquals(200, r.status(), r.toString());
        JsonNode items = r.json().path("items");
        assertTrue(items.size() >= 5, items.toString());
        for (JsonNode i : items) {
            assertTrue(i.path("readOnly").isBoolean(), "readOnly on " + i.path("id"));
        }
        JsonNode list = fn.request("GET", "/actions/stripe-list-charges").bearer(tenant).send().json();
        assertEquals(Boolean.TRUE, list.path("readOnly").booleanValue(), list.toString());
        assertEquals(Boolean.TRUE, list.path("idempotent").booleanValue(), list.toString());
        JsonNode refund = fn.request("GET", "/actions/stripe-create-refund").bearer(tenant).send().json();
        assertEquals(Boolean.FALSE, refund.path("readOnly").booleanValue(), refund.toString());
        assertTrue(catalog.loadedCount() - before <= 1, "only stripe.json was read (" + (catalog.loadedCount() - before) + " files)");
        JsonNode ranked = fn.request("GET", "/actions?externalAppId=stripe&intent=refund%20the%20payment").bearer(tenant).send().json();
        assertEquals("stripe-create-refund", ranked.path("items").path(0).path("id").asText(), ranked.toString());
    }
}
