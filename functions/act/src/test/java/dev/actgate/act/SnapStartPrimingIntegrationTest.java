package dev.actgate.act;

import dev.actgate.shared.sam.SnapStartPriming;
import dev.actgate.shared.testing.FunctionHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart priming hook of the act function, run the way the runtime's beforeCheckpoint would run it: the real
 * handler answers the priming requests (401 for the unknown workspace, 404 for other functions' routes, nothing
 * written) and the JavaScript sandbox runs its trivial script.
 */
class SnapStartPrimingIntegrationTest {
    @Test
    void primingRunsRealRequestsAndTheSandbox() {
        try (FunctionHarness act = FunctionHarness.start()) {
            Map<String, Object> done = act.context().getBean(SnapStartPriming.class).prime();
            assertEquals(401, done.get("POST /act"), done.toString());
            assertEquals(404, done.get("GET /connections"), done.toString());
            assertTrue(String.valueOf(done.get("js-sandbox")).endsWith(" ms"), done.toString());
            assertTrue(String.valueOf(done.get("act-body")).endsWith(" ms"), done.toString());
            // Priming leaves the function serving: a real request afterwards is answered as before.
            assertEquals(401, act.request("POST", "/act").json(Map.of()).send().status());
        }
    }
}
