package dev.actgate.connections;

import dev.actgate.shared.testing.TemplateContract;
import org.junit.jupiter.api.Test;

/** template.yaml's routes for this function are exactly the routes its controllers serve. */
class ConnectionsRouteTemplateTest {
    @Test
    void routesMatchTemplate() throws Exception {
        TemplateContract.assertRoutesMatch("functions/connections");
    }
}
