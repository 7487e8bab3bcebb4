package dev.actgate.act;

import dev.actgate.shared.testing.TemplateContract;
import org.junit.jupiter.api.Test;

/** template.yaml's routes for this function are exactly the routes its controllers serve. */
class ActRouteTemplateTest {
    @Test
    void routesMatchTemplate() throws Exception {
        TemplateContract.assertRoutesMatch("functions/act");
    }
}
