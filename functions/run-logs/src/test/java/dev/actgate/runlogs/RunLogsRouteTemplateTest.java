package dev.actgate.runlogs;

import dev.actgate.shared.testing.TemplateContract;
import org.junit.jupiter.api.Test;

/** template.yaml's routes for this function are exactly the routes its controllers serve. */
class RunLogsRouteTemplateTest {
    @Test
    void routesMatchTemplate() throws Exception {
        TemplateContract.assertRoutesMatch("functions/run-logs");
    }
}
